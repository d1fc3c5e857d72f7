/**
 * The messages each fact causes, queued in the transaction of the fact (the caller's `tx`). Each
 * builder reads what it needs, renders the message in the person's language and queues it under a
 * key of the fact, so running the fact again (a replayed webhook, a retried request) queues nothing.
 */
import { randomUUID } from 'node:crypto';
import type { CatalogEvent } from '../../content/catalog.ts';
import { writeCalendar } from '../../domain/ics.ts';
import type { Cents } from '../../domain/money.ts';
import { managePath } from '../../domain/registration.ts';
import type { App } from '../app.ts';
import type { Queryable } from '../db/pool.ts';
import { donorsOfCampaign, findDonorContact } from '../pledges/repository.ts';
import { donorReceiptUrl } from '../receipts/link.ts';
import { enqueue, type Attachment } from './outbox.ts';
import type { Locale } from '../../i18n/locale.ts';
import { renderMessage, type CampaignInfo, type EventInfo, type MessageData } from './templates/messages.ts';

const localized = (locale: Locale, path: string) => `${locale === 'en' ? '/en' : ''}${path}`;

export function siteLink(app: App, locale: Locale, path: string): string {
  return `${app.config.mail.siteUrl}${localized(locale, path)}`;
}

function campaignInfo(app: App, slug: string, locale: Locale): CampaignInfo {
  const campaign = Object.hasOwn(app.catalog.campaigns, slug) ? app.catalog.campaigns[slug] : undefined;
  return { title: campaign?.title ?? slug, url: siteLink(app, locale, `/campagne/${slug}/`) };
}

function eventInfo(app: App, event: CatalogEvent, locale: Locale): EventInfo {
  return {
    kind: event.kind,
    title: (locale === 'en' && event.titleEn) || event.title,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    mode: event.mode,
    place: event.place ? `${event.place.name}, ${event.place.address}` : null,
    url: siteLink(app, locale, `/${event.kind === 'path' ? 'percorsi' : 'infoday'}/${event.slug}/`),
  };
}

async function queue(
  app: App,
  tx: Queryable,
  message: {
    factKey: string;
    locale: Locale;
    recipient: string;
    data: MessageData;
    pledgeId?: string;
    registrationId?: string;
    headers?: Record<string, string>;
    attachments?: Attachment[];
  },
): Promise<boolean> {
  const { data, ...rest } = message;
  return enqueue(tx, { ...rest, kind: data.kind, rendered: renderMessage(data, message.locale, app.config.mail.siteUrl) }, app.now());
}

/**
 * The thank-you for a donation just recorded in the ledger (webhook or demo confirmation). It links the
 * art. 83 receipt when one is due: the donor gave a tax code and the payee has a public one to issue it under.
 */
export async function queueDonationThanks(app: App, tx: Queryable, pledgeId: string): Promise<boolean> {
  const donor = await findDonorContact(tx, pledgeId);
  if (!donor) return false;
  const campaign = Object.hasOwn(app.catalog.campaigns, donor.campaign) ? app.catalog.campaigns[donor.campaign] : undefined;
  const call = campaign && app.catalog.calls[campaign.call];
  const payee =
    campaign && Object.hasOwn(app.catalog.organisations, campaign.payee) ? app.catalog.organisations[campaign.payee] : undefined;
  const receiptUrl = donor.gaveTaxCode && payee?.taxCode ? donorReceiptUrl(app.config, pledgeId, app.config.mail.siteUrl) : null;
  return queue(app, tx, {
    factKey: `donation:${pledgeId}`,
    locale: donor.locale,
    recipient: donor.email,
    pledgeId,
    data: {
      kind: 'donation_thanks',
      donorName: donor.name,
      amountCents: donor.amountCents,
      campaign: {
        ...campaignInfo(app, donor.campaign, donor.locale),
        thresholdCents: campaign?.thresholdCents ?? null,
        entitledCents: campaign?.entitledCents ?? null,
        closesAt: campaign?.closesAt ?? null,
        fundingModel: call?.fundingModel ?? 'keep-it-all',
      },
      receiptUrl,
    },
  });
}

/** An infoday's calendar entry, with the meeting link for someone who has a place. Paths link their public calendar instead. */
function calendarAttachment(app: App, event: CatalogEvent, info: EventInfo, onlineLink: string | null): Attachment[] {
  if (event.kind !== 'infoday') return [];
  const host = new URL(app.config.mail.siteUrl).hostname || 'localhost';
  const content = writeCalendar({
    productId: '-//Comune di Venezia//Crowdfunding civico//IT',
    stamp: app.now(),
    events: [
      {
        // The same UID as the site's public .ics, so a calendar that has both keeps one entry.
        uid: `infoday-${event.slug}@${host}`,
        start: new Date(event.startsAt),
        end: event.endsAt ? new Date(event.endsAt) : undefined,
        summary: info.title,
        description: onlineLink ? `${onlineLink}\n\n${info.url}` : info.url,
        location: info.place ?? onlineLink ?? (event.mode === 'online' ? 'Online' : undefined),
        url: info.url,
      },
    ],
  });
  return [{ filename: `${event.slug}.ics`, contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content }];
}

const calendarUrl = (app: App, event: CatalogEvent, locale: Locale) =>
  siteLink(app, locale, `/${event.kind === 'path' ? 'percorsi' : 'infoday'}/${event.slug}.ics`);

export interface Registrant {
  registrationId: string;
  name: string;
  email: string;
  locale: Locale;
}

/** Confirmed or waitlisted, with the private link: the only place the token ever travels besides the answer. */
export async function queueRegistrationCreated(
  app: App,
  tx: Queryable,
  event: CatalogEvent,
  person: Registrant,
  outcome: { status: 'confirmed' | 'waitlisted'; position: number | null; token: string },
): Promise<boolean> {
  const info = eventInfo(app, event, person.locale);
  const manageUrl = `${app.config.mail.siteUrl}${managePath(person.locale, outcome.token)}`;
  const onlineLink = outcome.status === 'confirmed' ? event.onlineLink : null;
  const data: MessageData =
    outcome.status === 'confirmed'
      ? {
          kind: 'registration_confirmed',
          name: person.name,
          event: info,
          manageUrl,
          onlineLink,
          calendarUrl: calendarUrl(app, event, person.locale),
        }
      : { kind: 'registration_waitlisted', name: person.name, event: info, position: outcome.position ?? 1, manageUrl };
  return queue(app, tx, {
    factKey: `registration:${person.registrationId}:created`,
    locale: person.locale,
    recipient: person.email,
    registrationId: person.registrationId,
    data,
    attachments: calendarAttachment(app, event, info, onlineLink),
  });
}

export async function queuePromotion(app: App, tx: Queryable, event: CatalogEvent, person: Registrant): Promise<boolean> {
  const info = eventInfo(app, event, person.locale);
  return queue(app, tx, {
    factKey: `registration:${person.registrationId}:promoted`,
    locale: person.locale,
    recipient: person.email,
    registrationId: person.registrationId,
    data: {
      kind: 'registration_promoted',
      name: person.name,
      event: info,
      onlineLink: event.onlineLink,
      recoverUrl: siteLink(app, person.locale, '/iscrizione/#recupera'),
    },
    attachments: calendarAttachment(app, event, info, event.onlineLink),
  });
}

export async function queueCancellation(app: App, tx: Queryable, event: CatalogEvent, person: Registrant): Promise<boolean> {
  return queue(app, tx, {
    factKey: `registration:${person.registrationId}:cancelled`,
    locale: person.locale,
    recipient: person.email,
    registrationId: person.registrationId,
    data: { kind: 'registration_cancelled', event: eventInfo(app, event, person.locale) },
  });
}

/** New private links for every live registration of an address, asked for again. Each request is its own fact. */
export async function queueRegistrationLinks(
  app: App,
  tx: Queryable,
  email: string,
  locale: Locale,
  links: ReadonlyArray<{ event: CatalogEvent; status: 'confirmed' | 'waitlisted'; token: string; locale: Locale }>,
): Promise<boolean> {
  return queue(app, tx, {
    factKey: `registration-links:${randomUUID()}`,
    locale,
    recipient: email,
    data: {
      kind: 'registration_links',
      links: links.map((link) => ({
        event: eventInfo(app, link.event, locale),
        status: link.status,
        manageUrl: `${app.config.mail.siteUrl}${managePath(link.locale, link.token)}`,
      })),
    },
  });
}

/** The campaign's outcome, to everyone whose donation counts, once per address. */
export async function queueCampaignOutcome(
  app: App,
  tx: Queryable,
  slug: string,
  outcome: { kind: 'succeeded'; raisedCents: Cents; grantedCents: Cents } | { kind: 'failed'; raisedCents: Cents; refundOnItsWay: boolean },
): Promise<number> {
  let queued = 0;
  for (const donor of await donorsOfCampaign(tx, slug)) {
    const campaign = campaignInfo(app, slug, donor.locale);
    const data: MessageData =
      outcome.kind === 'succeeded'
        ? { kind: 'campaign_succeeded', campaign, raisedCents: outcome.raisedCents, grantedCents: outcome.grantedCents }
        : { kind: 'campaign_failed', campaign, raisedCents: outcome.raisedCents, refundOnItsWay: outcome.refundOnItsWay };
    if (await queue(app, tx, { factKey: `outcome:${slug}`, locale: donor.locale, recipient: donor.email, pledgeId: donor.pledgeId, data }))
      queued += 1;
  }
  return queued;
}

/** A refund that now exists at the provider (issued at closing, or from the Dashboard). */
export async function queueRefundIssued(app: App, tx: Queryable, pledgeId: string, refundId: string, amountCents: Cents): Promise<boolean> {
  const donor = await findDonorContact(tx, pledgeId);
  if (!donor) return false;
  return queue(app, tx, {
    factKey: `refund:${refundId}`,
    locale: donor.locale,
    recipient: donor.email,
    pledgeId,
    data: { kind: 'refund_issued', campaign: campaignInfo(app, donor.campaign, donor.locale), amountCents },
  });
}
