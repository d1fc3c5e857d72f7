/**
 * Request bodies, capped and checked where the functions read them, so the same limits hold on Netlify as
 * in the local server (which also refuses a long body before any function runs).
 */
import { DomainError } from '../../domain/errors.ts';

/** Every API body is small JSON; a Stripe event is a few KB. */
export const BODY_LIMIT_BYTES = 64 * 1024;

/** The body as text, counting bytes as they arrive: Content-Length may be absent or lie. */
export async function readBodyText(request: Request, limit = BODY_LIMIT_BYTES): Promise<string> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

const tooLarge = (limit: number) => new DomainError('payload_too_large', `The request body is over ${limit / 1024} KB.`);

/**
 * What a cross-site page could otherwise do to an endpoint that creates something: a plain HTML form (or a
 * no-CORS fetch) can post `text/plain` or a form encoding to any site, and the browser sends it with the
 * visitor's cookies and address. Only `application/json` is accepted (a cross-site page cannot send that
 * without a CORS preflight, which we never grant), and a browser's `Origin`, when present, must be ours.
 * The embeds post from our own origin inside their iframe, so they pass.
 */
export function requireJsonFromOurOrigin(request: Request, siteUrl: string | undefined): void {
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') throw new DomainError('unsupported_media_type', 'The request body must be sent as application/json.');
  const origin = request.headers.get('origin');
  if (origin === null) return;
  const ours = [new URL(request.url).origin, ...(siteUrl ? [new URL(siteUrl).origin] : [])];
  if (!ours.includes(origin)) throw new DomainError('origin_not_allowed', 'This request must come from the site’s own pages.');
}
