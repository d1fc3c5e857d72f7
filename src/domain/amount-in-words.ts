/**
 * Amounts in words, as a receipt writes them beside the figures so that neither can be altered alone:
 * Italian "euro centoventi/50" (the cents as a fraction, as Italian receipts and cheques do) and
 * English "one hundred and twenty euros and 50 cents".
 */
import type { Cents } from './money.ts';
import type { Locale } from '../i18n/locale.ts';

const IT_UNITS = [
  'zero',
  'uno',
  'due',
  'tre',
  'quattro',
  'cinque',
  'sei',
  'sette',
  'otto',
  'nove',
  'dieci',
  'undici',
  'dodici',
  'tredici',
  'quattordici',
  'quindici',
  'sedici',
  'diciassette',
  'diciotto',
  'diciannove',
];
const IT_TENS = ['', '', 'venti', 'trenta', 'quaranta', 'cinquanta', 'sessanta', 'settanta', 'ottanta', 'novanta'];

/** 0-999 in Italian, without the final accent of "tré" (added once the whole word is known). */
function italianBelowThousand(n: number): string {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  let words = hundreds === 0 ? '' : hundreds === 1 ? 'cento' : `${IT_UNITS[hundreds]}cento`;
  if (rest === 0) return words;
  let restWords: string;
  if (rest < 20) {
    restWords = IT_UNITS[rest]!;
  } else {
    const tens = IT_TENS[Math.floor(rest / 10)]!;
    const unit = rest % 10;
    // The tens lose their last vowel before "uno" and "otto": ventuno, trentotto.
    restWords = unit === 0 ? tens : unit === 1 || unit === 8 ? `${tens.slice(0, -1)}${IT_UNITS[unit]}` : `${tens}${IT_UNITS[unit]}`;
  }
  // "cento" loses its vowel before "ottanta" (centottanta), not before "otto" (centootto).
  if (words !== '' && rest >= 80 && rest < 90) words = words.slice(0, -1);
  return words + restWords;
}

/** A whole number in Italian words, written as one word as the Italian rule for numbers wants. */
export function italianNumber(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a whole number: ${n}`);
  if (n === 0) return 'zero';
  const parts: string[] = [];
  const billions = Math.floor(n / 1_000_000_000);
  const millions = Math.floor((n % 1_000_000_000) / 1_000_000);
  const thousands = Math.floor((n % 1_000_000) / 1000);
  const rest = n % 1000;
  if (billions > 0) parts.push(billions === 1 ? 'unmiliardo' : `${italianNumber(billions)}miliardi`);
  if (millions > 0) parts.push(millions === 1 ? 'unmilione' : `${italianBelowThousand(millions)}milioni`);
  if (thousands > 0) parts.push(thousands === 1 ? 'mille' : `${italianBelowThousand(thousands)}mila`);
  if (rest > 0) parts.push(italianBelowThousand(rest));
  // "tre" at the end of a compound takes the accent: ventitré, centotré (but "tre" alone has none).
  return parts.join('').replace(/(.)tre$/, '$1tré');
}

const EN_UNITS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const EN_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

function englishBelowHundred(n: number): string {
  if (n < 20) return EN_UNITS[n]!;
  const unit = n % 10;
  return unit === 0 ? EN_TENS[Math.floor(n / 10)]! : `${EN_TENS[Math.floor(n / 10)]}-${EN_UNITS[unit]}`;
}

function englishBelowThousand(n: number): string {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  if (hundreds === 0) return englishBelowHundred(rest);
  return rest === 0 ? `${EN_UNITS[hundreds]} hundred` : `${EN_UNITS[hundreds]} hundred and ${englishBelowHundred(rest)}`;
}

/** A whole number in British English words: 120 is "one hundred and twenty". */
export function englishNumber(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a whole number: ${n}`);
  if (n === 0) return 'zero';
  const scales: [number, string][] = [
    [1_000_000_000, 'billion'],
    [1_000_000, 'million'],
    [1000, 'thousand'],
  ];
  const parts: string[] = [];
  let rest = n;
  for (const [size, name] of scales) {
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${englishBelowThousand(count)} ${name}`);
    rest %= size;
  }
  // "one thousand and five": the last group takes "and" when it has no hundreds of its own.
  if (rest > 0) parts.push(parts.length > 0 && rest < 100 ? `and ${englishBelowHundred(rest)}` : englishBelowThousand(rest));
  return parts.join(' ');
}

/** "euro centoventi/50" or "one hundred and twenty euros and 50 cents". */
export function amountInWords(cents: Cents, locale: Locale): string {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError(`not an amount in cents: ${cents}`);
  const euros = Math.floor(cents / 100);
  const rest = cents % 100;
  if (locale === 'it') return `euro ${italianNumber(euros)}/${String(rest).padStart(2, '0')}`;
  const whole = `${englishNumber(euros)} ${euros === 1 ? 'euro' : 'euros'}`;
  return rest === 0 ? whole : `${whole} and ${rest} ${rest === 1 ? 'cent' : 'cents'}`;
}
