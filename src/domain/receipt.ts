/**
 * What an art. 83 receipt says, as a pure model: the PDF renderer (src/server/receipts/) only lays it
 * out. The organisation issues it in its own name; the amount is the gift net of refunds at issue, in
 * figures and in words; the number is unique per organisation and year of payment. A refund after issue
 * voids the receipt under the same number: a void notice, never a renumbering.
 */
import { amountInWords } from './amount-in-words.ts';
import { formatMoney } from '../i18n/format.ts';
import type { Cents } from './money.ts';
import type { Locale } from '../i18n/locale.ts';

export interface ReceiptIssuer {
  name: string;
  legalForm: string;
  taxCode: string;
  runtsNumber: string | null;
  address: string | null;
  email: string | null;
}

export interface ReceiptFacts {
  year: number;
  sequence: number;
  issuer: ReceiptIssuer;
  donor: { name: string | null; taxCode: string };
  amountCents: Cents;
  campaignTitle: string;
  paidAt: Date;
  issuedAt: Date;
  /** The traceable payment: the provider's reference (a PaymentIntent id) or the platform's pledge id. */
  paymentReference: string;
  voidedAt: Date | null;
}

export interface ReceiptDocument {
  locale: Locale;
  title: string;
  number: string;
  issuerLines: string[];
  donorHeading: string;
  donorLines: string[];
  statement: string;
  amountFigures: string;
  amountWords: string;
  details: [label: string, value: string][];
  legal: string[];
  /** Set when a refund voided the receipt: printed above everything else. */
  voidNotice: string | null;
  footer: string;
}

const ZONE = 'Europe/Rome';

/** The tax year of a gift is the calendar year in Italy when it was paid. */
export function receiptYear(paidAt: Date): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, year: 'numeric' }).format(paidAt));
}

/** "12/2027": the sequence within the organisation's year, then the year. */
export function receiptNumber(year: number, sequence: number): string {
  return `${sequence}/${year}`;
}

const date = (value: Date, locale: Locale) =>
  new Intl.DateTimeFormat(locale === 'it' ? 'it-IT' : 'en-GB', { timeZone: ZONE, day: 'numeric', month: 'long', year: 'numeric' }).format(
    value,
  );

const WORDS = {
  it: {
    title: 'Ricevuta per erogazione liberale',
    number: 'Ricevuta n.',
    taxCode: 'Codice fiscale',
    runts: 'Iscrizione RUNTS n.',
    seat: 'Sede legale',
    email: 'E-mail',
    donorHeading: 'Donatore',
    anonymousName: '(nome non indicato)',
    statement: (issuer: string, campaign: string) =>
      `${issuer} dichiara di aver ricevuto, a titolo di erogazione liberale per le proprie attività di interesse generale e in particolare per il progetto «${campaign}», la somma di`,
    paidOn: 'Data del versamento',
    issuedOn: 'Data di emissione',
    method: 'Mezzo di pagamento',
    methodValue: 'pagamento elettronico tracciabile tramite Stripe (piattaforma Crowdfunding civico del Comune di Venezia)',
    reference: 'Riferimento del pagamento',
    legal: [
      'Erogazione liberale a favore di un ente del Terzo settore ai sensi dell’art. 83 del D.Lgs. 3 luglio 2017, n. 117 (Codice del Terzo settore). Per le persone fisiche è detraibile dall’imposta lorda nella misura del 30% (35% se a favore di organizzazioni di volontariato), per un importo complessivo in ciascun periodo d’imposta non superiore a 30.000 euro (comma 1), oppure deducibile dal reddito complessivo netto nel limite del 10% del reddito dichiarato (comma 2). Le due agevolazioni non sono cumulabili.',
      'Il versamento è stato effettuato con un sistema di pagamento tracciabile, come richiesto dall’art. 83, comma 1, del D.Lgs. 117/2017.',
      'L’ente dichiara di non aver ceduto beni né prestato servizi in cambio dell’erogazione. Ricevuta esente da imposta di bollo ai sensi dell’art. 82, comma 5, del D.Lgs. 117/2017.',
    ],
    void: (when: string) =>
      `RICEVUTA ANNULLATA il ${when}: l’erogazione è stata rimborsata, in tutto o in parte, dopo l’emissione. Questa ricevuta non è valida ai fini fiscali; il numero resta assegnato e non viene riutilizzato.`,
    footer: 'Documento emesso dall’ente beneficiario tramite la piattaforma Crowdfunding civico del Comune di Venezia.',
  },
  en: {
    title: 'Receipt for a charitable donation',
    number: 'Receipt no.',
    taxCode: 'Tax code',
    runts: 'RUNTS registration no.',
    seat: 'Registered office',
    email: 'E-mail',
    donorHeading: 'Donor',
    anonymousName: '(name not given)',
    statement: (issuer: string, campaign: string) =>
      `${issuer} declares that it has received, as a charitable donation for its activities of general interest and in particular for the project “${campaign}”, the sum of`,
    paidOn: 'Date of payment',
    issuedOn: 'Date of issue',
    method: 'Means of payment',
    methodValue: 'traceable electronic payment through Stripe (civic crowdfunding platform of the City of Venice)',
    reference: 'Payment reference',
    legal: [
      'Donation to a third-sector organisation under art. 83 of Legislative Decree 117 of 3 July 2017 (Italian Third Sector Code). For individuals it gives a tax credit of 30% (35% for voluntary organisations, ODV) of the amount, up to 30,000 euros in each tax year (paragraph 1), or it may be deducted from net taxable income up to 10% of the income declared (paragraph 2). The two reliefs cannot be combined.',
      'The payment was made by a traceable means of payment, as art. 83(1) of Legislative Decree 117/2017 requires.',
      'The organisation declares that it gave no goods or services in return for the donation. Exempt from stamp duty under art. 82(5) of Legislative Decree 117/2017.',
    ],
    void: (when: string) =>
      `RECEIPT VOID since ${when}: the donation was refunded, in full or in part, after this receipt was issued. It is not valid for tax purposes; its number stays assigned and is never reused.`,
    footer:
      'Issued by the receiving organisation through the civic crowdfunding platform of the City of Venice. The Italian version is the authoritative one.',
  },
} as const;

export function receiptDocument(facts: ReceiptFacts, locale: Locale): ReceiptDocument {
  const w = WORDS[locale];
  const { issuer } = facts;
  const issuerLines = [
    `${issuer.name} (${issuer.legalForm})`,
    `${w.taxCode}: ${issuer.taxCode}`,
    ...(issuer.runtsNumber ? [`${w.runts} ${issuer.runtsNumber}`] : []),
    ...(issuer.address ? [`${w.seat}: ${issuer.address}`] : []),
    ...(issuer.email ? [`${w.email}: ${issuer.email}`] : []),
  ];
  return {
    locale,
    title: w.title,
    number: `${w.number} ${receiptNumber(facts.year, facts.sequence)}`,
    issuerLines,
    donorHeading: w.donorHeading,
    donorLines: [facts.donor.name ?? w.anonymousName, `${w.taxCode}: ${facts.donor.taxCode}`],
    statement: w.statement(issuer.name, facts.campaignTitle),
    amountFigures: formatMoney(facts.amountCents, locale),
    amountWords: amountInWords(facts.amountCents, locale),
    details: [
      [w.paidOn, date(facts.paidAt, locale)],
      [w.method, w.methodValue],
      [w.reference, facts.paymentReference],
      [w.issuedOn, date(facts.issuedAt, locale)],
    ],
    legal: [...w.legal],
    voidNotice: facts.voidedAt ? w.void(date(facts.voidedAt, locale)) : null,
    footer: w.footer,
  };
}
