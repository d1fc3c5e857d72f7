/**
 * All SQL of the mail outbox (table mail_outbox). A message is queued inside the caller's transaction,
 * so it exists exactly when the fact that causes it does; senders claim due messages with
 * FOR UPDATE SKIP LOCKED and a lease (see sender.ts).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Queryable } from '../db/pool.ts';
import type { Locale } from '../../i18n/locale.ts';
import type { Rendered } from './templates/layout.ts';
import type { MessageKind } from './templates/messages.ts';

export interface Attachment {
  filename: string;
  contentType: string;
  content: string;
}

export interface OutgoingMessage {
  /** The fact that causes the message, e.g. `donation:<pledgeId>`: one message per fact and recipient. */
  factKey: string;
  kind: MessageKind;
  locale: Locale;
  recipient: string;
  pledgeId?: string | null;
  registrationId?: string | null;
  rendered: Rendered;
  headers?: Record<string, string>;
  attachments?: Attachment[];
}

export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled';

export interface ClaimedMessage {
  id: number;
  claimId: string;
  kind: MessageKind;
  recipient: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  attachments: Attachment[];
  attempts: number;
  createdAt: Date;
}

/** Survives the erasure of the address: a replayed fact still finds its message and queues nothing. */
export const recipientKey = (email: string) => createHash('sha256').update(email.trim().toLowerCase(), 'utf8').digest('hex');

/** Queues a message; false when this fact already queued one for this recipient. */
export async function enqueue(tx: Queryable, message: OutgoingMessage, now: Date): Promise<boolean> {
  const { rowCount } = await tx.query(
    `INSERT INTO mail_outbox (fact_key, recipient_key, kind, locale, recipient, pledge_id, registration_id, subject, text_body, html_body,
                              headers, attachments, next_attempt_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)
     ON CONFLICT (fact_key, recipient_key) DO NOTHING`,
    [
      message.factKey,
      recipientKey(message.recipient),
      message.kind,
      message.locale,
      message.recipient,
      message.pledgeId ?? null,
      message.registrationId ?? null,
      message.rendered.subject,
      message.rendered.text,
      message.rendered.html,
      JSON.stringify(message.headers ?? {}),
      JSON.stringify(message.attachments ?? []),
      now,
    ],
  );
  return rowCount === 1;
}

interface ClaimedRow {
  id: number;
  claim_id: string;
  kind: MessageKind;
  recipient: string;
  subject: string;
  text_body: string;
  html_body: string;
  headers: Record<string, string>;
  attachments: Attachment[];
  attempts: number;
  created_at: Date;
}

/**
 * Claims up to `limit` due messages for `leaseMs`: queued ones whose time has come, and ones another
 * sender claimed but never finished (it crashed) once its lease has run out. While claimed, a
 * message's next_attempt_at is the end of its lease, so one index serves both.
 */
export async function claimDue(db: Queryable, now: Date, limit: number, leaseMs: number): Promise<ClaimedMessage[]> {
  const { rows } = await db.query<ClaimedRow>(
    `UPDATE mail_outbox SET status = 'sending', claim_id = $4, attempts = attempts + 1, next_attempt_at = $1::timestamptz + make_interval(secs => $3)
      WHERE id IN (SELECT id FROM mail_outbox
                    WHERE status IN ('queued', 'sending') AND next_attempt_at <= $1
                    ORDER BY next_attempt_at, id
                    LIMIT $2
                    FOR UPDATE SKIP LOCKED)
      RETURNING id, claim_id, kind, recipient, subject, text_body, html_body, headers, attachments, attempts, created_at`,
    [now, limit, leaseMs / 1000, randomUUID()],
  );
  return rows
    .sort((a, b) => a.id - b.id)
    .map((row) => ({
      id: row.id,
      claimId: row.claim_id,
      kind: row.kind,
      recipient: row.recipient,
      subject: row.subject,
      text: row.text_body,
      html: row.html_body,
      headers: row.headers,
      attachments: row.attachments,
      attempts: row.attempts,
      createdAt: row.created_at,
    }));
}

// Each outcome below applies only while this sender's claim holds: a sender whose lease ran out and
// whose message another sender took over changes nothing.
const STILL_MINE = `id = $1 AND claim_id = $2 AND status = 'sending'`;

/** Delivered: what it said (the private link among it) leaves the database; who, what kind and when stay. */
export async function markSent(db: Queryable, message: ClaimedMessage, now: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE mail_outbox SET status = 'sent', sent_at = $3, text_body = NULL, html_body = NULL, headers = NULL, attachments = NULL,
            last_error = NULL, claim_id = NULL
      WHERE ${STILL_MINE}`,
    [message.id, message.claimId, now],
  );
  return rowCount === 1;
}

export async function markRetry(db: Queryable, message: ClaimedMessage, at: Date, error: string): Promise<void> {
  await db.query(`UPDATE mail_outbox SET status = 'queued', next_attempt_at = $3, last_error = $4, claim_id = NULL WHERE ${STILL_MINE}`, [
    message.id,
    message.claimId,
    at,
    error.slice(0, 500),
  ]);
}

export async function markFailed(db: Queryable, message: ClaimedMessage, now: Date, error: string): Promise<void> {
  await db.query(
    `UPDATE mail_outbox SET status = 'failed', failed_at = $3, last_error = $4, text_body = NULL, html_body = NULL, headers = NULL,
            attachments = NULL, claim_id = NULL
      WHERE ${STILL_MINE}`,
    [message.id, message.claimId, now, error.slice(0, 500)],
  );
}

export interface OutboxListing {
  id: number;
  kind: MessageKind;
  locale: Locale;
  status: OutboxStatus;
  /** `a•••@example.org`: enough to recognise a case, not to copy an address. */
  recipient: string | null;
  pledgeId: string | null;
  registrationId: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  failedAt: string | null;
}

export function maskAddress(address: string | null): string | null {
  if (!address) return null;
  const at = address.lastIndexOf('@');
  return at <= 0 ? '•••' : `${address[0]}•••${address.slice(at)}`;
}

export async function listByStatus(db: Queryable, status: OutboxStatus, limit: number): Promise<OutboxListing[]> {
  const { rows } = await db.query<{
    id: number;
    kind: MessageKind;
    locale: Locale;
    status: OutboxStatus;
    recipient: string | null;
    pledge_id: string | null;
    registration_id: string | null;
    attempts: number;
    last_error: string | null;
    created_at: Date;
    sent_at: Date | null;
    failed_at: Date | null;
  }>(
    `SELECT id, kind, locale, status, recipient, pledge_id, registration_id, attempts, last_error, created_at, sent_at, failed_at
       FROM mail_outbox WHERE status = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
    [status, limit],
  );
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    locale: row.locale,
    status: row.status,
    recipient: maskAddress(row.recipient),
    pledgeId: row.pledge_id,
    registrationId: row.registration_id,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: row.created_at.toISOString(),
    sentAt: row.sent_at?.toISOString() ?? null,
    failedAt: row.failed_at?.toISOString() ?? null,
  }));
}

/**
 * Forgetting a person: every message about these donations or to these addresses loses its address
 * and content; one not sent yet never will be. The keys stay, so a replayed fact queues nothing.
 */
export async function eraseMessages(tx: Queryable, about: { pledgeIds: string[]; emails: string[] }, now: Date): Promise<number> {
  const { rowCount } = await tx.query(
    `UPDATE mail_outbox
        SET recipient = NULL, subject = NULL, text_body = NULL, html_body = NULL, headers = NULL, attachments = NULL, erased_at = $3,
            status = CASE WHEN status IN ('queued', 'sending') THEN 'cancelled' ELSE status END, claim_id = NULL
      WHERE pledge_id = ANY($1::uuid[]) OR recipient_key = ANY($2::text[])`,
    [about.pledgeIds, about.emails.map(recipientKey), now],
  );
  return rowCount ?? 0;
}

export async function countByStatus(db: Queryable): Promise<Record<OutboxStatus, number>> {
  const { rows } = await db.query<{ status: OutboxStatus; count: number }>(
    'SELECT status, count(*)::int AS count FROM mail_outbox GROUP BY status',
  );
  const counts: Record<OutboxStatus, number> = { queued: 0, sending: 0, sent: 0, failed: 0, cancelled: 0 };
  for (const row of rows) counts[row.status] = row.count;
  return counts;
}
