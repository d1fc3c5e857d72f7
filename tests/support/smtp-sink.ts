/**
 * A real SMTP server for tests (the `smtp-server` package) that keeps every message it accepts,
 * parsed with mailparser. It can be stopped and started again on the same port (the "server down"
 * cases), and told to answer DATA with an SMTP error code.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Map<string, unknown>;
  attachments: Array<{ filename: string; contentType: string; content: string }>;
  /** Links of the HTML part, in order. */
  links: string[];
  raw: ParsedMail;
}

export interface SmtpSink {
  url: string;
  port: number;
  received: ReceivedMail[];
  /** Makes the server answer every message with this reply (e.g. 451 or 550) until reset with null. */
  failWith(code: number | null): void;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Waits until at least `count` messages arrived (or throws after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  clear(): void;
}

const addressText = (value: ParsedMail['to']) =>
  !value ? '' : (Array.isArray(value) ? value : [value]).map((address) => address.text).join(', ');

export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  let failure: number | null = null;
  let server: SMTPServer | null = null;
  let port = 0;

  const start = async () => {
    const instance = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      logger: false,
      // Stopping must not wait 30 s for a client's idle connection.
      closeTimeout: 1000,
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          if (failure !== null) {
            const error = Object.assign(new Error(failure >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: failure });
            callback(error);
            return;
          }
          simpleParser(Buffer.concat(chunks)).then(
            (mail) => {
              const html = typeof mail.html === 'string' ? mail.html : '';
              received.push({
                to: addressText(mail.to),
                subject: mail.subject ?? '',
                text: mail.text ?? '',
                html,
                headers: mail.headers,
                attachments: mail.attachments.map((file) => ({
                  filename: file.filename ?? '',
                  contentType: file.contentType,
                  content: file.content.toString('utf8'),
                })),
                links: [...html.matchAll(/href="([^"]+)"/g)].map((match) => match[1]!.replaceAll('&amp;', '&')),
                raw: mail,
              });
              callback();
            },
            (error: unknown) => callback(error as Error),
          );
        });
      },
    });
    instance.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      instance.once('error', reject);
      instance.listen(port, '127.0.0.1', () => resolve());
    });
    port = (instance.server.address() as AddressInfo).port;
    server = instance;
  };

  const stop = async () => {
    const instance = server;
    server = null;
    if (instance) await new Promise<void>((resolve) => instance.close(() => resolve()));
  };

  await start();
  return {
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    received,
    failWith(code) {
      failure = code;
    },
    stop,
    start,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline)
          throw new Error(`expected ${count} messages, received ${received.length}: ${received.map((m) => m.subject).join(' | ')}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return received;
    },
    clear() {
      received.length = 0;
    },
  };
}
