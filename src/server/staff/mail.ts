/**
 * The e-mails of the staff console: a sign-in link and an invitation. They are queued inside the
 * transaction that creates the link, so a link exists exactly when its message is on its way.
 */
import { createHash } from 'node:crypto';
import type { Locale } from '../../site/i18n.ts';
import { app } from '../app.ts';
import type { Tx } from '../db/pool.ts';
import { enqueue } from '../mail/outbox.ts';
import { renderMessage } from '../mail/templates/messages.ts';

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
 * The deployed mailer: the platform's outbox (src/server/mail/). Each link is its own fact (keyed by
 * a hash of the link, never the link itself), delivered by the outbox sender.
 */
export const outboxMailer: StaffMailer = async (tx, mail) => {
  const deployed = app();
  const data =
    mail.kind === 'staff-sign-in'
      ? { kind: 'staff_sign_in' as const, link: mail.link, expiresAt: mail.expiresAt.toISOString() }
      : {
          kind: 'staff_invitation' as const,
          link: mail.link,
          expiresAt: mail.expiresAt.toISOString(),
          invitedBy: mail.invitedBy ?? null,
          role: mail.role ?? null,
        };
  await enqueue(
    tx,
    {
      factKey: `${mail.kind}:${createHash('sha256').update(mail.link).digest('hex')}`,
      kind: data.kind,
      locale: mail.locale,
      recipient: mail.to,
      rendered: renderMessage(data, mail.locale, deployed.config.mail.siteUrl),
    },
    deployed.now(),
  );
};
