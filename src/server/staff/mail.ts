/**
 * The e-mails of the staff console: a sign-in link and an invitation. They are queued inside the
 * transaction that creates the link, so a link exists exactly when its message is on its way.
 */
import type { Locale } from '../../site/i18n.ts';
import type { Tx } from '../db/pool.ts';

export interface StaffMail {
  kind: 'staff-sign-in' | 'staff-invitation';
  to: string;
  locale: Locale;
  /** The one-time link; it carries the person's own token and nothing else secret. */
  link: string;
  expiresAt: Date;
  /** For an invitation: who invited, and with which role. */
  invitedBy?: string;
  role?: string;
}

/** Queues one message in the caller's transaction. */
export type StaffMailer = (tx: Tx, mail: StaffMail) => Promise<void>;

/**
 * The deployed mailer. The platform's e-mail outbox (src/server/mail/) is not part of this version yet:
 * until it is, a sign-in link cannot be delivered and the request fails instead of pretending to send.
 */
export const outboxMailer: StaffMailer = async () => {
  throw new Error('staff e-mail cannot be sent: the e-mail outbox (src/server/mail/) is not installed');
};
