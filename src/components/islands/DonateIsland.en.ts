/** The donate island with its English words only (see src/i18n/islands.ts). */
import { donate, errors, result } from '../../i18n/en.ts';
import { provideTexts } from '../../i18n/islands.ts';

provideTexts('en', { donate, errors, result });
export { default } from '../DonateIsland.tsx';
