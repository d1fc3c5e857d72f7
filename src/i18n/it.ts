/**
 * The Italian dictionary (the site's language): every word of the interface. One module per part of
 * the site, so an island bundles only the parts it shows; each English part in en/ is typed against
 * its Italian twin, and src/i18n/index.ts checks that English has every part: a missing key or part
 * fails `npm run check`.
 */
export { site } from './it/site.ts';
export { donate } from './it/donate.ts';
export { errors } from './it/errors.ts';
export { progress } from './it/progress.ts';
export { result } from './it/result.ts';
export { embed } from './it/embed.ts';
export { registration } from './it/registration.ts';
