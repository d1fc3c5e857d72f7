/**
 * The local server (scripts/lib/serve.ts) with functions of its own in a temporary folder: what it adds
 * around any function: Context (ip, params), limits (body, time), JSON errors for what reaches no function,
 * nosniff, scheduled functions run under their lock. The project's real functions are covered end to end.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { serveSite, type JobLog, type RequestLog, type RunningSite } from '../../scripts/lib/serve.ts';
import { withAdvisoryLock } from '../../src/server/db/advisory-lock.ts';
import { createPool, type Db } from '../../src/server/db/pool.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';

let dir: string;
let database: TestDatabase;
let site: RunningSite;
const logs: (RequestLog | JobLog)[] = [];
const state = globalThis as unknown as { localServerJobRuns: number; localServerRelease?: () => void; localServerAborted?: boolean };

beforeAll(async () => {
  database = await freshDatabase();
  process.env['DATABASE_URL'] = database.url;
  dir = await mkdtemp(join(tmpdir(), 'civic-local-server-'));
  await mkdir(join(dir, 'functions'));
  await mkdir(join(dir, 'dist'));
  await writeFile(join(dir, 'dist', 'index.html'), '<!doctype html><title>home</title>');
  await writeFile(join(dir, 'netlify.toml'), '[[headers]]\n  for = "/*"\n  [headers.values]\n    X-Frame-Options = "DENY"\n');
  const fn = (name: string, source: string) => writeFile(join(dir, 'functions', `${name}.mjs`), source);
  await fn(
    'echo',
    `
    export default async (request, context) => new Response(JSON.stringify({ ip: context.ip, params: context.params, body: await request.text(), url: request.url }), { headers: { 'content-type': 'application/json' } });
    export const config = { path: ['/api/echo/:id', '/api/echo/:id/*'], method: ['GET', 'POST'] };`,
  );
  await fn(
    'slow',
    `
    export default () => new Promise((done) => setTimeout(() => done(new Response('late')), 2000));
    export const config = { path: '/api/slow', method: 'GET' };`,
  );
  await fn(
    'hang',
    `
    export default (request) => new Promise((done) => {
      request.signal.addEventListener('abort', () => { globalThis.localServerAborted = true; done(new Response('late')); });
      setTimeout(() => done(new Response('late')), 2000);
    });
    export const config = { path: '/api/hang', method: 'GET' };`,
  );
  await fn(
    'headers',
    `
    export default (request, context) => {
      const headers = new Headers({ 'content-type': 'application/json' });
      headers.append('set-cookie', 'a=1; Path=/');
      headers.append('set-cookie', 'b=2; Path=/');
      headers.append('vary', 'origin');
      headers.append('vary', 'accept');
      const body = JSON.stringify({
        tag: request.headers.get('x-tag'),
        cookie: request.headers.get('cookie'),
        setCookie: request.headers.getSetCookie(),
        contextUrl: context.url.href,
        requestUrl: request.url,
        requestId: context.requestId,
        geo: context.geo,
      });
      return new Response(body, { status: 201, headers });
    };
    export const config = { path: '/api/headers' };`,
  );
  await fn(
    'stream',
    `
    export default () => new Response(new ReadableStream({
      start(controller) {
        for (const part of ['one,', 'two,', 'three']) controller.enqueue(new TextEncoder().encode(part));
        controller.close();
      },
    }), { headers: { 'content-type': 'text/plain; charset=utf-8' } });
    export const config = { path: '/api/stream' };`,
  );
  await fn(
    'bytes',
    `
    const bodies = { binary: [0, 255, 254, 10, 0xc0, 0x80], bom: [0xef, 0xbb, 0xbf, 0x41, 0xe2, 0x82, 0xac] };
    export default (request, context) => new Response(new Uint8Array(bodies[context.params.kind]), { headers: { 'content-type': 'application/octet-stream' } });
    export const config = { path: '/api/bytes/:kind' };`,
  );
  await fn(
    'not-response',
    `
    export default async () => ({ not: 'a Response' });
    export const config = { path: '/api/not-response' };`,
  );
  await fn(
    'broken',
    `
    export default () => { throw new Error('secret internal detail'); };
    export const config = { path: '/api/broken' };`,
  );
  await fn(
    'job',
    `
    export default async () => {
      globalThis.localServerJobRuns = (globalThis.localServerJobRuns ?? 0) + 1;
      // Held until the test releases it (a minute at most, so a failing test cannot hang the run).
      await new Promise((done) => { globalThis.localServerRelease = done; setTimeout(done, 60_000); });
    };
    export const config = { schedule: '@daily' };`,
  );
  site = await serveSite({
    root: dir,
    port: 0,
    handlerTimeoutMs: 300,
    trustProxy: { kind: 'hops', hops: 1 },
    log: (line) => logs.push(line),
    invokeScheduled: true,
  });
});

afterAll(async () => {
  await site?.close();
  await database?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the local server', () => {
  it('calls a function with Context.ip (one trusted hop of X-Forwarded-For) and decoded params', async () => {
    const response = await fetch(`${site.url}/api/echo/caf%C3%A9/a/b?x=1`, { headers: { 'x-forwarded-for': '6.6.6.6, 198.51.100.7' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    // [[headers]] are for static files, as on Netlify: a function sets its own.
    expect(response.headers.get('x-frame-options')).toBeNull();
    expect(await response.json()).toMatchObject({
      ip: '198.51.100.7',
      params: { id: 'café', '0': 'a/b' },
      url: expect.stringMatching(/\/api\/echo\/caf%C3%A9\/a\/b\?x=1$/),
    });
    expect(logs).toContainEqual(expect.objectContaining({ method: 'GET', route: '/api/echo/:id/*', status: 200 }));
    expect(JSON.stringify(logs)).not.toContain('caf');
  });

  it('answers HEAD on a GET route, and 405 with Allow for another method', async () => {
    expect((await fetch(`${site.url}/api/echo/1`, { method: 'HEAD' })).status).toBe(200);
    const response = await fetch(`${site.url}/api/echo/1`, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD, POST');
  });

  it('refuses a body over 64 KB with 413 before the function runs, counting a chunked body with no Content-Length', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(16 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 5) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await fetch(`${site.url}/api/echo/1`, { method: 'POST', body, duplex: 'half' } as RequestInit);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: { code: 'payload_too_large', message: expect.any(String) } });
    const fine = await fetch(`${site.url}/api/echo/1`, { method: 'POST', body: 'y'.repeat(60 * 1024) });
    expect((await fine.json()).body).toHaveLength(60 * 1024);
  });

  it('answers 504 timeout in JSON when a function is silent past its time', async () => {
    const started = performance.now();
    const response = await fetch(`${site.url}/api/slow`);
    expect(response.status).toBe(504);
    expect(response.headers.get('retry-after')).toBe('5');
    expect((await response.json()).error.code).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('aborts the Request signal of a function it answered 504 for', async () => {
    state.localServerAborted = false;
    const response = await fetch(`${site.url}/api/hang`);
    expect(response.status).toBe(504);
    expect(await response.json()).toEqual({ error: { code: 'timeout', message: expect.any(String) } });
    await vi.waitFor(() => expect(state.localServerAborted).toBe(true), { timeout: 2000, interval: 10 });
  });

  it('passes repeated request headers joined, each Set-Cookie of the answer apart, and Context.url as the request URL', async () => {
    const raw = await new Promise<string>((done, fail) => {
      const socket = connect(Number(new URL(site.url).port), '127.0.0.1', () =>
        socket.write(
          'GET /api/headers?q=1 HTTP/1.1\r\nHost: example.test\r\nX-Tag: a\r\nX-Tag: b\r\nCookie: c=1\r\nSet-Cookie: s=1\r\nSet-Cookie: s=2\r\nConnection: close\r\n\r\n',
        ),
      );
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('close', () => done(text));
      socket.on('error', fail);
    });
    const [head = '', body = ''] = raw.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 201 /);
    expect(head.match(/^set-cookie: .*$/gim)).toEqual(['set-cookie: a=1; Path=/', 'set-cookie: b=2; Path=/']);
    expect(head).toMatch(/^vary: origin, accept$/im);
    expect(head).toMatch(/^x-content-type-options: nosniff$/im);
    expect(head).toMatch(new RegExp(`^content-length: ${Buffer.byteLength(body)}$`, 'im'));
    expect(JSON.parse(body)).toEqual({
      tag: 'a, b',
      cookie: 'c=1',
      // Node keeps these as a list: each reaches the function apart.
      setCookie: ['s=1', 's=2'],
      contextUrl: 'http://example.test/api/headers?q=1',
      requestUrl: 'http://example.test/api/headers?q=1',
      requestId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      geo: {},
    });
  });

  it('sends a streamed answer whole, bytes as they are, and a value that is no Response as a JSON 500', async () => {
    const streamed = await fetch(`${site.url}/api/stream`);
    expect(streamed.status).toBe(200);
    expect(streamed.headers.get('content-length')).toBe('13');
    expect(await streamed.text()).toBe('one,two,three');
    // Bytes arrive as they were sent, whether or not they read as text (a BOM included).
    for (const [kind, bytes] of [
      ['binary', [0, 255, 254, 10, 0xc0, 0x80]],
      ['bom', [0xef, 0xbb, 0xbf, 0x41, 0xe2, 0x82, 0xac]],
    ] as const) {
      const answer = await fetch(`${site.url}/api/bytes/${kind}`);
      expect(answer.headers.get('content-length')).toBe(String(bytes.length));
      expect([...new Uint8Array(await answer.arrayBuffer())]).toEqual(bytes);
    }
    const wrong = await fetch(`${site.url}/api/not-response`);
    expect(wrong.status).toBe(500);
    expect((await wrong.json()).error.code).toBe('internal_error');
  });

  it('answers a throwing function with a JSON 500 that tells nothing internal', async () => {
    const response = await fetch(`${site.url}/api/broken`);
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text).error.code).toBe('internal_error');
    expect(text).not.toContain('secret internal detail');
  });

  it('answers what the HTTP parser refuses (an unknown method) with a JSON 400', async () => {
    const raw = await new Promise<string>((done, fail) => {
      const socket = connect(Number(new URL(site.url).port), '127.0.0.1', () => socket.write('FROB / HTTP/1.1\r\nHost: x\r\n\r\n'));
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('close', () => done(text));
      socket.on('error', fail);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(raw).toContain('"code":"bad_request"');
  });

  it('serves static files with netlify.toml headers and a JSON 404 for unknown /api/* paths', async () => {
    const page = await fetch(`${site.url}/`);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const api = await fetch(`${site.url}/api/nowhere`);
    expect(api.status).toBe(404);
    expect((await api.json()).error.code).toBe('not_found');
  });

  it('runs a scheduled function under its advisory lock: a run while another instance holds it is skipped', async () => {
    const other: Db = createPool(database.url, 1);
    try {
      // Wait for facts, not for time: the other instance holds the lock once its callback runs.
      let release!: () => void;
      let taken!: () => void;
      const lockTaken = new Promise<void>((done) => (taken = done));
      const held = withAdvisoryLock(other, 'job', () => {
        taken();
        return new Promise<void>((done) => (release = done));
      });
      await lockTaken;
      expect(await site.runJob('job')).toBe('skipped');
      expect(state.localServerJobRuns ?? 0).toBe(0);
      release();
      await held;
      const running = site.runJob('job');
      await vi.waitFor(() => expect(state.localServerJobRuns).toBe(1), { timeout: 30_000, interval: 20 });
      // Two at once in this process too: the second finds the lock taken.
      expect(await site.runJob('job')).toBe('skipped');
      state.localServerRelease?.();
      expect(await running).toBe('ran');
      expect(state.localServerJobRuns).toBe(1);
      expect(logs.filter((line) => 'job' in line).map((line) => line.outcome)).toEqual(['skipped', 'skipped', 'ran']);
      expect(site.functions.find((f) => f.name === 'job')).toEqual({ name: 'job', paths: [], schedule: '@daily' });
    } finally {
      await other.end();
    }
  });
});
