/**
 * Registering for an infoday or a path: when the window is open, who gets a place and who waits.
 * Pure: the caller passes the clock and the counts read under the event's lock.
 */
import { z } from 'astro/zod';
import { DomainError } from './errors.ts';
import { plainText } from './text.ts';
import type { Locale } from '../i18n/locale.ts';

export type EventKind = 'infoday' | 'path';
export type RegistrationStatus = 'confirmed' | 'waitlisted' | 'cancelled';
export type WindowState = 'not-yet' | 'open' | 'closed';

/** Null for events that take no registration (historical infodays, paths without places). */
export type RegistrationWindow = { opensAt: Date; closesAt: Date } | null;

export function windowState(window: RegistrationWindow, now: Date): WindowState {
  if (!window) return 'closed';
  if (now < window.opensAt) return 'not-yet';
  return now < window.closesAt ? 'open' : 'closed';
}

export function assertRegistrationOpen(window: RegistrationWindow, now: Date): void {
  const state = windowState(window, now);
  if (state === 'open') return;
  throw new DomainError(
    'registration_closed',
    state === 'not-yet' ? 'Registration for this event is not open yet.' : 'Registration for this event is closed.',
  );
}

/**
 * How many people on the waiting list take a free place now, earliest first. Places free up when
 * someone cancels or when an editor raises the capacity.
 */
export function promotionsDue(counts: { confirmed: number; waitlisted: number; capacity: number }): number {
  return Math.max(0, Math.min(counts.capacity - counts.confirmed, counts.waitlisted));
}

/** A newcomer gets a place only if nobody is waiting for one: the list is served first. */
export function statusForNewcomer(counts: { confirmed: number; waitlisted: number; capacity: number }): 'confirmed' | 'waitlisted' {
  return counts.waitlisted === 0 && counts.confirmed < counts.capacity ? 'confirmed' : 'waitlisted';
}

const registrationSchema = z.object({
  name: plainText({ max: 120, error: 'a name is required' }).pipe(z.string().min(1, { error: 'a name is required' })),
  email: plainText({ max: 254 }).pipe(z.email({ error: 'a valid e-mail address is required' })),
  organisation: plainText({ max: 200 }).optional(),
  consent: z.object({ privacy: z.boolean() }, { error: 'consent.privacy must be true' }),
  locale: z.enum(['it', 'en']).default('it'),
});

export type RegistrationRequest = Omit<z.output<typeof registrationSchema>, 'organisation'> & { organisation: string | null };

export function parseRegistrationRequest(body: unknown, options: { organisationRequired: boolean }): RegistrationRequest {
  const result = registrationSchema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.join('.');
    if (field.startsWith('consent'))
      throw new DomainError('consent_required', 'Privacy consent is required to register.', 'consent.privacy');
    throw new DomainError('invalid_body', `${field || 'body'}: ${issue.message}`, field || undefined);
  }
  const request = result.data;
  if (!request.consent.privacy) throw new DomainError('consent_required', 'Privacy consent is required to register.', 'consent.privacy');
  const organisation = request.organisation ? request.organisation : null;
  if (options.organisationRequired && !organisation) {
    throw new DomainError('invalid_body', 'organisation: a path is for organisations: give the name of yours', 'organisation');
  }
  return { ...request, organisation };
}

/**
 * The page where a registrant sees their status and can cancel. The token travels in the fragment,
 * which browsers never send to a server nor put in a Referer.
 */
export function managePath(locale: Locale, token: string): string {
  return `${locale === 'en' ? '/en' : ''}/iscrizione/#${token}`;
}

/** Tokens are 32 random bytes in base64url: 43 characters. */
export function isToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}
