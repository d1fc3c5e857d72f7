/** The islands' only way to the server: the public HTTP API (API.md). */
import type { Progress } from '../domain/progress.ts';
import type { Locale } from '../i18n/locale.ts';

export interface ApiError {
  code: string;
  message: string;
  field?: string;
}

export class ApiFailure extends Error {
  readonly error: ApiError;
  readonly status: number;

  constructor(status: number, error: ApiError) {
    super(error.message);
    this.status = status;
    this.error = error;
  }
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    // HeadersInit may be a Headers object or a list of pairs, which an object spread would lose.
    const headers = new Headers(init?.headers);
    if (!headers.has('accept')) headers.set('accept', 'application/json');
    response = await fetch(path, { ...init, headers });
  } catch {
    throw new ApiFailure(0, { code: 'network_error', message: 'network_error' });
  }
  const body = (await response.json().catch(() => null)) as { error?: ApiError } | null;
  if (!response.ok) throw new ApiFailure(response.status, body?.error ?? { code: 'http_error', message: `HTTP ${response.status}` });
  return body as T;
}

export const fetchProgress = (slug: string) => call<Progress>(`/api/campaigns/${encodeURIComponent(slug)}/progress`);

/** Progress of up to 24 campaigns in one request; slugs sorted, so the same cards share one CDN entry. */
export const fetchProgressOf = (slugs: readonly string[]) =>
  call<{ campaigns: Record<string, Progress> }>(`/api/progress?slugs=${[...slugs].sort().map(encodeURIComponent).join(',')}`);

export interface PledgeBody {
  campaign: string;
  amountCents: number;
  donor: { name?: string; email: string; anonymous: boolean; taxCode?: string };
  message?: string;
  showMessage?: boolean;
  consent: { privacy: boolean; updates?: boolean };
  locale: Locale;
}

export type PledgeCreated =
  { pledgeId: string; mode: 'demo' } | { pledgeId: string; mode: 'stripe'; clientSecret: string; publishableKey: string };

export const createPledge = (body: PledgeBody, idempotencyKey: string) =>
  call<PledgeCreated>('/api/pledges', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
    body: JSON.stringify(body),
  });

export const confirmDemoPledge = (pledgeId: string) =>
  call<{ status: 'succeeded' }>(`/api/pledges/${encodeURIComponent(pledgeId)}/demo-confirm`, { method: 'POST' });

export type PledgeStatus = 'pending' | 'succeeded' | 'failed' | 'canceled';

export interface PledgeView {
  pledgeId: string;
  campaign: string;
  status: PledgeStatus;
  amountCents: number;
}

export const fetchPledge = (pledgeId: string) => call<PledgeView>(`/api/pledges/${encodeURIComponent(pledgeId)}`);

/** Tells every progress island on the page that money moved, so it does not wait for its next refresh. */
export const PLEDGE_SUCCEEDED_EVENT = 'civic:pledge-succeeded';

export interface RegistrationBody {
  name: string;
  email: string;
  organisation?: string;
  consent: { privacy: boolean };
  locale: Locale;
}

export interface RegistrationView {
  registrationId: string;
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  position: number | null;
  event: {
    kind: 'infoday' | 'path';
    slug: string;
    title: string;
    titleEn: string | null;
    startsAt: string;
    endsAt: string | null;
    mode: 'in-person' | 'online' | null;
  };
}

export type RegistrationCreated = RegistrationView & { token: string; managePath: string };

export const createRegistration = (kind: 'infoday' | 'path', slug: string, body: RegistrationBody) =>
  call<RegistrationCreated>(`/api/${kind === 'path' ? 'paths' : 'infodays'}/${encodeURIComponent(slug)}/registrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

export const fetchRegistration = (token: string) => call<RegistrationView>(`/api/registrations/${encodeURIComponent(token)}`);

export const cancelRegistration = (token: string) =>
  call<RegistrationView & { promoted: number }>(`/api/registrations/${encodeURIComponent(token)}/cancel`, { method: 'POST' });

export interface PlacesView {
  capacity: number;
  confirmed: number;
  placesLeft: number;
  waitlisted: number;
}

export const fetchPlaces = (kind: 'infoday' | 'path', slug: string) =>
  call<PlacesView>(`/api/${kind === 'infoday' ? 'infodays' : 'paths'}/${encodeURIComponent(slug)}/places`);
