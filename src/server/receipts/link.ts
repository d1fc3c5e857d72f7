/**
 * The donor's receipt link: an HMAC of the pledge id under RECEIPT_SECRET, so nobody can guess another
 * donor's. Apart from the receipts service so that the thank-you e-mail can name the link without
 * depending on PDF rendering.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isPledgeId } from '../../domain/pledge.ts';
import type { Config } from '../config.ts';

const TOKEN_PURPOSE = 'art83-receipt:';

export function receiptToken(secret: string, pledgeId: string): string {
  return createHmac('sha256', secret)
    .update(TOKEN_PURPOSE + pledgeId.toLowerCase())
    .digest('base64url');
}

export function isReceiptToken(secret: string | undefined, pledgeId: string, token: string | null): boolean {
  if (!secret || !token || !isPledgeId(pledgeId)) return false;
  const expected = Buffer.from(receiptToken(secret, pledgeId));
  const presented = Buffer.from(token);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

/**
 * The address of a donor's receipt, to put in the thank-you e-mail: null when RECEIPT_SECRET is not set.
 * `baseUrl` is the site's public address (Config.siteUrl, or the request's origin).
 */
export function donorReceiptUrl(config: Pick<Config, 'receiptSecret'>, pledgeId: string, baseUrl: string): string | null {
  if (!config.receiptSecret || !isPledgeId(pledgeId)) return null;
  return `${baseUrl.replace(/\/+$/, '')}/api/receipts/${pledgeId}.pdf?token=${receiptToken(config.receiptSecret, pledgeId)}`;
}
