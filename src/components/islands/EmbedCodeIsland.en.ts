/** The embed-code island with its English words only (see src/i18n/islands.ts). */
import { embed } from '../../i18n/en.ts';
import { provideTexts } from '../../i18n/islands.ts';

provideTexts('en', { embed });
export { default } from '../EmbedCodeIsland.tsx';
