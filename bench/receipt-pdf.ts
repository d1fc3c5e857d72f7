/**
 * Size and rendering time of an art. 83 receipt PDF (src/server/receipts/pdf.ts), Italian and English:
 * `node bench/receipt-pdf.ts [count]`. Rendering only: issuing adds one short transaction (bench/webhooks.ts
 * gives the database's figures).
 */
import { performance } from 'node:perf_hooks';
import { receiptDocument, type ReceiptFacts } from '../src/domain/receipt.ts';
import { renderReceiptPdf } from '../src/server/receipts/pdf.ts';

const count = Number(process.argv[2] ?? 200);
const facts: ReceiptFacts = {
  year: 2027,
  sequence: 1234,
  issuer: {
    name: 'Filo Verde Società Cooperativa Sociale (esempio)',
    legalForm: 'Cooperativa sociale',
    taxCode: '11111111115',
    runtsNumber: 'ESEMPIO-0001',
    address: 'Via dell’Esempio 1, 30175 Venezia Marghera (VE)',
    email: 'filoverde@esempio.invalid',
  },
  donor: { name: 'Ada Lovelace', taxCode: 'RSSMRA85T10A562S' },
  amountCents: 12_050,
  campaignTitle: 'Orti condivisi a Marghera',
  paidAt: new Date('2027-01-15T10:00:00Z'),
  issuedAt: new Date('2027-01-16T10:00:00Z'),
  paymentReference: 'pi_3QxExampleExampleExample',
  voidedAt: null,
};

for (const locale of ['it', 'en'] as const) {
  const doc = receiptDocument(facts, locale);
  await renderReceiptPdf(doc); // warm-up: fonts and modules loaded once per process
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    bytes = (await renderReceiptPdf(doc)).byteLength;
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(2);
  console.log(
    `receipt PDF (${locale}): ${bytes} bytes (${(bytes / 1024).toFixed(1)} KiB); ${count} renders: median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`,
  );
}
