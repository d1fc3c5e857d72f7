/** The progress island with its English words only (see src/i18n/islands.ts). */
import { progress } from '../../i18n/en.ts';
import { provideTexts } from '../../i18n/islands.ts';

provideTexts('en', { progress });
export { default } from '../ProgressIsland.tsx';
