/**
 * Which address a request comes from. Behind a reverse proxy the socket's address is the proxy's, and the
 * client's is in X-Forwarded-For; but anyone can send that header, so it is read only as far as
 * TRUST_PROXY says the proxies in front of this server are ours.
 *
 * TRUST_PROXY: unset, `false` or `0`: no proxy, the socket's address is the client's (X-Forwarded-For
 * ignored). A number N: N proxies of ours stand in front, each appending to X-Forwarded-For; the client is
 * the address N hops to the left of the socket's. `true`: every hop is trusted, the left-most address
 * is the client's (only when the proxy in front replaces, not appends to, the header).
 */
import { isIP } from 'node:net';

export type TrustProxy = { kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'all' };

export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = value?.trim().toLowerCase() ?? '';
  if (text === '' || text === 'false' || text === '0') return { kind: 'none' };
  if (text === 'true') return { kind: 'all' };
  if (/^[1-9][0-9]?$/.test(text)) return { kind: 'hops', hops: Number(text) };
  throw new Error(`Invalid environment: TRUST_PROXY must be false, true or a number of proxies (1-99), not "${value}"`);
}

/** `::ffff:192.0.2.1` (an IPv4 client of a dual-stack socket) is `192.0.2.1`. */
function normalise(address: string): string {
  const trimmed = address.trim().replace(/^\[(.*)\]$/, '$1');
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(trimmed) ? trimmed.slice(7) : trimmed;
}

export function clientAddress(socketAddress: string | undefined, forwardedFor: string | undefined, trust: TrustProxy): string {
  const socket = normalise(socketAddress ?? '');
  if (trust.kind === 'none' || !forwardedFor) return socket;
  const chain = [...forwardedFor.split(',').map(normalise), socket];
  const index = trust.kind === 'all' ? 0 : Math.max(0, chain.length - 1 - trust.hops);
  const candidate = chain[index]!;
  // A forged or garbled entry is not an address: the last hop we know for sure is better than nothing.
  return isIP(candidate) ? candidate : socket;
}
