/**
 * The site's HTTP server, in one process: the built pages from dist/ with netlify.toml's [[headers]] and
 * [[redirects]], and every module of functions/ imported once and called in process with
 * `(Request, Context)`, routed by its `config.path` and `config.method` as Netlify routes them. One App
 * (one PostgreSQL pool, one Stripe client) serves every call. Scheduled functions (`config.schedule`)
 * are not routed: they run on timers, each run under a PostgreSQL advisory lock so that two instances
 * of the server never run one job at once.
 *
 * Used by `npm start` (with the embedded PostgreSQL), `npm run serve` (self-hosted production), the
 * end-to-end tests and the benchmark. The same functions/*.ts files deploy unchanged to Netlify.
 */
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Socket } from 'node:net';
import type { Context } from '@netlify/functions';
import { parse as parseToml } from 'smol-toml';
import { createRouter, type Router } from '../../src/server/http/router.ts';
import { compileSiteRules, type SiteRules } from '../../src/server/http/site-rules.ts';
import { clientAddress, type TrustProxy } from '../../src/server/http/client-address.ts';
import { nextRun } from '../../src/domain/cron.ts';
import { createImageCdn } from './image-cdn.ts';

/** One JSON line per request: the route's pattern, never the raw path (it can hold a private token). */
export interface RequestLog {
  time: string;
  method: string;
  route: string;
  status: number;
  ms: number;
}

export interface JobLog {
  time: string;
  job: string;
  outcome: 'ran' | 'skipped' | 'failed';
  ms: number;
  error?: string;
}

export interface ServeOptions {
  /** Holds netlify.toml and, unless given apart, dist/ and functions/. */
  root: string;
  port: number;
  host?: string;
  dist?: string;
  functions?: string;
  /** How far to believe X-Forwarded-For (see src/server/http/client-address.ts). Default: not at all. */
  trustProxy?: TrustProxy;
  /** Where request and job log lines go; nothing is logged without it. */
  log?: (line: RequestLog | JobLog) => void;
  /** Run scheduled functions on their timers (and once at start, to catch up on runs missed while stopped). */
  schedule?: boolean;
  /**
   * `POST /.netlify/functions/<name>` runs a scheduled function now, as `netlify functions:invoke` does
   * locally. For `npm start` and the tests; never in production.
   */
  invokeScheduled?: boolean;
  /** Answer 504 when a handler takes longer (it is not cancelled: its database statements have their own timeout). */
  handlerTimeoutMs?: number;
  /** Requests with a longer body are refused with 413 before a handler sees them. */
  bodyLimitBytes?: number;
  /** How long close() waits for requests and jobs in flight before cutting connections. */
  drainMs?: number;
  /** Where resized images are kept (see scripts/lib/image-cdn.ts); node_modules/.cache/civic-images by default. */
  imageCacheDir?: string;
  /** Local-only routes consulted before the site (the mailbox at /_mail/ of scripts/lib/mailbox.ts). */
  extraRoutes?: ExtraRoute;
}

/** Answers a request and returns true, or returns false to let the site answer it. */
export type ExtraRoute = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

export interface RunningSite {
  url: string;
  /** The functions served, by name, with their routes or schedules. */
  functions: { name: string; paths: string[]; schedule: string | undefined }[];
  /** Runs a scheduled function now, under its lock: 'skipped' when another process runs it. */
  runJob(name: string): Promise<'ran' | 'skipped'>;
  /** Stops accepting, finishes requests and jobs in flight, closes the database pool. */
  close(): Promise<void>;
}

type Handler = (request: Request, context: Context) => unknown;

interface FunctionModule {
  name: string;
  handler: Handler;
  paths: string[];
  methods: string[] | undefined;
  schedule: string | undefined;
}

export const BODY_LIMIT_BYTES = 64 * 1024;
const HANDLER_TIMEOUT_MS = 25_000;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.ics': 'text/calendar; charset=utf-8',
  '.yml': 'text/yaml; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/vnd.microsoft.icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
  '.wasm': 'application/wasm',
};

/** Netlify's answer to /a/b: the file itself, else a/b.html, a/b/index.html (as @netlify/static looks them up). */
function candidates(pathname: string): string[] {
  if (pathname.endsWith('/')) {
    const base = pathname.slice(0, -1);
    return [...(pathname === '/' ? [] : [`${base}.html`, `${base}.htm`]), `${pathname}index.html`, `${pathname}index.htm`];
  }
  return [pathname, `${pathname}.html`, `${pathname}.htm`, `${pathname}/index.html`, `${pathname}/index.htm`];
}

async function loadFunctions(dir: string): Promise<FunctionModule[]> {
  const files = (await readdir(dir)).filter((file) => /\.(m?[jt]s)$/.test(file) && !file.endsWith('.d.ts')).sort();
  const modules: FunctionModule[] = [];
  for (const file of files) {
    const loaded = (await import(pathToFileURL(join(dir, file)).href)) as {
      default?: unknown;
      config?: { path?: string | string[]; method?: string | string[]; schedule?: string };
    };
    if (typeof loaded.default !== 'function') throw new Error(`functions/${file} has no default export to call`);
    const config = loaded.config ?? {};
    const name = file.replace(/\.[^.]+$/, '');
    modules.push({
      name,
      handler: loaded.default as Handler,
      paths: config.path === undefined ? [] : typeof config.path === 'string' ? [config.path] : config.path,
      methods: config.method === undefined ? undefined : typeof config.method === 'string' ? [config.method] : config.method,
      schedule: config.schedule,
    });
  }
  return modules;
}

/** The parts of a Context that are the same for every call (see makeContext), frozen since all calls share them. */
const contextConstants = Object.freeze({
  geo: Object.freeze({}),
  account: Object.freeze({ id: '' }),
  site: Object.freeze({ id: '', name: '', url: '' }),
  deploy: Object.freeze({ context: 'self-hosted', id: '', published: true }),
  server: Object.freeze({ region: 'self-hosted' }),
  cookies: Object.freeze({ get: () => undefined, set: () => undefined, delete: () => undefined }),
  json: (input: unknown) => Response.json(input),
  log: (...data: unknown[]) => console.log(...data),
  waitUntil: (promise: Promise<unknown>) => void promise.catch(() => undefined),
  next: () => Promise.reject(new Error('context.next() is for edge functions')),
  rewrite: () => Promise.reject(new Error('context.rewrite() is for edge functions')),
});

/** What a handler's promise is raced against: a value no handler can return. */
const TIMED_OUT = Symbol('timed out');

const jsonBody = (code: string, message: string) => JSON.stringify({ error: { code, message } });

/**
 * A function's answer in one piece, read straight from its stream: one chunk (a body made from a string
 * or bytes) is sent as it is, where arrayBuffer() would add a copy and a few promises to every call.
 */
async function bodyBytes(answer: Response): Promise<Uint8Array> {
  if (answer.body === null) return new Uint8Array(0);
  const reader = answer.body.getReader();
  const chunks: Uint8Array[] = [];
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    // As arrayBuffer() would: a stream of anything but bytes is the function's error.
    if (!(read.value instanceof Uint8Array)) throw new TypeError('a Response body chunk is not a Uint8Array');
    chunks.push(read.value);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

/** Up to this size, an answer that is UTF-8 text is sent as a string (see asText). */
const TEXT_BODY_BYTES = 16 * 1024;

/**
 * A small body that is valid UTF-8 as a string of the same bytes: Node writes the head and a string
 * body as one piece, where a byte body goes out as a second buffer of a writev (about 15 µs more per
 * answer on loopback, measured). Anything else (binary, or large) stays bytes.
 */
function asText(bytes: Uint8Array): Uint8Array | string {
  if (bytes.byteLength > TEXT_BODY_BYTES || !isUtf8(bytes)) return bytes;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** Reads the body, counting bytes as they come: Content-Length may be absent or lie. */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | 'too_large'> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve('too_large');
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    request.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        request.pause();
        resolveBody('too_large');
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (!done) resolveBody(Buffer.concat(chunks));
    });
    request.on('error', reject);
  });
}

export async function serveSite(options: ServeOptions): Promise<RunningSite> {
  const root = resolve(options.root);
  const dist = resolve(options.dist ?? join(root, 'dist'));
  const functionsDir = resolve(options.functions ?? join(root, 'functions'));
  const trust = options.trustProxy ?? { kind: 'none' };
  const bodyLimit = options.bodyLimitBytes ?? BODY_LIMIT_BYTES;
  const timeoutMs = options.handlerTimeoutMs ?? HANDLER_TIMEOUT_MS;
  const log = options.log;

  const rules: SiteRules = compileSiteRules(parseToml(await readFile(join(root, 'netlify.toml'), 'utf8')));
  // Imported only now: the functions read src/generated/catalog.json, which the build writes.
  const modules = await loadFunctions(functionsDir);
  const { app } = await import('../../src/server/app.ts');
  const { withAdvisoryLock } = await import('../../src/server/db/advisory-lock.ts');
  const router: Router<FunctionModule> = createRouter(
    modules.filter((m) => m.paths.length > 0).map((m) => ({ name: m.name, path: m.paths, method: m.methods, target: m })),
  );
  const scheduled = new Map(modules.filter((m) => m.schedule !== undefined && m.paths.length === 0).map((m) => [m.name, m]));

  // Netlify's Image CDN, here: the built pages' <img> point at /.netlify/images (src/site/image-service.ts).
  const images = createImageCdn({ dist, cacheDir: resolve(options.imageCacheDir ?? join(root, 'node_modules/.cache/civic-images')) });

  const notFoundPage = await readFile(join(dist, '404.html')).catch(() =>
    Buffer.from('<!doctype html><title>Not found</title><h1>Not found</h1>'),
  );

  // ---- Scheduled functions ----
  const runningJobs = new Set<Promise<unknown>>();
  async function runJob(name: string): Promise<'ran' | 'skipped'> {
    const job = scheduled.get(name);
    if (!job) throw new Error(`no scheduled function named ${name}`);
    const started = performance.now();
    const run = withAdvisoryLock(app().db(), name, async () => {
      // As Netlify calls a scheduled function: a POST whose body names the next run.
      const body = JSON.stringify({ next_run: nextRun(job.schedule!, new Date()).toISOString() });
      await job.handler(
        new Request(`http://localhost/.netlify/functions/${name}`, { method: 'POST', body }),
        makeContext('127.0.0.1', {}, new URL(`http://localhost/.netlify/functions/${name}`)),
      );
    });
    runningJobs.add(run);
    try {
      const outcome = (await run).ran ? 'ran' : 'skipped';
      log?.({ time: new Date().toISOString(), job: name, outcome, ms: Math.round(performance.now() - started) });
      return outcome;
    } catch (error) {
      log?.({
        time: new Date().toISOString(),
        job: name,
        outcome: 'failed',
        ms: Math.round(performance.now() - started),
        error: (error as Error).message,
      });
      throw error;
    } finally {
      runningJobs.delete(run);
    }
  }
  const timers = new Map<string, NodeJS.Timeout>();
  let stopping = false;
  function plan(name: string) {
    if (stopping) return;
    const job = scheduled.get(name)!;
    const wait = Math.max(1_000, nextRun(job.schedule!, new Date()).getTime() - Date.now());
    // setTimeout holds at most ~24.8 days; longer waits are planned again when that one fires.
    const capped = Math.min(wait, 2 ** 31 - 1);
    timers.set(
      name,
      setTimeout(() => {
        if (capped < wait) plan(name);
        else
          void runJob(name)
            .catch(() => undefined)
            .finally(() => plan(name));
      }, capped),
    );
  }

  // ---- Requests ----
  function makeContext(ip: string, params: Record<string, string>, url: URL): Context {
    // The fields the functions use, shaped as Netlify's Context; the rest (geo, site, deploy...) has no
    // meaning off Netlify: empty values and functions made once (contextConstants), not per request.
    return { ip, params, requestId: randomUUID(), url, ...contextConstants } as unknown as Context;
  }

  function send(response: ServerResponse, status: number, headers: Record<string, string | string[]>, body?: Uint8Array | string): void {
    // writeHead fixes the header block before end() could count the body: without a length given here,
    // every answer with a body would go out chunked (framing bytes, more to write and to parse).
    // 204 and 304 carry no body and no length.
    const sized = body !== undefined && status >= 200 && status !== 204 && status !== 304 && headers['content-length'] === undefined;
    response.writeHead(
      status,
      sized ? { ...headers, 'content-length': String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength) } : headers,
    );
    response.end(body);
  }

  function sendError(response: ServerResponse, status: number, code: string, message: string, extra: Record<string, string> = {}): void {
    send(
      response,
      status,
      { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...extra },
      jsonBody(code, message),
    );
  }

  async function callFunction(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    module: FunctionModule,
    params: Record<string, string>,
  ): Promise<void> {
    const method = request.method ?? 'GET';
    let body: Buffer | undefined;
    if (method !== 'GET' && method !== 'HEAD') {
      const read = await readBody(request, bodyLimit);
      if (read === 'too_large') {
        // The rest of the body is not read: close the connection after this answer.
        sendError(response, 413, 'payload_too_large', `The request body is over ${bodyLimit / 1024} KB.`, { connection: 'close' });
        return;
      }
      body = read;
    }
    // Given to Request as they are, to be copied once into its own Headers: a record of the single
    // values (Request reads a record faster than pairs), pairs only when a header has several values
    // (Node keeps Set-Cookie as a list), each value kept.
    const single: Record<string, string> = {};
    let lists: [string, string][] | null = null;
    const incoming = request.headers;
    for (const name in incoming) {
      const value = incoming[name];
      if (value === undefined || name.startsWith(':')) continue;
      if (typeof value === 'string') single[name] = value;
      else for (const item of value) (lists ??= []).push([name, item]);
    }
    const headers = lists ? [...Object.entries(single), ...lists] : single;
    const abort = new AbortController();
    const webRequest = new Request(url, {
      method,
      headers,
      signal: abort.signal,
      ...(body && body.length > 0 && { body: new Uint8Array(body) }),
    });
    const ip = clientAddress(request.socket.remoteAddress, incoming['x-forwarded-for']?.toString(), trust);
    let timer: NodeJS.Timeout | undefined;
    try {
      // One promise settled by whichever comes first, the handler's answer or the timer (no Promise.race
      // and no second promise per request); the timer is cleared as soon as the handler answers.
      const answer = await new Promise<unknown>((resolveAnswer, rejectAnswer) => {
        timer = setTimeout(resolveAnswer, timeoutMs, TIMED_OUT);
        // The URL object is the handler's from here on: the server reads nothing of it after this call.
        Promise.resolve(module.handler(webRequest, makeContext(ip, params, url))).then(resolveAnswer, rejectAnswer);
      });
      if (answer === TIMED_OUT) {
        abort.abort();
        console.error(
          JSON.stringify({
            time: new Date().toISOString(),
            level: 'error',
            function: module.name,
            message: `no answer within ${timeoutMs} ms`,
          }),
        );
        sendError(
          response,
          504,
          'timeout',
          'The server took too long to answer. Nothing was charged twice; please try again in a moment.',
          { 'retry-after': '5' },
        );
        return;
      }
      if (!(answer instanceof Response)) throw new Error(`function ${module.name} returned no Response`);
      const out: Record<string, string | string[]> = {};
      answer.headers.forEach((value, name) => {
        out[name] = name === 'set-cookie' ? answer.headers.getSetCookie() : value;
      });
      // Every API answer: the browser must never guess another type than the one declared.
      out['x-content-type-options'] ??= 'nosniff';
      send(response, answer.status, out, asText(await bodyBytes(answer)));
    } catch (error) {
      console.error(
        JSON.stringify({ time: new Date().toISOString(), level: 'error', function: module.name, message: (error as Error).message }),
      );
      sendError(
        response,
        500,
        'internal_error',
        'Something went wrong on our side. Nothing was charged twice; please try again in a moment.',
      );
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * dist/ is a finished build that does not change under a running server (as a Netlify deploy does not):
   * found files are remembered by path, and small ones kept in memory, so a page costs no file system call.
   * Misses are not remembered, so no request can grow this beyond the files of dist/. Restart after a build.
   */
  interface FoundFile {
    file: string;
    size: number;
    mtimeMs: number;
    body: Buffer | null;
  }
  const MEMORY_FILE_BYTES = 512 * 1024;
  const foundFiles = new Map<string, FoundFile>();
  async function findFile(pathname: string): Promise<FoundFile | null> {
    const known = foundFiles.get(pathname);
    if (known) return known;
    for (const candidate of candidates(pathname)) {
      const file = resolve(dist, `.${candidate}`);
      // A decoded path (`..%2F`) must never leave dist/.
      if (file !== dist && !file.startsWith(dist + sep)) return null;
      const info = await stat(file).catch(() => null);
      if (info?.isFile()) {
        const body = info.size <= MEMORY_FILE_BYTES ? await readFile(file).catch(() => null) : null;
        const entry = { file, size: body?.length ?? info.size, mtimeMs: info.mtimeMs, body };
        foundFiles.set(pathname, entry);
        return entry;
      }
    }
    return null;
  }

  function sendFile(request: IncomingMessage, response: ServerResponse, found: FoundFile, status: number, headerPath: string): void {
    const etag = `W/"${found.size.toString(16)}-${Math.floor(found.mtimeMs).toString(16)}"`;
    const headers: Record<string, string> = {
      'content-type': CONTENT_TYPES[extname(found.file).toLowerCase()] ?? 'application/octet-stream',
      'cache-control': 'public, max-age=0, must-revalidate',
      ...(status === 200 && { etag }),
      ...rules.headersFor(headerPath),
    };
    if (status === 200 && request.headers['if-none-match'] === etag) return send(response, 304, headers);
    headers['content-length'] = String(found.size);
    response.writeHead(status, headers);
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    if (found.body) {
      response.end(found.body);
      return;
    }
    const stream = createReadStream(found.file);
    stream.on('error', () => response.destroy());
    stream.pipe(response);
  }

  function sendNotFound(request: IncomingMessage, response: ServerResponse, pathname: string) {
    const headers = {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'public, max-age=0, must-revalidate',
      ...rules.headersFor(pathname),
    };
    send(response, 404, headers, request.method === 'HEAD' ? undefined : notFoundPage);
  }

  async function proxy(request: IncomingMessage, response: ServerResponse, target: URL): Promise<void> {
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value === undefined || ['host', 'connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'accept-encoding'].includes(name))
        continue;
      headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const method = request.method ?? 'GET';
    let body: Buffer | undefined;
    if (method !== 'GET' && method !== 'HEAD') {
      const read = await readBody(request, bodyLimit * 16);
      if (read === 'too_large') {
        sendError(response, 413, 'payload_too_large', 'The request body is too large.', { connection: 'close' });
        return;
      }
      body = read;
    }
    const answer = await fetch(target, { method, headers, redirect: 'manual', ...(body && { body: new Uint8Array(body) }) });
    const out: Record<string, string | string[]> = {};
    answer.headers.forEach((value, name) => {
      // fetch has already decoded the body, so its encoding and length no longer describe it.
      if (!['content-encoding', 'content-length', 'transfer-encoding', 'connection'].includes(name)) out[name] = value;
    });
    send(response, answer.status, out, Buffer.from(await answer.arrayBuffer()));
  }

  async function serveStatic(request: IncomingMessage, response: ServerResponse, url: URL, mark: (route: string) => void): Promise<void> {
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      mark('bad_request');
      sendError(response, 400, 'bad_request', 'The address has a broken percent-escape.');
      return;
    }
    if (pathname.includes('\0')) {
      mark('bad_request');
      sendError(response, 400, 'bad_request', 'The address holds a NUL character.');
      return;
    }
    const method = request.method ?? 'GET';
    const readable = method === 'GET' || method === 'HEAD';
    const redirect = rules.redirectFor(pathname, url.searchParams);
    const own = redirect && !redirect.force ? await findFile(pathname) : null;
    if (redirect && !own) {
      if (redirect.external && redirect.status === 200) {
        const target = new URL(redirect.to);
        if (target.search === '') target.search = url.search;
        mark('proxy');
        await proxy(request, response, target);
        return;
      }
      if (redirect.status >= 300 && redirect.status < 400) {
        const location = redirect.to.includes('?') || url.search === '' ? redirect.to : `${redirect.to}${url.search}`;
        mark('redirect');
        send(response, redirect.status, { location, ...rules.headersFor(pathname) });
        return;
      }
      if (!readable) {
        mark('static');
        sendError(response, 405, 'method_not_allowed', `${method} is not allowed on this address.`, { allow: 'GET, HEAD' });
        return;
      }
      const target = await findFile(new URL(redirect.to, url).pathname);
      if (!target) {
        mark('not_found');
        sendNotFound(request, response, pathname);
        return;
      }
      mark(redirect.status === 404 ? 'not_found' : 'rewrite');
      sendFile(request, response, target, redirect.status === 404 ? 404 : 200, new URL(redirect.to, url).pathname);
      return;
    }
    const found = own ?? (await findFile(pathname));
    if (!readable) {
      mark(found ? 'static' : 'not_found');
      sendError(
        response,
        found ? 405 : 404,
        found ? 'method_not_allowed' : 'not_found',
        found ? `${method} is not allowed on this address.` : 'Nothing here.',
        found ? { allow: 'GET, HEAD' } : {},
      );
      return;
    }
    if (!found) {
      mark('not_found');
      sendNotFound(request, response, pathname);
      return;
    }
    mark('static');
    sendFile(request, response, found, 200, pathname);
    return;
  }

  /**
   * Behind a trusted proxy that terminates TLS, the request's URL says https as the browser saw it, so that
   * Origin checks compare like with like. X-Forwarded-Proto is read only when TRUST_PROXY is set.
   */
  function schemeOf(request: IncomingMessage): 'http' | 'https' {
    const header = request.headers['x-forwarded-proto'];
    if (trust.kind === 'none' || typeof header !== 'string') return 'http';
    const values = header.split(',').map((value) => value.trim().toLowerCase());
    const chosen = trust.kind === 'all' ? values[0] : values.at(-1);
    return chosen === 'https' ? 'https' : 'http';
  }

  const inFlight = new Set<ServerResponse>();
  async function onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = performance.now();
    inFlight.add(response);
    let route = 'unknown';
    response.once('close', () => {
      inFlight.delete(response);
      log?.({
        time: new Date().toISOString(),
        method: request.method ?? '',
        route,
        status: response.statusCode,
        ms: Math.round((performance.now() - started) * 100) / 100,
      });
    });
    try {
      const method = (request.method ?? 'GET').toUpperCase();
      let url: URL;
      try {
        url = new URL(request.url ?? '/', `${schemeOf(request)}://${request.headers.host ?? 'localhost'}`);
      } catch {
        route = 'bad_request';
        sendError(response, 400, 'bad_request', 'The request address or Host header is not valid.');
        return;
      }
      if (stopping) response.setHeader('connection', 'close');
      if (options.extraRoutes && (await options.extraRoutes(request, response))) {
        route = 'local';
        return;
      }
      if (
        options.invokeScheduled &&
        method === 'POST' &&
        url.pathname.startsWith('/.netlify/functions/') &&
        scheduled.has(url.pathname.slice(20))
      ) {
        route = '/.netlify/functions/:scheduled';
        const outcome = await runJob(url.pathname.slice(20));
        send(
          response,
          200,
          { 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff' },
          JSON.stringify({ outcome }),
        );
        return;
      }
      if (url.pathname === '/.netlify/images') {
        route = '/.netlify/images';
        if (method !== 'GET' && method !== 'HEAD') {
          sendError(response, 405, 'method_not_allowed', `${method} is not allowed on this address.`, { allow: 'GET, HEAD' });
          return;
        }
        const image = await images(url.searchParams);
        send(response, image.status, image.headers, method === 'HEAD' ? undefined : image.body);
        return;
      }
      const match = router.match(method, url.pathname);
      if (match.kind === 'found') {
        route = match.pattern;
        await callFunction(request, response, url, match.target, match.params);
        return;
      }
      if (match.kind === 'method_not_allowed') {
        route = match.pattern;
        sendError(response, 405, 'method_not_allowed', `${method} is not allowed on this address.`, { allow: match.allow.join(', ') });
        return;
      }
      if (match.kind === 'malformed') {
        route = match.pattern;
        sendError(response, 400, 'bad_request', 'The address has a broken percent-escape.');
        return;
      }
      if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
        route = '/api/*';
        sendError(response, 404, 'not_found', 'There is no such API endpoint.');
        return;
      }
      await serveStatic(request, response, url, (name) => {
        route = name;
      });
    } catch (error) {
      console.error(JSON.stringify({ time: new Date().toISOString(), level: 'error', route, message: (error as Error).message }));
      if (!response.headersSent) sendError(response, 500, 'internal_error', 'Something went wrong on our side.');
      else response.destroy();
    }
  }

  const server: Server = createServer(
    { requestTimeout: 60_000, headersTimeout: 30_000 },
    (request, response) => void onRequest(request, response),
  );
  // What Node's parser refuses (an unknown method, a broken request line) gets a JSON 400 too, not a bare close.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const body = jsonBody('bad_request', 'The request could not be parsed.');
    socket.end(
      `HTTP/1.1 400 Bad Request\r\ncontent-type: application/json; charset=utf-8\r\nx-content-type-options: nosniff\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((done, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, done);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;

  if (options.schedule) {
    for (const name of scheduled.keys()) {
      // Catch up first: the server may have been stopped at the job's last planned time.
      void runJob(name)
        .catch(() => undefined)
        .finally(() => plan(name));
    }
  }

  return {
    url: `http://${host === '0.0.0.0' || host === '127.0.0.1' || host === '::' ? 'localhost' : host}:${port}`,
    functions: modules.map((m) => ({ name: m.name, paths: m.paths, schedule: m.schedule })),
    runJob,
    async close() {
      if (stopping) return;
      stopping = true;
      for (const timer of timers.values()) clearTimeout(timer);
      const closed = new Promise<void>((done) => server.close(() => done()));
      server.closeIdleConnections();
      const deadline = Date.now() + (options.drainMs ?? 10_000);
      while ((inFlight.size > 0 || runningJobs.size > 0) && Date.now() < deadline) await new Promise((done) => setTimeout(done, 25));
      server.closeAllConnections();
      await closed;
      await app().close();
    },
  };
}
