/** The registration island with its English words only (see src/i18n/islands.ts). */
import { registration } from '../../i18n/en.ts';
import { provideTexts } from '../../i18n/islands.ts';

provideTexts('en', { registration });
export { default } from '../RegistrationIsland.tsx';
