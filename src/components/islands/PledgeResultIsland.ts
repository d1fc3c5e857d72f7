/**
 * The result page of a payment is one page for both languages (`?lang=en` picks English in the
 * browser), so its island carries the words of both (see src/i18n/islands.ts).
 */
import * as en from '../../i18n/en.ts';
import * as it from '../../i18n/it.ts';
import { provideTexts } from '../../i18n/islands.ts';

provideTexts('it', { donate: it.donate, result: it.result });
provideTexts('en', { donate: en.donate, result: en.result });
export { default } from '../PledgeResultIsland.tsx';
