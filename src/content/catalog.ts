/**
 * The catalog is what the functions need to know of the content: each call's rule and limits and
 * each campaign's goal and schedule, in cents and ISO instants. It is built from the same validated
 * frontmatter that the pages use, after the checks that span several files.
 */
import { entitledCents, thresholdCents, type CofundingRule } from '../domain/cofunding.ts';
import { formatEuros, sumCents, type Cents } from '../domain/money.ts';
import type { CallData, CampaignData, OrganisationData } from './schemas.ts';

export interface CatalogCall {
  id: string;
  title: string;
  example: boolean;
  historical: boolean;
  fundingModel: 'keep-it-all' | 'all-or-nothing';
  rule: CofundingRule;
  poolCents: Cents | null;
  donation: { minCents: Cents; maxCents: Cents };
}

export interface CatalogCampaign {
  slug: string;
  title: string;
  call: string;
  organisations: string[];
  district: string;
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

export interface Catalog {
  calls: Record<string, CatalogCall>;
  campaigns: Record<string, CatalogCampaign>;
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

  if (data.budget && data.goal !== undefined) {
    const total = sumCents(data.budget.map((line) => line.amount));
    if (total !== data.goal) {
      fail('budget', `the budget lines add up to ${formatEuros(total)} but the goal is ${formatEuros(data.goal)}: they must be equal`);
    }
  }
  if (data.closesAt && data.closesAt <= data.opensAt) fail('closesAt', 'the campaign closes before it opens');
  if (!call) return errors;

  const window = call.data.campaignWindow;
  if (data.opensAt < window.opensAt) {
    fail('opensAt', `${data.opensAt.toISOString()} is before the call's campaign window opens (${window.opensAt.toISOString()})`);
  }
  if (data.closesAt && window.closesAt && data.closesAt > window.closesAt) {
    fail('closesAt', `${data.closesAt.toISOString()} is after the call's campaign window closes (${window.closesAt.toISOString()})`);
  }
  if (data.goal !== undefined) {
    const { min, max } = call.data.projectCost;
    if (data.goal > max || (min !== undefined && data.goal < min)) {
      fail('goal', `${formatEuros(data.goal)} is outside the project cost allowed by the call (${min === undefined ? '' : formatEuros(min) + ' - '}${formatEuros(max)})`);
    }
  }
  data.suggestedAmounts.forEach((amount, index) => {
    if (amount < call.data.donation.min || amount > call.data.donation.max) {
      fail(`suggestedAmounts[${index}]`, `${formatEuros(amount)} is outside the call's donation limits`);
    }
  });
  if (!data.history && call.data.historical) fail('call', `"${data.call}" is a historical call: a live campaign needs a call that runs on the platform`);
  return errors;
}

function toCatalogCall({ id, data }: Entry<CallData>): CatalogCall {
  return {
    id,
    title: data.title,
    example: data.example,
    historical: data.historical,
    fundingModel: data.fundingModel,
    rule: {
      thresholdBasisPoints: data.threshold,
      cofundingShareBasisPoints: data.cofundingShare,
      maxCofundingPerProjectCents: data.maxCofundingPerProject,
    },
    poolCents: data.pool ?? null,
    donation: { minCents: data.donation.min, maxCents: data.donation.max },
  };
}

function toCatalogCampaign({ id, data }: Entry<CampaignData>, call: CatalogCall): CatalogCampaign {
  const goalCents = data.goal ?? null;
  return {
    slug: id,
    title: data.title,
    call: data.call,
    organisations: data.organisations,
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

/** Checks what spans several files and builds the catalog; throws every problem found at once. */
export function buildCatalog(input: {
  calls: Entry<CallData>[];
  organisations: Entry<OrganisationData>[];
  campaigns: Entry<CampaignData>[];
}): Catalog {
  const calls = new Map(input.calls.map((call) => [call.id, call]));
  const organisations = new Set(input.organisations.map((org) => org.id));
  const published = input.campaigns.filter((campaign) => !campaign.data.draft);
  const errors = published.flatMap((campaign) => checkCampaign(campaign, calls, organisations));
  if (errors.length > 0) throw new AggregateContentError(errors);

  const catalogCalls = Object.fromEntries(input.calls.map((call) => [call.id, toCatalogCall(call)]));
  const campaigns = Object.fromEntries(
    published.map((campaign) => [campaign.id, toCatalogCampaign(campaign, catalogCalls[campaign.data.call]!)]),
  );
  return { calls: catalogCalls, campaigns };
}

export class AggregateContentError extends Error {
  readonly errors: ContentError[];

  constructor(errors: ContentError[]) {
    super(`Content has ${errors.length} problem${errors.length === 1 ? '' : 's'}:\n${errors.map((e) => `  - ${e.message}`).join('\n')}`);
    this.name = 'AggregateContentError';
    this.errors = errors;
  }
}
