/**
 * Lays out a receipt (src/domain/receipt.ts) as a one-page A4 PDF with pdfkit's standard Helvetica, whose
 * WinAnsi encoding covers Italian letters and the euro sign; the text stays selectable and searchable.
 */
import PDFDocument from 'pdfkit';
import type { ReceiptDocument } from '../../domain/receipt.ts';

const MARGIN = 56;

export function renderReceiptPdf(doc: ReceiptDocument): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const pdf = new PDFDocument({
      size: 'A4',
      margin: MARGIN,
      lang: doc.locale === 'it' ? 'it-IT' : 'en-GB',
      info: { Title: `${doc.title} ${doc.number}`, Author: doc.issuerLines[0] ?? '', Subject: doc.title },
      // Same bytes for the same receipt: no random document id beyond what pdfkit derives.
      compress: true,
    });
    const chunks: Buffer[] = [];
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    pdf.on('error', reject);
    const width = pdf.page.width - MARGIN * 2;

    if (doc.voidNotice) {
      pdf.font('Helvetica-Bold').fontSize(12).fillColor('#b00020').text(doc.voidNotice, { width });
      pdf.moveDown().fillColor('black');
    }
    pdf
      .font('Helvetica-Bold')
      .fontSize(12)
      .text(doc.issuerLines[0] ?? '', { width });
    pdf.font('Helvetica').fontSize(10);
    for (const line of doc.issuerLines.slice(1)) pdf.text(line, { width });
    pdf.moveDown(1.5);
    pdf.font('Helvetica-Bold').fontSize(16).text(doc.title, { width });
    pdf.font('Helvetica').fontSize(12).text(doc.number, { width });
    pdf.moveDown();
    pdf.font('Helvetica-Bold').fontSize(10).text(doc.donorHeading, { width });
    pdf.font('Helvetica').fontSize(11);
    for (const line of doc.donorLines) pdf.text(line, { width });
    pdf.moveDown();
    pdf.fontSize(11).text(doc.statement, { width, align: 'justify' });
    pdf.moveDown(0.5);
    pdf.font('Helvetica-Bold').fontSize(14).text(`${doc.amountFigures}  (${doc.amountWords})`, { width });
    pdf.moveDown();
    pdf.font('Helvetica').fontSize(10);
    for (const [label, value] of doc.details) {
      pdf.font('Helvetica-Bold').text(`${label}: `, { width, continued: true }).font('Helvetica').text(value);
    }
    pdf.moveDown();
    pdf.fontSize(9);
    for (const paragraph of doc.legal) {
      pdf.text(paragraph, { width, align: 'justify' });
      pdf.moveDown(0.5);
    }
    pdf.moveDown();
    pdf.fontSize(8).fillColor('#444444').text(doc.footer, { width });
    pdf.end();
  });
}
