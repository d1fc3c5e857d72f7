/**
 * Serves the built site and the functions the way Netlify does, through @netlify/dev: static files
 * from dist/, functions from functions/ with their config.path routes, headers and redirects from
 * netlify.toml. Used by `npm start` and by the end-to-end tests.
 */
import { NetlifyDev } from '@netlify/dev';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';

export interface RunningSite {
  url: string;
  close(): Promise<void>;
}

/** A local-only route consulted before the site (e.g. the mailbox at /_mail/); true when it answered. */
export type ExtraRoute = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

export async function serveSite(options: { root: string; port: number; host?: string; extraRoutes?: ExtraRoute }): Promise<RunningSite> {
  const netlify = new NetlifyDev({
    projectRoot: options.root,
    // Everything that would reach Netlify's servers or download a runtime stays off: this runs offline.
    aiGateway: { enabled: false },
    blobs: { enabled: false },
    database: { enabled: false },
    edgeFunctions: { enabled: false },
    geolocation: { enabled: false },
    images: { enabled: false },
    environmentVariables: { enabled: false },
  });
  await netlify.start();
  const notFoundPage = await readFile(join(options.root, 'dist/404.html')).catch(() => Buffer.from('Not found'));
  // Netlify answers an unknown path with 404.html under the same [[headers]] rules as every page.
  const notFoundHeaders = new Headers({ 'content-type': 'text/html; charset=utf-8' });
  const notFoundAnswer = await netlify.handle(new Request('http://localhost/404.html'));
  notFoundAnswer?.headers.forEach((value, name) => {
    if (!['content-length', 'etag', 'last-modified', 'age', 'date'].includes(name)) notFoundHeaders.set(name, value);
  });
  // netlify.toml answers a missing /en/* page with the English 404 page and status 404; @netlify/dev
  // serves a rewrite's target with status 200, so English misses (all static) are answered here.
  const englishNotFoundPage = await readFile(join(options.root, 'dist/en/404/index.html')).catch(() => notFoundPage);
  const isFile = (path: string) => stat(path).then((found) => found.isFile(), () => false);
  const isEnglishMiss = async (url: string | undefined) => {
    const pathname = decodeURIComponent(new URL(url ?? '/', 'http://localhost').pathname);
    if (pathname !== '/en' && !pathname.startsWith('/en/')) return false;
    // The English staff console is a function, not a page of dist/.
    if (pathname === '/en/manage' || pathname.startsWith('/en/manage/')) return false;
    const file = join(options.root, 'dist', pathname);
    return !(await isFile(file)) && !(await isFile(join(file, 'index.html')));
  };

  const server: Server = createServer(async (request, response) => {
    try {
      if (options.extraRoutes && (await options.extraRoutes(request, response))) return;
      if (await isEnglishMiss(request.url)) {
        response.writeHead(404, Object.fromEntries(notFoundHeaders)).end(englishNotFoundPage);
        return;
      }
      const result = await netlify.handleAndIntrospectNodeRequest(request);
      if (!result) {
        response.writeHead(404, Object.fromEntries(notFoundHeaders)).end(notFoundPage);
        return;
      }
      const { response: answer } = result;
      const headers: Record<string, string | string[]> = {};
      answer.headers.forEach((value, name) => {
        headers[name] = name === 'set-cookie' ? answer.headers.getSetCookie() : value;
      });
      response.writeHead(answer.status, headers);
      if (answer.body) Readable.fromWeb(answer.body as NodeReadableStream).pipe(response);
      else response.end();
    } catch (error) {
      console.error('local server error:', error);
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end('Internal error');
    }
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${host === '0.0.0.0' ? 'localhost' : host === '127.0.0.1' ? 'localhost' : host}:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await netlify.stop();
    },
  };
}
