/**
 * The catalog is what the functions need to know of the content: each call's rule and limits and
 * each campaign's goal and schedule, in cents and ISO instants. It is built from the same validated
 * frontmatter that the pages use, after the checks that span several files.
 */
import { entitledCents, thresholdCents, type CofundingRule } from '../domain/cofunding.ts';
import { sumCents, type Cents } from '../domain/money.ts';
import { formatMoney } from '../i18n/format.ts';
import type { CallData, CampaignData, District, InfodayData, OrganisationData, PageData, PathData, UpdateData } from './schemas.ts';

export interface CatalogCall {
  id: string;
  title: string;
  /** Which edition of the programme: the campaign's Open Graph card names it. */
  edition: number;
  example: boolean;
  historical: boolean;
  fundingModel: 'keep-it-all' | 'all-or-nothing';
  rule: CofundingRule;
  poolCents: Cents | null;
  donation: { minCents: Cents; maxCents: Cents };
  /** What the platform keeps of each donation it transfers to the payee, in basis points (0 unless the call says so). */
  platformFeeBasisPoints: number;
}

/** An organisation as payouts and receipts need it: who it is in law. Its Stripe account lives in PostgreSQL. */
export interface CatalogOrganisation {
  slug: string;
  name: string;
  legalName: string;
  legalForm: string;
  /** Null when the organisation has not made it public: it then cannot issue art. 83 receipts here. */
  taxCode: string | null;
  runtsNumber: string | null;
  registeredAddress: string | null;
  email: string | null;
}

export interface CatalogCampaign {
  slug: string;
  title: string;
  /** The English title, when the campaign is translated (its Open Graph card in English). */
  titleEn: string | null;
  call: string;
  organisations: string[];
  /** The organisation that receives the money and issues the receipts (one of `organisations`). */
  payee: string;
  district: District;
  /** Null for campaigns that ran before the platform and whose figures are not public. */
  goalCents: Cents | null;
  thresholdCents: Cents | null;
  entitledCents: Cents | null;
  opensAt: string;
  closesAt: string | null;
  cancelled: boolean;
  historical: boolean;
  suggestedAmountsCents: Cents[];
}

/** An infoday or a path as registration needs it. The functions bundle it; no page or public endpoint shows `onlineLink`. */
export interface CatalogEvent {
  slug: string;
  kind: 'infoday' | 'path';
  call: string;
  title: string;
  /** The English title, when the event is translated. */
  titleEn: string | null;
  /** The first session of a path. */
  startsAt: string;
  /** The end of the infoday, or of the last session of a path; null when unknown. */
  endsAt: string | null;
  /** Null for a path whose content says neither where nor how its sessions happen. */
  mode: 'in-person' | 'online' | null;
  place: { name: string; address: string } | null;
  onlineLink: string | null;
  /** Null when the event takes no registration (historical infodays, paths without places). */
  registration: { capacity: number; opensAt: string; closesAt: string } | null;
}

export interface Catalog {
  calls: Record<string, CatalogCall>;
  organisations: Record<string, CatalogOrganisation>;
  campaigns: Record<string, CatalogCampaign>;
  infodays: Record<string, CatalogEvent>;
  paths: Record<string, CatalogEvent>;
}

export interface Entry<T> {
  id: string;
  /** Path of the source file, for messages an editor can act on. */
  file: string;
  data: T;
}

export class ContentError extends Error {
  readonly file: string;
  readonly field: string;
  readonly problem: string;

  constructor(file: string, field: string, problem: string) {
    super(`${file}: field \`${field}\`: ${problem}`);
    this.name = 'ContentError';
    this.file = file;
    this.field = field;
    this.problem = problem;
  }
}

function checkCampaign(
  campaign: Entry<CampaignData>,
  calls: Map<string, Entry<CallData>>,
  organisations: Set<string>,
): ContentError[] {
  const errors: ContentError[] = [];
  const fail = (field: string, problem: string) => errors.push(new ContentError(campaign.file, field, problem));
  const { data } = campaign;

  const call = calls.get(data.call);
  if (!call) fail('call', `unknown call "${data.call}"; known calls: ${[...calls.keys()].join(', ')}`);
  data.organisations.forEach((org, index) => {
    if (!organisations.has(org)) fail(`organisations[${index}]`, `unknown organisation "${org}": add content/organisations/${org}.md or fix the name`);
  });
  if (data.payee !== undefined && !data.organisations.includes(data.payee)) {
    fail('payee', `"${data.payee}" is not one of the campaign's organisations (${data.organisations.join(', ')}): the payee is the lead of the network`);
  }

  if (data.budget && data.goal !== undefined) {
    const total = sumCents(data.budget.map((line) => line.amount));
    if (total !== data.goal) {
      fail('budget', `the budget lines add up to ${formatMoney(total)} but the goal is ${formatMoney(data.goal)}: they must be equal`);
    }
  }
  if (data.closesAt && data.closesAt <= data.opensAt) fail('closesAt', 'the campaign closes before it opens');
  if (!call) return errors;

  const window = call.data.campaignWindow;
  if (window.opensAt && data.opensAt < window.opensAt) {
    fail('opensAt', `${data.opensAt.toISOString()} is before the call's campaign window opens (${window.opensAt.toISOString()})`);
  }
  if (data.closesAt && window.closesAt && data.closesAt > window.closesAt) {
    fail('closesAt', `${data.closesAt.toISOString()} is after the call's campaign window closes (${window.closesAt.toISOString()})`);
  }
  if (data.goal !== undefined) {
    const { min, max } = call.data.projectCost;
    if (data.goal > max || (min !== undefined && data.goal < min)) {
      fail('goal', `${formatMoney(data.goal)} is outside the project cost allowed by the call (${min === undefined ? '' : formatMoney(min) + ' - '}${formatMoney(max)})`);
    }
  }
  const donation = call.data.donation;
  data.suggestedAmounts.forEach((amount, index) => {
    if (donation && (amount < donation.min || amount > donation.max)) {
      fail(`suggestedAmounts[${index}]`, `${formatMoney(amount)} is outside the call's donation limits`);
    }
  });
  if (!data.history && call.data.historical) fail('call', `"${data.call}" is a historical call: a live campaign needs a call that runs on the platform`);
  return errors;
}

function toCatalogCall({ id, data }: Entry<CallData>): CatalogCall {
  return {
    id,
    title: data.title,
    edition: data.edition,
    example: data.example,
    historical: data.historical,
    // Historical calls take no pledges and close nothing: their unknown model and limits are never used.
    fundingModel: data.fundingModel ?? 'keep-it-all',
    rule: {
      thresholdBasisPoints: data.threshold,
      cofundingShareBasisPoints: data.cofundingShare,
      maxCofundingPerProjectCents: data.maxCofundingPerProject,
    },
    poolCents: data.pool ?? null,
    donation: data.donation ? { minCents: data.donation.min, maxCents: data.donation.max } : { minCents: 0, maxCents: 0 },
    platformFeeBasisPoints: data.platformFeeBasisPoints,
  };
}

function toCatalogOrganisation({ id, data }: Entry<OrganisationData>): CatalogOrganisation {
  return {
    slug: id,
    name: data.name,
    legalName: data.legalName ?? data.name,
    legalForm: data.legalForm,
    taxCode: data.taxCode ?? null,
    runtsNumber: data.runtsNumber ?? null,
    registeredAddress: data.registeredAddress ?? null,
    email: data.email ?? null,
  };
}

function toCatalogCampaign({ id, data }: Entry<CampaignData>, call: CatalogCall, titleEn: string | undefined): CatalogCampaign {
  const goalCents = data.goal ?? null;
  return {
    slug: id,
    title: data.title,
    titleEn: titleEn ?? null,
    call: data.call,
    organisations: data.organisations,
    payee: data.payee ?? data.organisations[0]!,
    district: data.district,
    goalCents,
    thresholdCents: goalCents === null ? null : thresholdCents(call.rule, goalCents),
    entitledCents: goalCents === null ? null : entitledCents(call.rule, goalCents),
    opensAt: data.opensAt.toISOString(),
    closesAt: data.closesAt?.toISOString() ?? null,
    cancelled: data.cancelled,
    historical: data.history !== undefined,
    suggestedAmountsCents: data.suggestedAmounts,
  };
}

function registrationOf(data: { capacity?: number | undefined; registrationOpensAt?: Date | undefined; registrationClosesAt?: Date | undefined }): CatalogEvent['registration'] {
  const { capacity, registrationOpensAt: opensAt, registrationClosesAt: closesAt } = data;
  return capacity !== undefined && opensAt && closesAt ? { capacity, opensAt: opensAt.toISOString(), closesAt: closesAt.toISOString() } : null;
}

function toCatalogInfoday({ id, data }: Entry<InfodayData>, titleEn: string | undefined): CatalogEvent {
  return {
    slug: id,
    kind: 'infoday',
    call: data.call,
    title: data.title,
    titleEn: titleEn ?? null,
    startsAt: data.startsAt.toISOString(),
    endsAt: data.endsAt?.toISOString() ?? null,
    mode: data.mode,
    place: data.place ?? null,
    onlineLink: data.onlineLink ?? null,
    registration: data.historical ? null : registrationOf(data),
  };
}

function toCatalogPath({ id, data }: Entry<PathData>, titleEn: string | undefined): CatalogEvent {
  const starts = data.sessions.map((session) => session.date.getTime());
  const ends = data.sessions.map((session) => session.endsAt?.getTime() ?? session.date.getTime());
  const lastEnd = Math.max(...ends);
  const known = data.sessions.every((session) => session.endsAt);
  return {
    slug: id,
    kind: 'path',
    call: data.call,
    title: data.title,
    titleEn: titleEn ?? null,
    startsAt: new Date(Math.min(...starts)).toISOString(),
    endsAt: known ? new Date(lastEnd).toISOString() : null,
    mode: data.place ? 'in-person' : data.onlineLink ? 'online' : null,
    place: data.place ?? null,
    onlineLink: data.onlineLink ?? null,
    registration: registrationOf(data),
  };
}

/** The English files, by collection: each holds only the translatable fields of an Italian file. */
export interface Translations {
  calls?: Entry<{ documents?: string[] | undefined }>[];
  organisations?: Entry<unknown>[];
  campaigns?: Entry<{ title?: string; galleryAlts?: string[] | undefined; budget?: string[] | undefined; historyOutcome?: string | undefined; otherWaysToGive?: string | undefined }>[];
  updates?: Entry<unknown>[];
  infodays?: Entry<{ placeName?: string | undefined; title?: string }>[];
  paths?: Entry<{ sessions?: string[] | undefined; materials?: string[] | undefined; placeName?: string | undefined; title?: string }>[];
  pages?: Entry<unknown>[];
}

export interface ContentInput {
  calls: Entry<CallData>[];
  organisations: Entry<OrganisationData>[];
  campaigns: Entry<CampaignData>[];
  updates?: Entry<UpdateData>[];
  infodays?: Entry<InfodayData>[];
  paths?: Entry<PathData>[];
  pages?: Entry<PageData>[];
  translations?: Translations;
  /** Paths under public/ that exist, e.g. "/documenti/avviso.pdf": a document is linked only if its file is there. */
  publicFiles?: ReadonlySet<string>;
}

function sameLength(errors: ContentError[], file: string, field: string, translated: readonly unknown[] | undefined, italian: readonly unknown[], italianFile: string) {
  const count = translated?.length ?? 0;
  if (count !== italian.length) {
    errors.push(new ContentError(file, field, `has ${count} item${count === 1 ? '' : 's'} but ${italianFile} has ${italian.length}: translate every item, in the same order`));
  }
}

/** An English file must translate an Italian file that exists, and its lists must match the Italian ones item by item. */
function checkTranslations(input: ContentInput): ContentError[] {
  const errors: ContentError[] = [];
  const t = input.translations ?? {};
  const italian: Record<keyof Translations, Entry<unknown>[]> = {
    calls: input.calls,
    organisations: input.organisations,
    campaigns: input.campaigns,
    updates: input.updates ?? [],
    infodays: input.infodays ?? [],
    paths: input.paths ?? [],
    pages: input.pages ?? [],
  };
  for (const collection of Object.keys(italian) as (keyof Translations)[]) {
    const byId = new Map(italian[collection].map((entry) => [entry.id, entry]));
    for (const english of t[collection] ?? []) {
      if (!byId.has(english.id)) {
        errors.push(new ContentError(english.file, '(file name)', `translates "${english.id}", but there is no content/${collection}/${english.id}.md: rename the file after its Italian original or remove it`));
      }
    }
  }
  const byId = <T,>(entries: Entry<T>[] | undefined) => new Map((entries ?? []).map((entry) => [entry.id, entry]));
  const campaigns = byId(input.campaigns);
  for (const en of t.campaigns ?? []) {
    const it = campaigns.get(en.id);
    if (!it) continue;
    if (it.data.budget) sameLength(errors, en.file, 'budget', en.data.budget, it.data.budget, it.file);
    else if (en.data.budget) errors.push(new ContentError(en.file, 'budget', `${it.file} has no budget lines to translate`));
    if (it.data.gallery.length > 0 || en.data.galleryAlts) sameLength(errors, en.file, 'galleryAlts', en.data.galleryAlts, it.data.gallery, it.file);
    if (it.data.history && !en.data.historyOutcome) errors.push(new ContentError(en.file, 'historyOutcome', `${it.file} tells the campaign's outcome (history.outcome): translate it`));
    if (it.data.otherWaysToGive && !en.data.otherWaysToGive) errors.push(new ContentError(en.file, 'otherWaysToGive', `${it.file} has otherWaysToGive: translate it`));
  }
  const paths = byId(input.paths);
  for (const en of t.paths ?? []) {
    const it = paths.get(en.id);
    if (!it) continue;
    sameLength(errors, en.file, 'sessions', en.data.sessions, it.data.sessions, it.file);
    if (it.data.materials.length > 0 || en.data.materials) sameLength(errors, en.file, 'materials', en.data.materials, it.data.materials, it.file);
  }
  const calls = byId(input.calls);
  for (const en of t.calls ?? []) {
    const it = calls.get(en.id);
    if (it && (it.data.documents.length > 0 || en.data.documents)) sameLength(errors, en.file, 'documents', en.data.documents, it.data.documents, it.file);
  }
  const infodays = byId(input.infodays);
  for (const en of t.infodays ?? []) {
    const it = infodays.get(en.id);
    if (it && en.data.placeName && !it.data.place) errors.push(new ContentError(en.file, 'placeName', `${it.file} has no place to translate`));
  }
  for (const en of t.paths ?? []) {
    const it = paths.get(en.id);
    if (it && en.data.placeName && !it.data.place) errors.push(new ContentError(en.file, 'placeName', `${it.file} has no place to translate`));
  }
  return errors;
}

/** Updates, infodays and paths point at campaigns and calls that exist; documents point at files that exist. */
function checkSecondary(input: ContentInput, calls: Map<string, Entry<CallData>>): ContentError[] {
  const errors: ContentError[] = [];
  const campaigns = new Set(input.campaigns.filter((c) => !c.data.draft).map((c) => c.id));
  const knownCalls = [...calls.keys()].join(', ');
  for (const update of input.updates ?? []) {
    if (update.data.campaign && !campaigns.has(update.data.campaign)) {
      errors.push(new ContentError(update.file, 'campaign', `unknown or draft campaign "${update.data.campaign}"`));
    }
  }
  for (const entry of [...(input.infodays ?? []), ...(input.paths ?? [])]) {
    if (!calls.has(entry.data.call)) errors.push(new ContentError(entry.file, 'call', `unknown call "${entry.data.call}"; known calls: ${knownCalls}`));
  }
  const files = input.publicFiles;
  const checkFiles = (file: string, field: string, items: readonly { file?: string | undefined }[]) =>
    items.forEach((item, index) => {
      if (item.file && files && !files.has(item.file)) {
        errors.push(new ContentError(file, `${field}[${index}].file`, `public${item.file} does not exist: add the file, or remove \`file\` so the document is listed as not yet available`));
      }
    });
  for (const call of input.calls) checkFiles(call.file, 'documents', call.data.documents);
  for (const path of input.paths ?? []) checkFiles(path.file, 'materials', path.data.materials);
  return errors;
}

/** Checks what spans several files and builds the catalog; throws every problem found at once. */
export function buildCatalog(input: ContentInput): Catalog {
  const calls = new Map(input.calls.map((call) => [call.id, call]));
  const organisations = new Set(input.organisations.map((org) => org.id));
  const published = input.campaigns.filter((campaign) => !campaign.data.draft);
  const errors = [
    ...published.flatMap((campaign) => checkCampaign(campaign, calls, organisations)),
    ...checkSecondary(input, calls),
    ...checkTranslations(input),
  ];
  if (errors.length > 0) throw new AggregateContentError(errors);

  const catalogCalls = Object.fromEntries(input.calls.map((call) => [call.id, toCatalogCall(call)]));
  const englishTitles = (entries: Entry<{ title?: string }>[] | undefined) => new Map((entries ?? []).map((entry) => [entry.id, entry.data.title]));
  const campaignsEn = englishTitles(input.translations?.campaigns);
  const campaigns = Object.fromEntries(
    published.map((campaign) => [campaign.id, toCatalogCampaign(campaign, catalogCalls[campaign.data.call]!, campaignsEn.get(campaign.id))]),
  );
  const infodaysEn = englishTitles(input.translations?.infodays);
  const pathsEn = englishTitles(input.translations?.paths);
  const infodays = Object.fromEntries((input.infodays ?? []).map((entry) => [entry.id, toCatalogInfoday(entry, infodaysEn.get(entry.id))]));
  const paths = Object.fromEntries((input.paths ?? []).map((entry) => [entry.id, toCatalogPath(entry, pathsEn.get(entry.id))]));
  const catalogOrganisations = Object.fromEntries(input.organisations.map((entry) => [entry.id, toCatalogOrganisation(entry)]));
  return { calls: catalogCalls, organisations: catalogOrganisations, campaigns, infodays, paths };
}

export class AggregateContentError extends Error {
  readonly errors: ContentError[];

  constructor(errors: ContentError[]) {
    super(`Content has ${errors.length} problem${errors.length === 1 ? '' : 's'}:\n${errors.map((e) => `  - ${e.message}`).join('\n')}`);
    this.name = 'AggregateContentError';
    this.errors = errors;
  }
}
