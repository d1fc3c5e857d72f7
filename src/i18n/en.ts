/** The English dictionary: the same parts as it.ts, each typed against its Italian twin. */
export { site } from './en/site.ts';
export { donate } from './en/donate.ts';
export { errors } from './en/errors.ts';
export { progress } from './en/progress.ts';
export { result } from './en/result.ts';
export { embed } from './en/embed.ts';
export { registration } from './en/registration.ts';
