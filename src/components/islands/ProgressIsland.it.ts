/** The progress island with its Italian words only (see src/i18n/islands.ts). */
import { progress } from '../../i18n/it.ts';
import { provideTexts } from '../../i18n/islands.ts';

provideTexts('it', { progress });
export { default } from '../ProgressIsland.tsx';
