/**
 * A real SMTP server on this machine (the `smtp-server` package) for `npm start` without SMTP_URL and
 * for the end-to-end tests: the outbox delivers to it through the same nodemailer transport as in
 * production. Each message is kept as an .eml file, and `/_mail/` (served by the local server only,
 * never built into dist/) lists them so a newcomer sees what donors and registrants receive.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Mailbox {
  /** What SMTP_URL should be for the outbox to deliver here. */
  smtpUrl: string;
  dir: string;
  /** The messages received, newest first. */
  list(): Promise<StoredMessage[]>;
  /** Serves `/_mail/…`; false for any other address. */
  handle: (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;
  close(): Promise<void>;
}

export interface StoredMessage {
  id: string;
  date: string;
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string | null;
  /** Every link of the message, in order, from its HTML part (or its text part). */
  links: string[];
  attachments: Array<{ filename: string; contentType: string; size: number }>;
  headers: Record<string, string>;
}

const escape = (value: string) => value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

function addressText(value: ParsedMail['to'] | ParsedMail['from']): string {
  if (!value) return '';
  return (Array.isArray(value) ? value : [value]).map((address) => address.text).join(', ');
}

function linksOf(mail: ParsedMail): string[] {
  const source =
    typeof mail.html === 'string' ? [...mail.html.matchAll(/href="([^"]+)"/g)].map((match) => match[1]!.replaceAll('&amp;', '&')) : [];
  return source.length > 0 ? source : [...(mail.text ?? '').matchAll(/https?:\/\/\S+/g)].map((match) => match[0]);
}

async function readMessage(dir: string, id: string): Promise<StoredMessage> {
  const mail = await simpleParser(await readFile(join(dir, `${id}.eml`)));
  const headers: Record<string, string> = {};
  for (const line of mail.headerLines) headers[line.key] = line.line.slice(line.line.indexOf(':') + 1).trim();
  return {
    id,
    date: (mail.date ?? new Date(0)).toISOString(),
    to: addressText(mail.to),
    from: addressText(mail.from),
    subject: mail.subject ?? '',
    text: mail.text ?? '',
    html: typeof mail.html === 'string' ? mail.html : null,
    links: linksOf(mail),
    attachments: mail.attachments.map((file) => ({ filename: file.filename ?? '', contentType: file.contentType, size: file.size })),
    headers,
  };
}

const PAGE_STYLE =
  'body{font-family:Arial,Helvetica,sans-serif;max-width:60em;margin:1em auto;padding:0 1em;line-height:1.5;color:#1a1a1a}a{color:#0066cc}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4em;border-bottom:1px solid #c5ced8;vertical-align:top}pre{white-space:pre-wrap;background:#f0f4f8;padding:1em}iframe{width:100%;height:40em;border:1px solid #c5ced8}';

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escape(title)}</title><style>${PAGE_STYLE}</style></head><body><main>${body}</main></body></html>`;
}

function listPage(dir: string, messages: StoredMessage[]): string {
  const rows = messages
    .map(
      (m) =>
        `<tr><td><time datetime="${escape(m.date)}">${escape(m.date.replace('T', ' ').slice(0, 19))}</time></td><td>${escape(m.to)}</td><td><a href="/_mail/${escape(m.id)}">${escape(m.subject || '(no subject)')}</a></td></tr>`,
    )
    .join('');
  return page(
    'Local mailbox',
    `<h1>Local mailbox</h1><p>Every message the platform sent while running on this machine (${messages.length}), newest first. Files: <code>${escape(dir)}</code>. Nothing here left this computer.</p>` +
      (messages.length
        ? `<table><thead><tr><th scope="col">Date (UTC)</th><th scope="col">To</th><th scope="col">Subject</th></tr></thead><tbody>${rows}</tbody></table>`
        : '<p>No messages yet.</p>'),
  );
}

function messagePage(m: StoredMessage): string {
  const headers = ['From', 'To', 'Date', 'List-Unsubscribe', 'List-Unsubscribe-Post'].flatMap((name) => {
    const value = m.headers[name.toLowerCase()];
    return value ? [`<tr><th scope="row">${name}</th><td>${escape(value)}</td></tr>`] : [];
  });
  return page(
    m.subject,
    `<p><a href="/_mail/">All messages</a></p><h1>${escape(m.subject)}</h1><table>${headers.join('')}</table>` +
      `<h2>Links in this message</h2><ul>${m.links.map((link) => `<li><a href="${escape(link)}" data-mail-link>${escape(link)}</a></li>`).join('')}</ul>` +
      (m.attachments.length
        ? `<h2>Attachments</h2><ul>${m.attachments.map((file) => `<li>${escape(file.filename)} (${escape(file.contentType)}, ${file.size} bytes)</li>`).join('')}</ul>`
        : '') +
      (m.html
        ? `<h2>HTML part</h2><iframe title="The HTML part of the message" sandbox="" src="/_mail/${escape(m.id)}/html"></iframe>`
        : '') +
      `<h2>Text part</h2><pre data-mail-text>${escape(m.text)}</pre><p><a href="/_mail/${escape(m.id)}/eml">The .eml file</a></p>`,
  );
}

export async function startMailbox(options: { dir: string; port?: number; log?: (line: string) => void }): Promise<Mailbox> {
  const { dir } = options;
  await mkdir(dir, { recursive: true });
  let sequence = 0;
  const server = new SMTPServer({
    // Local only: no TLS certificate to offer and nobody to log in.
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    closeTimeout: 1000,
    size: 10 * 1024 * 1024,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        // Sortable names: the time, then a counter for messages of the same millisecond.
        const id = `${new Date().toISOString().replace(/[-:.]/g, '')}-${String(++sequence).padStart(6, '0')}`;
        writeFile(join(dir, `${id}.eml`), Buffer.concat(chunks)).then(
          () => {
            options.log?.(`mail: received ${id}.eml`);
            callback();
          },
          (error: unknown) => callback(error as Error),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  // A client that drops the connection mid-conversation must not stop the local server.
  server.on('error', (error) => options.log?.(`mail: SMTP server error: ${error.message}`));
  const port = (server.server.address() as AddressInfo).port;

  const ids = async () =>
    (await readdir(dir))
      .filter((name) => name.endsWith('.eml'))
      .map((name) => name.slice(0, -4))
      .sort()
      .reverse();
  const list = async () => Promise.all((await ids()).map((id) => readMessage(dir, id)));

  return {
    smtpUrl: `smtp://127.0.0.1:${port}`,
    dir,
    list,
    async handle(request, response) {
      const { pathname } = new URL(request.url ?? '/', 'http://localhost');
      if (pathname !== '/_mail' && !pathname.startsWith('/_mail/')) return false;
      const send = (status: number, type: string, body: string | Buffer) => {
        response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-robots-tag': 'noindex' }).end(body);
        return true;
      };
      if (pathname === '/_mail' || pathname === '/_mail/') return send(200, 'text/html; charset=utf-8', listPage(dir, await list()));
      if (pathname === '/_mail/messages.json') return send(200, 'application/json; charset=utf-8', JSON.stringify(await list()));
      const match = /^\/_mail\/([0-9TZ]+-\d{6})(\/html|\/eml)?$/.exec(pathname);
      if (!match || !(await ids()).includes(match[1]!)) return send(404, 'text/plain; charset=utf-8', 'No such message.');
      const id = match[1]!;
      if (match[2] === '/eml') return send(200, 'message/rfc822', await readFile(join(dir, `${id}.eml`)));
      const message = await readMessage(dir, id);
      if (match[2] === '/html') {
        // Shown inside a sandboxed frame; the CSP stops anything in it from loading or running.
        response.setHeader('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
        return send(200, 'text/html; charset=utf-8', message.html ?? '');
      }
      return send(200, 'text/html; charset=utf-8', messagePage(message));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
