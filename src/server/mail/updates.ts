/**
 * Campaign news by e-mail, to donors who ticked the separate consent. An editor publishes the update on
 * the site (content/updates/), then an administrator sends it: `POST /api/admin/campaigns/{slug}/updates`
 * with its id, title and summary. Each update goes once to each address (the outbox key), however
 * often it is sent; every message carries a one-click unsubscribe (link and List-Unsubscribe headers).
 */
import { z } from 'astro/zod';
import { DomainError } from '../../domain/errors.ts';
import type { App } from '../app.ts';
import { withTransaction } from '../db/pool.ts';
import { unsubscribeFromUpdates, updateSubscribers } from '../pledges/repository.ts';
import { findLiveCampaign } from '../services/campaigns.ts';
import { enqueue } from './outbox.ts';
import { siteLink } from './queue.ts';
import { renderMessage } from './templates/messages.ts';

const updateSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,119}$/, { error: 'the id of the update: its file name under content/updates/, without .md' }),
  title: z.string().trim().min(1).max(200),
  summary: z.string().trim().min(1).max(300),
  titleEn: z.string().trim().min(1).max(200).optional(),
  summaryEn: z.string().trim().min(1).max(300).optional(),
});

export type CampaignUpdate = z.output<typeof updateSchema>;

export function parseCampaignUpdate(body: unknown): CampaignUpdate {
  const result = updateSchema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.join('.');
    throw new DomainError('invalid_body', `${field || 'body'}: ${issue.message}`, field || undefined);
  }
  return result.data;
}

export const unsubscribeUrl = (app: App, token: string) =>
  `${app.config.mail.siteUrl}/api/mail/unsubscribe?token=${encodeURIComponent(token)}`;

export async function sendCampaignUpdate(app: App, slug: string, update: CampaignUpdate): Promise<{ queued: number; subscribers: number }> {
  findLiveCampaign(app.catalog, slug);
  const title = app.catalog.campaigns[slug]!.title;
  return withTransaction(app.db(), async (tx) => {
    const subscribers = await updateSubscribers(tx, slug);
    let queued = 0;
    for (const subscriber of subscribers) {
      const locale = subscriber.locale;
      const url = unsubscribeUrl(app, subscriber.token);
      const rendered = renderMessage(
        {
          kind: 'campaign_update',
          campaign: { title, url: siteLink(app, locale, `/campagne/${slug}/`) },
          update: {
            title: (locale === 'en' && update.titleEn) || update.title,
            summary: (locale === 'en' && update.summaryEn) || update.summary,
            url: siteLink(app, locale, `/notizie/${update.id}/`),
          },
          unsubscribeUrl: url,
        },
        locale,
        app.config.mail.siteUrl,
      );
      const fresh = await enqueue(
        tx,
        {
          factKey: `update:${slug}:${update.id}`,
          kind: 'campaign_update',
          locale,
          recipient: subscriber.email,
          pledgeId: subscriber.pledgeId,
          rendered,
          // RFC 8058: mail clients offer their own one-click button, which POSTs to the address.
          headers: { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
        },
        app.now(),
      );
      if (fresh) queued += 1;
    }
    return { queued, subscribers: subscribers.length };
  });
}

/** Stops the news for the address and campaign of the token; unknown tokens change nothing and answer alike. */
export async function unsubscribe(app: App, token: string): Promise<void> {
  if (!/^[A-Za-z0-9_-]{32}$/.test(token)) return;
  await unsubscribeFromUpdates(app.db(), token);
}
