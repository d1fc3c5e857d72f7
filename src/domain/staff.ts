/**
 * Who may do what in the staff console, and how long a sign-in lasts. Pure: the caller passes `now`.
 *
 * Roles are kept apart from identities (how a person proves who they are: an e-mailed link today, the
 * city's OIDC/SPID/CIE gateway later), so a new way of signing in changes nothing here.
 */

export type Role = 'admin' | 'org_member' | 'auditor';
export const ROLES: readonly Role[] = ['admin', 'org_member', 'auditor'];

/** One role a person holds; an organisation member's grant names the organisation (its content slug). */
export interface Grant {
  role: Role;
  organisation: string | null;
}

export interface Principal {
  personId: string;
  email: string;
  name: string;
  grants: readonly Grant[];
}

export const isAdmin = (who: Principal) => who.grants.some((grant) => grant.role === 'admin');
export const isAuditor = (who: Principal) => who.grants.some((grant) => grant.role === 'auditor');
/** Administrators and auditors see the whole city; organisation members only their own. */
export const seesEverything = (who: Principal) => isAdmin(who) || isAuditor(who);

export function organisationsOf(who: Principal): string[] {
  return [
    ...new Set(who.grants.flatMap((grant) => (grant.role === 'org_member' && grant.organisation ? [grant.organisation] : []))),
  ].sort();
}

/** A campaign belongs to an organisation when its `organisations` list in the catalog holds it. */
export function canSeeCampaign(who: Principal, campaignOrganisations: readonly string[]): boolean {
  if (seesEverything(who)) return true;
  const mine = organisationsOf(who);
  return campaignOrganisations.some((slug) => mine.includes(slug));
}

export function canSeeOrganisation(who: Principal, organisation: string): boolean {
  return seesEverything(who) || organisationsOf(who).includes(organisation);
}

/**
 * What each kind of page or action needs. Registrations to infodays and paths are the city's: paths carry
 * no organisation in the content, so no organisation member can be said to own one.
 */
export type Capability =
  | 'read_city' // reconciliation, registrations, e-mail that failed, audit log
  | 'manage_registrations' // cancel a registration
  | 'forget_donor'
  | 'manage_people';

export function can(who: Principal, capability: Capability): boolean {
  switch (capability) {
    case 'read_city':
      return seesEverything(who);
    case 'manage_registrations':
    case 'forget_donor':
    case 'manage_people':
      return isAdmin(who);
  }
}

export const SIGN_IN_LINK_MINUTES = 15;
/** An invitation reaches someone who may not read it at once: its link lasts three days, and still only once. */
export const INVITATION_LINK_MINUTES = 72 * 60;
export const SESSION_ABSOLUTE_MINUTES = 8 * 60;
export const SESSION_ROTATE_MINUTES = 60;

export interface SessionTimes {
  createdAt: Date;
  rotatedAt: Date;
  revokedAt: Date | null;
}

export type SessionDecision = 'valid' | 'rotate' | 'expired';

/**
 * A session lives 8 hours from sign-in whatever happens; its token is replaced at least hourly, and at
 * once when the person's roles changed after the token was issued.
 */
export function decideSession(session: SessionTimes, rolesChangedAt: Date, now: Date): SessionDecision {
  if (session.revokedAt) return 'expired';
  if (now.getTime() >= session.createdAt.getTime() + SESSION_ABSOLUTE_MINUTES * 60_000) return 'expired';
  if (rolesChangedAt.getTime() > session.rotatedAt.getTime()) return 'rotate';
  if (now.getTime() >= session.rotatedAt.getTime() + SESSION_ROTATE_MINUTES * 60_000) return 'rotate';
  return 'valid';
}

export function sessionExpiresAt(createdAt: Date): Date {
  return new Date(createdAt.getTime() + SESSION_ABSOLUTE_MINUTES * 60_000);
}

/**
 * What the audit log keeps of where an action came from: enough to tell offices and networks apart,
 * not enough to name a household. IPv4 keeps its /24, IPv6 its /48.
 */
export function truncateAddress(address: string): string {
  const ip = address.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}$/.exec(ip);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0/24`;
  if (ip.includes(':')) {
    const [head = ''] = ip.split('::');
    const groups = head.split(':').filter(Boolean);
    const kept = [...groups, '0', '0', '0'].slice(0, 3);
    return `${kept.join(':')}::/48`;
  }
  return 'unknown';
}

const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;

/** E-mail addresses compare without case; people type them in any. */
export function normaliseEmail(value: string): string | null {
  const email = value.trim().toLowerCase();
  return email.length <= 254 && EMAIL.test(email) ? email : null;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface InvitationInput {
  email: string;
  name: string;
  role: Role;
  organisations: string[];
}

export type InvitationProblem = 'email' | 'name' | 'role' | 'organisations';

/** Checks an invitation against the organisations that exist; an organisation member needs at least one. */
export function checkInvitation(
  input: { email: string; name: string; role: string; organisations: readonly string[] },
  knownOrganisations: ReadonlySet<string>,
): { ok: true; value: InvitationInput } | { ok: false; problem: InvitationProblem } {
  const email = normaliseEmail(input.email);
  if (!email) return { ok: false, problem: 'email' };
  const name = input.name.trim();
  if (name.length === 0 || name.length > 200) return { ok: false, problem: 'name' };
  if (!(ROLES as readonly string[]).includes(input.role)) return { ok: false, problem: 'role' };
  const role = input.role as Role;
  const organisations = [...new Set(input.organisations.map((slug) => slug.trim()).filter(Boolean))].sort();
  if (role === 'org_member') {
    if (organisations.length === 0 || organisations.some((slug) => !SLUG.test(slug) || !knownOrganisations.has(slug))) {
      return { ok: false, problem: 'organisations' };
    }
  } else if (organisations.length > 0) {
    return { ok: false, problem: 'organisations' };
  }
  return { ok: true, value: { email, name, role, organisations } };
}
