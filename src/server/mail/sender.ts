/**
 * The outbox sender: claims due messages, hands them to the SMTP server, records what happened.
 *
 * A claim is a short transaction (FOR UPDATE SKIP LOCKED) that marks messages `sending` under a lease;
 * the SMTP conversation happens outside any transaction, so no database connection or row lock waits
 * on a mail server. Two senders never claim the same message; a sender that crashes after claiming
 * leaves its messages to be claimed again when the lease ends (5 minutes, far beyond the transport's
 * timeouts), so nothing is lost. The one thing no outbox can rule out is a crash between the server
 * accepting a message and the sender recording it: that message is sent a second time.
 */
import nodemailer from 'nodemailer';
import { decideRetry, type DeliveryFailure } from '../../domain/mail-retry.ts';
import type { App } from '../app.ts';
import type { MailConfig } from '../config.ts';
import { claimDue, markFailed, markRetry, markSent, type ClaimedMessage } from './outbox.ts';

export const LEASE_MS = 5 * 60_000;

export interface DrainReport {
  sent: number;
  retried: number;
  failed: number;
}

/** nodemailer's transport, built from SMTP_URL; its timeouts keep one conversation far inside the lease. */
export function createTransport(mail: MailConfig, options: { connections?: number } = {}) {
  const url = new URL(mail.smtpUrl!);
  const secure = url.protocol === 'smtps:';
  return nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port || (secure ? 465 : 587)),
    secure,
    ...(url.username && { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }),
    pool: true,
    maxConnections: options.connections ?? 2,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
  });
}

type Transport = ReturnType<typeof createTransport>;

function failureOf(error: unknown): DeliveryFailure {
  const { code, responseCode } = error as { code?: string; responseCode?: number };
  // A refused login is our configuration, not the message: keep it until the settings are fixed.
  if (code === 'EAUTH' || code === 'ENOAUTH' || typeof responseCode !== 'number') return { kind: 'unreachable' };
  return { kind: 'reply', code: responseCode };
}

async function deliver(app: App, transport: Transport, from: string, message: ClaimedMessage): Promise<keyof DrainReport> {
  try {
    await transport.sendMail({
      from,
      to: message.recipient,
      subject: message.subject,
      text: message.text,
      html: message.html,
      headers: message.headers,
      attachments: message.attachments.map((file) => ({ filename: file.filename, content: file.content, contentType: file.contentType })),
    });
  } catch (error) {
    const now = app.now();
    const reason = (error as Error).message.replace(/\s+/g, ' ');
    const decision = decideRetry(failureOf(error), message.attempts, message.createdAt, now);
    if (decision.kind === 'retry') {
      await markRetry(app.db(), message, decision.at, reason);
      return 'retried';
    }
    console.error(`mail: message ${message.id} (${message.kind}) given up (${decision.reason}): ${reason}`);
    await markFailed(app.db(), message, now, `${decision.reason}: ${reason}`);
    return 'failed';
  }
  await markSent(app.db(), message, app.now());
  return 'sent';
}

/**
 * Sends what is due, batch after batch, until nothing is due or `maxMs` has passed. Without SMTP_URL
 * it sends nothing: the messages wait in the outbox.
 */
export async function drainOutbox(app: App, options: { batch?: number; maxMs?: number; connections?: number } = {}): Promise<DrainReport> {
  const report: DrainReport = { sent: 0, retried: 0, failed: 0 };
  const mail = app.config.mail;
  if (!mail.smtpUrl) return report;
  const started = Date.now();
  const maxMs = options.maxMs ?? 50_000;
  let transport: Transport | undefined;
  try {
    while (Date.now() - started < maxMs) {
      const batch = await claimDue(app.db(), app.now(), options.batch ?? 20, LEASE_MS);
      if (batch.length === 0) break;
      transport ??= createTransport(mail, { connections: options.connections ?? 2 });
      const outcomes = await Promise.all(batch.map((message) => deliver(app, transport!, mail.from, message)));
      for (const outcome of outcomes) report[outcome] += 1;
      // When the server is down, every message of the batch waits: stop instead of claiming the next ones.
      if (!outcomes.includes('sent')) break;
    }
  } finally {
    transport?.close();
  }
  return report;
}

/** Work to finish after the answer has gone (Netlify's `context.waitUntil`, or just left running). */
export type WaitUntil = (work: Promise<unknown>) => void;

export const detached: WaitUntil = (work) => {
  work.catch((error: unknown) => console.error('background work failed:', (error as Error).message));
};

/**
 * Right after a fact has been committed: try to deliver what it queued at once, bounded, without
 * making anyone wait. Whatever this does not send, the scheduled sender (every minute) will.
 */
export function sendSoon(app: App, waitUntil: WaitUntil = detached): void {
  if (!app.config.mail.smtpUrl) return;
  // One drain at a time per process: facts arriving meanwhile ask for one more round instead of each
  // opening its own SMTP connection (other processes may drain at once; their claims never overlap).
  const state = soon.get(app) ?? { running: null, again: false };
  soon.set(app, state);
  if (state.running) {
    state.again = true;
    waitUntil(state.running);
    return;
  }
  const round = async (): Promise<void> => {
    do {
      state.again = false;
      await drainOutbox(app, { batch: 10, maxMs: 8_000, connections: 1 }).catch((error: unknown) =>
        console.error('mail: send after commit failed:', (error as Error).message),
      );
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- set by sendSoon() calls made during the await
    } while (state.again);
  };
  state.running = round().finally(() => (state.running = null));
  waitUntil(state.running);
}

const soon = new WeakMap<App, { running: Promise<void> | null; again: boolean }>();
