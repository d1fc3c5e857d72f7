/**
 * Registration for infodays and paths: places first come, first served; past capacity a waiting list;
 * a private token to see one's status and cancel, which hands the place to the first person waiting.
 * Every decision about places is taken under the event's row lock, so concurrent requests never give
 * more places than there are.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Catalog, CatalogEvent } from '../../content/catalog.ts';
import { z } from 'astro/zod';
import { DomainError } from '../../domain/errors.ts';
import {
  assertRegistrationOpen,
  isToken,
  managePath,
  parseRegistrationRequest,
  promotionsDue,
  statusForNewcomer,
  type EventKind,
  type RegistrationStatus,
} from '../../domain/registration.ts';
import type { App } from '../app.ts';
import { isUniqueViolation, withTransaction, type Queryable } from '../db/pool.ts';
import type { Cell } from '../http/csv.ts';
import {
  cancel,
  countByStatus,
  exportRows,
  findById,
  findByTokenHash,
  findContact,
  insertRegistration,
  isRegistered,
  liveRegistrationsOf,
  lockEvent,
  promoteWaiting,
  setTokenHash,
  waitlistPosition,
  type Registration,
} from './repository.ts';
import { queueCancellation, queuePromotion, queueRegistrationCreated, queueRegistrationLinks } from '../mail/queue.ts';
import type { Locale } from '../../i18n/locale.ts';

export function findEvent(catalog: Catalog, kind: EventKind, slug: string): CatalogEvent {
  const events = kind === 'infoday' ? catalog.infodays : catalog.paths;
  const event = Object.hasOwn(events, slug) ? events[slug] : undefined;
  if (!event) {
    throw kind === 'infoday'
      ? new DomainError('infoday_not_found', `No infoday is called "${slug}".`)
      : new DomainError('path_not_found', `No accompaniment path is called "${slug}".`);
  }
  return event;
}

/** How many places an event has and how many are free: counts only, never who registered. */
export interface PlacesView {
  capacity: number;
  confirmed: number;
  placesLeft: number;
  waitlisted: number;
}

export async function placesOf(app: App, kind: EventKind, slug: string): Promise<PlacesView> {
  const event = findEvent(app.catalog, kind, slug);
  if (!event.registration)
    throw new DomainError(kind === 'infoday' ? 'infoday_not_found' : 'path_not_found', `"${slug}" takes no registration.`);
  const { confirmed, waitlisted } = await countByStatus(app.db(), { kind, slug });
  const capacity = event.registration.capacity;
  return { capacity, confirmed, placesLeft: Math.max(0, capacity - confirmed), waitlisted };
}

const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * What a registrant may see of their registration: no personal data, and never the online meeting's
 * link, which travels only by e-mail to the address given (whoever types any address gets nothing).
 */
export interface RegistrationView {
  registrationId: string;
  status: RegistrationStatus;
  /** 1 for the first person waiting; null unless waitlisted. */
  position: number | null;
  event: {
    kind: EventKind;
    slug: string;
    title: string;
    titleEn: string | null;
    startsAt: string;
    endsAt: string | null;
    mode: CatalogEvent['mode'];
  };
}

export interface RegistrationCreated extends RegistrationView {
  /** Shown once: it is the only way to see or cancel the registration, and only its hash is stored. */
  token: string;
  managePath: string;
}

async function viewOf(db: Queryable, event: CatalogEvent, registration: Registration): Promise<RegistrationView> {
  const position = registration.status === 'waitlisted' ? await waitlistPosition(db, registration) : null;
  return {
    registrationId: registration.id,
    status: registration.status,
    position,
    event: {
      kind: event.kind,
      slug: event.slug,
      title: event.title,
      titleEn: event.titleEn,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      mode: event.mode,
    },
  };
}

/** Tells each person just given a place, in the transaction that gave it. */
async function announcePromotions(app: App, tx: Queryable, event: CatalogEvent, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    const contact = await findContact(tx, id);
    if (contact) await queuePromotion(app, tx, event, { registrationId: id, ...contact });
  }
}

/** Under the event's lock: free places (a cancellation, a larger capacity) go to the earliest waiting. */
async function fillFreePlaces(
  app: App,
  tx: Queryable,
  event: CatalogEvent,
  capacity: number,
): Promise<{ confirmed: number; waitlisted: number }> {
  const ref = { kind: event.kind, slug: event.slug };
  const counts = await countByStatus(tx, ref);
  const promoted = await promoteWaiting(tx, ref, promotionsDue({ ...counts, capacity }));
  await announcePromotions(app, tx, event, promoted);
  return { confirmed: counts.confirmed + promoted.length, waitlisted: counts.waitlisted - promoted.length };
}

export async function register(app: App, kind: EventKind, slug: string, body: unknown): Promise<RegistrationCreated> {
  const event = findEvent(app.catalog, kind, slug);
  const request = parseRegistrationRequest(body, { organisationRequired: kind === 'path' });
  const window = event.registration && { opensAt: new Date(event.registration.opensAt), closesAt: new Date(event.registration.closesAt) };
  assertRegistrationOpen(window, app.now());
  const capacity = event.registration!.capacity;
  const ref = { kind, slug };
  const token = randomBytes(32).toString('base64url');
  try {
    return await withTransaction(app.db(), async (tx) => {
      await lockEvent(tx, ref);
      if (await isRegistered(tx, ref, request.email)) throw alreadyRegistered();
      const counts = await fillFreePlaces(app, tx, event, capacity);
      const registration = await insertRegistration(tx, {
        id: randomUUID(),
        event: ref,
        request,
        status: statusForNewcomer({ ...counts, capacity }),
        tokenHash: hashOf(token),
      });
      const view = await viewOf(tx, event, registration);
      await queueRegistrationCreated(
        app,
        tx,
        event,
        { registrationId: registration.id, name: request.name, email: request.email, locale: request.locale },
        { status: registration.status === 'waitlisted' ? 'waitlisted' : 'confirmed', position: view.position, token },
      );
      return { ...view, token, managePath: managePath(request.locale, token) };
    });
  } catch (error) {
    // Only reachable if the lock were bypassed; the unique index still holds one registration per address.
    if (isUniqueViolation(error)) throw alreadyRegistered();
    throw error;
  }
}

const alreadyRegistered = () =>
  new DomainError(
    'already_registered',
    'This e-mail address is already registered for this event. Use the private link you received to see or cancel it.',
    'email',
  );

async function findByToken(db: Queryable, token: string): Promise<Registration> {
  const registration = isToken(token) ? await findByTokenHash(db, hashOf(token)) : null;
  if (!registration) throw new DomainError('registration_not_found', 'No registration has this link. It may have been mistyped.');
  return registration;
}

export async function registrationStatus(app: App, token: string): Promise<RegistrationView> {
  const registration = await findByToken(app.db(), token);
  return viewOf(app.db(), findEvent(app.catalog, registration.event.kind, registration.event.slug), registration);
}

/**
 * Cancels the registration and, in the same transaction, gives its place to the first person waiting.
 * Cancelling twice answers the same; after the event has started there is nothing left to cancel.
 */
export async function cancelRegistration(app: App, token: string): Promise<RegistrationView & { promoted: number }> {
  const found = await findByToken(app.db(), token);
  return cancelFound(app, found, (tx) => findByTokenHash(tx, hashOf(token)));
}

/**
 * The same cancellation, by the organisers (the staff console): by the registration's id, which must
 * belong to the event named, so a form cannot reach another event's people.
 */
export async function cancelRegistrationById(
  app: App,
  kind: EventKind,
  slug: string,
  id: string,
): Promise<RegistrationView & { promoted: number }> {
  findEvent(app.catalog, kind, slug);
  const notFound = new DomainError('registration_not_found', 'No registration of this event has this id.');
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw notFound;
  const found = await findById(app.db(), id);
  if (!found || found.event.kind !== kind || found.event.slug !== slug) throw notFound;
  return cancelFound(app, found, (tx) => findById(tx, id));
}

async function cancelFound(
  app: App,
  found: Registration,
  reread: (tx: Queryable) => Promise<Registration | null>,
): Promise<RegistrationView & { promoted: number }> {
  const event = findEvent(app.catalog, found.event.kind, found.event.slug);
  return withTransaction(app.db(), async (tx) => {
    await lockEvent(tx, found.event);
    const registration = (await reread(tx))!;
    if (registration.status === 'cancelled') return { ...(await viewOf(tx, event, registration)), promoted: 0 };
    if (app.now() >= new Date(event.startsAt))
      throw new DomainError('registration_closed', 'The event has already started: the registration can no longer be cancelled.');
    // Read before the cancellation erases them: the confirmation of the cancellation goes to this address.
    const contact = await findContact(tx, registration.id);
    await cancel(tx, registration.id);
    if (contact) await queueCancellation(app, tx, event, { registrationId: registration.id, ...contact });
    let promoted = 0;
    if (event.registration) {
      const before = await countByStatus(tx, found.event);
      const ids = await promoteWaiting(tx, found.event, promotionsDue({ ...before, capacity: event.registration.capacity }));
      await announcePromotions(app, tx, event, ids);
      promoted = ids.length;
    }
    return { ...(await viewOf(tx, event, { ...registration, status: 'cancelled' })), promoted };
  });
}

const resendSchema = z.object({
  email: z
    .string()
    .trim()
    .pipe(z.email({ error: 'a valid e-mail address is required' }).max(254)),
  locale: z.enum(['it', 'en']).default('it'),
});

export function parseResendRequest(body: unknown): { email: string; locale: Locale } {
  const result = resendSchema.safeParse(body);
  if (!result.success) throw new DomainError('invalid_body', 'email: a valid e-mail address is required', 'email');
  return result.data;
}

/**
 * A lost private link: every live registration of the address to an event still ahead gets a new
 * token (only hashes are kept, so the old link cannot be sent again; it stops working), and one
 * message carries the new links to that address. Nothing in the outcome is told to the caller.
 */
export async function resendLinks(app: App, request: { email: string; locale: Locale }): Promise<void> {
  await withTransaction(app.db(), async (tx) => {
    const links: Array<{ event: CatalogEvent; status: 'confirmed' | 'waitlisted'; token: string; locale: Locale }> = [];
    for (const registration of await liveRegistrationsOf(tx, request.email)) {
      const events = registration.event.kind === 'infoday' ? app.catalog.infodays : app.catalog.paths;
      const event = Object.hasOwn(events, registration.event.slug) ? events[registration.event.slug] : undefined;
      if (!event || new Date(event.endsAt ?? event.startsAt) <= app.now()) continue;
      const token = randomBytes(32).toString('base64url');
      await setTokenHash(tx, registration.id, hashOf(token));
      links.push({ event, status: registration.status, token, locale: request.locale });
    }
    if (links.length > 0) await queueRegistrationLinks(app, tx, request.email, request.locale, links);
  });
}

export const REGISTRATION_COLUMNS = [
  'registration_id',
  'created_at',
  'status',
  'waitlist_position',
  'name',
  'email',
  'organisation',
  'locale',
  'promoted_at',
  'cancelled_at',
] as const;

/** Everyone who registered, in order of arrival; cancelled rows stay, without personal data. */
export async function registrationRows(app: App, kind: EventKind, slug: string): Promise<Cell[][]> {
  findEvent(app.catalog, kind, slug);
  const rows = await exportRows(app.db(), { kind, slug });
  return rows.map((row) => [
    row.id,
    row.created_at.toISOString(),
    row.status,
    row.waitlist_position,
    row.name,
    row.email,
    row.organisation,
    row.locale,
    row.promoted_at?.toISOString() ?? '',
    row.cancelled_at?.toISOString() ?? '',
  ]);
}
