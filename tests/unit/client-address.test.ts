import { describe, expect, it } from 'vitest';
import { clientAddress, parseTrustProxy } from '../../src/server/http/client-address.ts';

describe('parseTrustProxy', () => {
  it.each([
    { value: undefined, trust: { kind: 'none' } },
    { value: '', trust: { kind: 'none' } },
    { value: 'false', trust: { kind: 'none' } },
    { value: '0', trust: { kind: 'none' } },
    { value: '1', trust: { kind: 'hops', hops: 1 } },
    { value: ' 2 ', trust: { kind: 'hops', hops: 2 } },
    { value: 'TRUE', trust: { kind: 'all' } },
  ])('$value -> $trust', ({ value, trust }) => {
    expect(parseTrustProxy(value)).toEqual(trust);
  });

  it.each(['yes', '-1', '1.5', '100', '10.0.0.0/8'])('refuses %s', (value) => {
    expect(() => parseTrustProxy(value)).toThrow(/TRUST_PROXY/);
  });
});

describe('clientAddress', () => {
  it.each([
    { case: 'no proxy trusted: the header is ignored', socket: '203.0.113.5', xff: '198.51.100.1', trust: 'false', ip: '203.0.113.5' },
    { case: 'no header', socket: '127.0.0.1', xff: undefined, trust: '1', ip: '127.0.0.1' },
    { case: 'one proxy: the address it saw', socket: '127.0.0.1', xff: '198.51.100.1', trust: '1', ip: '198.51.100.1' },
    {
      case: 'one proxy, a forged entry before it is skipped',
      socket: '127.0.0.1',
      xff: '6.6.6.6, 198.51.100.1',
      trust: '1',
      ip: '198.51.100.1',
    },
    { case: 'two proxies (CDN + nginx)', socket: '127.0.0.1', xff: '6.6.6.6, 198.51.100.1, 192.0.2.10', trust: '2', ip: '198.51.100.1' },
    { case: 'more hops trusted than present: the left-most', socket: '127.0.0.1', xff: '198.51.100.1', trust: '5', ip: '198.51.100.1' },
    { case: 'true: the left-most', socket: '127.0.0.1', xff: '198.51.100.1, 192.0.2.10', trust: 'true', ip: '198.51.100.1' },
    { case: 'IPv4 seen by a dual-stack socket', socket: '::ffff:203.0.113.5', xff: undefined, trust: 'false', ip: '203.0.113.5' },
    { case: 'IPv6 in the header', socket: '::1', xff: '2001:db8::1', trust: '1', ip: '2001:db8::1' },
    { case: 'garbage in the trusted slot: the socket', socket: '127.0.0.1', xff: 'not-an-address', trust: '1', ip: '127.0.0.1' },
  ])('$case', ({ socket, xff, trust, ip }) => {
    expect(clientAddress(socket, xff, parseTrustProxy(trust))).toBe(ip);
  });
});
