/** What the console's HTML answers share: cookies, forms, the Origin check and security headers. */
import { timingSafeEqual, createHash } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';

/**
 * `__Host-` binds the cookie to this exact host over HTTPS with Path=/ (browsers treat http://localhost
 * as secure, so it works under `npm start` too). Lax: a link from an e-mail opens the console signed in,
 * a cross-site POST carries no cookie.
 */
export const SESSION_COOKIE = '__Host-civic-staff';
const SESSION_MAX_AGE = 8 * 60 * 60;

export function readCookie(request: Request, name: string): string | null {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=') || null;
  }
  return null;
}

export const sessionCookie = (token: string) =>
  `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=${SESSION_MAX_AGE}`;
export const clearedSessionCookie = () => `${SESSION_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=0`;

/**
 * Console pages load nothing but our stylesheet and fonts, run no script, are never framed or cached,
 * and tell no other site where they were. `same-origin`, not `no-referrer`: under `no-referrer` browsers
 * send `Origin: null` with a form, and the Origin check could no longer tell our forms from others.
 */
export const CONSOLE_HEADERS: Record<string, string> = {
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'x-robots-tag': 'noindex, nofollow',
};

export function htmlResponse(status: number, html: string, headers: Record<string, string> = {}, cookies: string[] = []): Response {
  const answer = new Response(html, { status, headers: { 'content-type': 'text/html; charset=utf-8', ...CONSOLE_HEADERS, ...headers } });
  for (const cookie of cookies) answer.headers.append('set-cookie', cookie);
  return answer;
}

export function redirect(location: string, cookies: string[] = []): Response {
  const answer = new Response(null, { status: 303, headers: { location, ...CONSOLE_HEADERS } });
  for (const cookie of cookies) answer.headers.append('set-cookie', cookie);
  return answer;
}

const FORM_LIMIT_BYTES = 16 * 1024;

/** An urlencoded form of at most 16 KB; anything else is refused before it is read in full. */
export async function readForm(request: Request): Promise<URLSearchParams> {
  const type = request.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    throw new DomainError('invalid_body', 'Send the form as application/x-www-form-urlencoded.');
  }
  if (Number(request.headers.get('content-length') ?? 0) > FORM_LIMIT_BYTES)
    throw new DomainError('invalid_body', 'The form is too large.');
  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > FORM_LIMIT_BYTES) {
      await reader.cancel();
      throw new DomainError('invalid_body', 'The form is too large.');
    }
    chunks.push(value);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * A form may be posted only from our own pages: the browser's Origin must be this site's. Requests
 * without Origin are refused too; every browser sends it on a POST.
 */
export function sameOrigin(request: Request, allowed: readonly string[]): boolean {
  const origin = request.headers.get('origin');
  if (!origin || origin === 'null') return false;
  return [new URL(request.url).origin, ...allowed].includes(origin);
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export function tokensMatch(presented: string | null, expected: string): boolean {
  return presented !== null && timingSafeEqual(digest(presented), digest(expected));
}
