import { describe, expect, it } from 'vitest';
import { receiptDocument, receiptNumber, receiptYear, type ReceiptFacts } from '../../src/domain/receipt.ts';

const facts: ReceiptFacts = {
  year: 2027,
  sequence: 12,
  issuer: {
    name: 'Ponti di Quartiere APS',
    legalForm: 'APS',
    taxCode: '12345678903',
    runtsNumber: '0000-ESEMPIO',
    address: 'Via di Esempio 1, Venezia',
    email: 'info@example.org',
  },
  donor: { name: 'Ada Lovelace', taxCode: 'RSSMRA85T10A562S' },
  amountCents: 12_050,
  campaignTitle: 'Orti condivisi',
  paidAt: new Date('2027-01-15T10:00:00Z'),
  issuedAt: new Date('2027-01-16T10:00:00Z'),
  paymentReference: 'pi_123',
  voidedAt: null,
};

describe('the receipt model', () => {
  it.each([
    { when: '2026-12-31T22:59:59Z', year: 2026, why: 'still the 31st in Italy' },
    { when: '2026-12-31T23:00:00Z', year: 2027, why: 'midnight in Italy, 23:00 UTC in winter' },
    { when: '2027-07-01T12:00:00Z', year: 2027, why: 'mid-year' },
  ])('a gift paid at $when belongs to $year ($why)', ({ when, year }) => expect(receiptYear(new Date(when))).toBe(year));

  it('numbers receipts as sequence/year', () => expect(receiptNumber(2027, 12)).toBe('12/2027'));

  it.each([
    {
      locale: 'it' as const,
      expected: {
        title: 'Ricevuta per erogazione liberale',
        number: 'Ricevuta n. 12/2027',
        amountWords: 'euro centoventi/50',
        law: /art\. 83 del D\.Lgs\. 3 luglio 2017, n\. 117/,
        paid: '15 gennaio 2027',
      },
    },
    {
      locale: 'en' as const,
      expected: {
        title: 'Receipt for a charitable donation',
        number: 'Receipt no. 12/2027',
        amountWords: 'one hundred and twenty euros and 50 cents',
        law: /art\. 83 of Legislative Decree 117 of 3 July 2017/,
        paid: '15 January 2027',
      },
    },
  ])('in $locale it names the organisation, the donor, the amount in figures and words, the law', ({ locale, expected }) => {
    const doc = receiptDocument(facts, locale);
    expect(doc.title).toBe(expected.title);
    expect(doc.number).toBe(expected.number);
    expect(doc.issuerLines.join('\n')).toContain('12345678903');
    expect(doc.issuerLines.join('\n')).toContain('0000-ESEMPIO');
    expect(doc.donorLines).toEqual(['Ada Lovelace', expect.stringContaining('RSSMRA85T10A562S')]);
    expect(doc.amountFigures).toMatch(/120[,.]50/);
    expect(doc.amountWords).toBe(expected.amountWords);
    expect(doc.legal.join(' ')).toMatch(expected.law);
    expect(doc.details.map(([, value]) => value)).toContain(expected.paid);
    expect(doc.details.map(([, value]) => value)).toContain('pi_123');
    expect(doc.voidNotice).toBeNull();
  });

  it('leaves out what the organisation has not given, and names an anonymous donor neutrally', () => {
    const doc = receiptDocument(
      {
        ...facts,
        issuer: { ...facts.issuer, runtsNumber: null, address: null, email: null },
        donor: { name: null, taxCode: 'RSSMRA85T10A562S' },
      },
      'it',
    );
    expect(doc.issuerLines).toEqual(['Ponti di Quartiere APS (APS)', 'Codice fiscale: 12345678903']);
    expect(doc.donorLines[0]).toBe('(nome non indicato)');
  });

  it('a voided receipt keeps its number and says from when it is void', () => {
    const doc = receiptDocument({ ...facts, voidedAt: new Date('2027-02-01T09:00:00Z') }, 'it');
    expect(doc.number).toBe('Ricevuta n. 12/2027');
    expect(doc.voidNotice).toMatch(/^RICEVUTA ANNULLATA il 1 febbraio 2027/);
  });
});
