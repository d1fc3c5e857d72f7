/** The registration island with its Italian words only (see src/i18n/islands.ts). */
import { registration } from '../../i18n/it.ts';
import { provideTexts } from '../../i18n/islands.ts';

provideTexts('it', { registration });
export { default } from '../RegistrationIsland.tsx';
