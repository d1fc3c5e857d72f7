/** Unit tests call the islands' models in both languages: provide both, as each island's entry would. */
import * as en from '../../src/i18n/en.ts';
import * as it from '../../src/i18n/it.ts';
import { provideTexts } from '../../src/i18n/islands.ts';

provideTexts('it', it);
provideTexts('en', en);
