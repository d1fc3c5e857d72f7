/** The donate island with its Italian words only (see src/i18n/islands.ts). */
import { donate, errors, result } from '../../i18n/it.ts';
import { provideTexts } from '../../i18n/islands.ts';

provideTexts('it', { donate, errors, result });
export { default } from '../DonateIsland.tsx';
