/** The embed-code island with its Italian words only (see src/i18n/islands.ts). */
import { embed } from '../../i18n/it.ts';
import { provideTexts } from '../../i18n/islands.ts';

provideTexts('it', { embed });
export { default } from '../EmbedCodeIsland.tsx';
