/**
 * Frontmatter schemas of the content collections, shared by Astro (src/content.config.ts) and by the
 * catalog script that hands the same data to the functions. Editors type money in euros; the schemas
 * turn it into integer cents and refuse anything finer than a cent.
 */
import { z } from 'astro/zod';
import { eurosToCents, shareToBasisPoints } from '../domain/money.ts';
import { checkTaxCode } from '../domain/tax-code.ts';

export const DISTRICTS = [
  'venezia-murano-burano',
  'lido-pellestrina',
  'favaro-veneto',
  'mestre-carpenedo',
  'chirignago-zelarino',
  'marghera',
] as const;
export type District = (typeof DISTRICTS)[number];

export const SOCIAL_PROBLEMS = [
  'inclusione-sociale',
  'anziani',
  'disabilita',
  'ambiente-clima',
  'cultura-aggregazione',
  'poverta-alimentare',
  'infanzia-giovani',
  'spazi-pubblici',
] as const;
export type SocialProblem = (typeof SOCIAL_PROBLEMS)[number];

export const euros = z
  .number({ error: 'expected an amount in euros, e.g. 2500 or 2500.50' })
  .positive({ error: 'expected an amount above zero' })
  .transform((value, ctx) => {
    const cents = eurosToCents(value);
    if (cents === null) {
      ctx.addIssue({ code: 'custom', message: `${value} is not an amount in euros with at most two decimals` });
      return z.NEVER;
    }
    return cents;
  });

const share = z
  .number({ error: 'expected a share between 0 and 1, e.g. 0.5' })
  .gt(0)
  .lte(1)
  .transform((value, ctx) => {
    const basisPoints = shareToBasisPoints(value);
    if (basisPoints === null) {
      ctx.addIssue({ code: 'custom', message: `${value} is finer than 0.01%` });
      return z.NEVER;
    }
    return basisPoints;
  });

const instant = z.coerce.date({ error: 'expected a date and time, e.g. 2026-11-01T09:00:00+01:00' });
const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: 'expected a slug: lowercase letters, digits and dashes' });
/** A source may be a printed or archived document with no address: never invent one. */
const source = z.object({ title: z.string().min(1), url: z.url().optional() });

/** A document or material is linked only when the file really exists under public/ (checked across files). */
const downloadable = z.object({ title: z.string().min(1), file: z.string().regex(/^\/[^\s]+$/, { error: 'expected a path under public/, starting with /, e.g. /documenti/avviso-2026.pdf' }).optional() });

export const callSchema = z
  .object({
    title: z.string().min(1),
    edition: z.number().int(),
    summary: z.string().min(1),
    /** An edition invented so the local site is alive; every page that shows it says so. */
    example: z.boolean().default(false),
    /** An edition that ran before this platform existed: shown as history, without live money. */
    historical: z.boolean().default(false),
    /** Historical calls may miss dates the public sources do not give; a live call needs them all. */
    applications: z.object({ opensAt: instant.optional(), closesAt: instant.optional() }),
    campaignWindow: z.object({ opensAt: instant.optional(), closesAt: instant.optional() }),
    maxProjects: z.number().int().positive(),
    projectCost: z.object({ min: euros.optional(), max: euros }),
    threshold: share,
    cofundingShare: share,
    maxCofundingPerProject: euros,
    pool: euros.optional(),
    poolNote: z.string().optional(),
    donation: z.object({ min: euros, max: euros }).optional(),
    fundingModel: z.enum(['keep-it-all', 'all-or-nothing']).optional(),
    /** What the platform keeps of each donation, in basis points of it (100 = 1%); none unless the call says so. */
    platformFeeBasisPoints: z.number().int().min(0).max(10_000).default(0),
    documents: z.array(downloadable).default([]),
    sources: z.array(source).default([]),
  })
  .superRefine((call, ctx) => {
    if (!call.historical && call.pool === undefined) {
      ctx.addIssue({ code: 'custom', path: ['pool'], message: 'a call that runs on the platform needs its pool in euros' });
    }
    if (!call.historical) {
      const required: [unknown, (string | number)[], string][] = [
        [call.applications.closesAt, ['applications', 'closesAt'], 'the closing instant of its applications'],
        [call.campaignWindow.opensAt, ['campaignWindow', 'opensAt'], 'the start of its campaign window'],
        [call.campaignWindow.closesAt, ['campaignWindow', 'closesAt'], 'the end of its campaign window'],
        [call.donation, ['donation'], 'its minimum and maximum donation in euros'],
        [call.fundingModel, ['fundingModel'], 'its funding model (keep-it-all or all-or-nothing)'],
      ];
      for (const [value, path, what] of required) {
        if (value === undefined) ctx.addIssue({ code: 'custom', path, message: `a call that runs on the platform needs ${what}` });
      }
    }
    if (call.donation && call.donation.min > call.donation.max) {
      ctx.addIssue({ code: 'custom', path: ['donation', 'min'], message: 'the minimum donation is above the maximum' });
    }
  });

/** A codice fiscale with its check character or digit right (src/domain/tax-code.ts). */
const taxCode = z.string().transform((value, ctx) => {
  const check = checkTaxCode(value);
  if (check.valid) return check.code;
  const problems = {
    shape: 'expected an Italian tax code: 11 digits for an organisation, or 16 letters and digits for a person',
    check_character: 'the last letter does not match the other 15 characters: check the code for a typo',
    check_digit: 'the last digit does not match the other 10: check the code for a typo',
  } as const;
  ctx.addIssue({ code: 'custom', message: problems[check.problem] });
  return z.NEVER;
});

export const organisationSchema = <Image extends z.ZodType>(image: Image) =>
  z.object({
    name: z.string().min(1),
    /** The name the organisation is registered under, as its receipts print it; by default `name`. */
    legalName: z.string().min(1).optional(),
    legalForm: z.string().min(1),
    /** Needed for art. 83 receipts. Only what the organisation made public: never invent one. */
    taxCode: taxCode.optional(),
    /** Registration number in the Registro unico nazionale del Terzo settore. */
    runtsNumber: z.string().min(1).optional(),
    registeredAddress: z.string().min(1).optional(),
    email: z.email({ error: 'expected an e-mail address' }).optional(),
    website: z.url().optional(),
    district: z.enum(DISTRICTS).optional(),
    logo: z.object({ src: image, alt: z.string().min(1, { error: 'alt text is required' }) }).optional(),
  });

const picture = <Image extends z.ZodType>(image: Image) =>
  z.object({
    src: image,
    alt: z
      .string({ error: 'alt text is required: describe the image for who cannot see it' })
      .min(1, { error: 'alt text is required: describe the image for who cannot see it' }),
  });

export const campaignSchema = <Image extends z.ZodType>(image: Image) =>
  z
    .object({
      title: z.string().min(1),
      summary: z.string().min(1).max(300),
      call: z.string().min(1),
      organisations: z.array(slug).min(1).max(3, { error: 'a campaign is proposed by one organisation or a network of up to three' }),
      /** The organisation that receives the money and issues the receipts: the lead of the network, by default the first. */
      payee: slug.optional(),
      district: z.enum(DISTRICTS),
      socialProblem: z.enum(SOCIAL_PROBLEMS),
      goal: euros.optional(),
      budget: z.array(z.object({ item: z.string().min(1), amount: euros })).optional(),
      opensAt: instant,
      closesAt: instant.optional(),
      cover: picture(image),
      gallery: z.array(picture(image)).default([]),
      video: z.url().optional(),
      suggestedAmounts: z.array(euros).max(6).default([]),
      otherWaysToGive: z.string().optional(),
      draft: z.boolean().default(false),
      cancelled: z.boolean().default(false),
      /** Campaigns that ran before this platform: what is known of their outcome, and where it is written. */
      history: z.object({ outcome: z.string().min(1), source }).optional(),
    })
    .superRefine((campaign, ctx) => {
      if (campaign.history) return;
      for (const field of ['goal', 'budget', 'closesAt'] as const) {
        if (campaign[field] === undefined) {
          ctx.addIssue({ code: 'custom', path: [field], message: `a campaign on the platform needs \`${field}\`` });
        }
      }
    });


export const updateSchema = z.object({
  title: z.string().min(1),
  date: instant,
  /** The campaign the update is about; without it, the update is news of the programme. */
  campaign: slug.optional(),
  summary: z.string().min(1).max(300),
});

export const infodaySchema = z
  .object({
    title: z.string().min(1),
    call: z.string().min(1),
    summary: z.string().min(1).max(300),
    /** Held before this platform existed: only the date is known and nobody can register. */
    historical: z.boolean().default(false),
    startsAt: instant,
    endsAt: instant.optional(),
    mode: z.enum(['in-person', 'online']),
    place: z.object({ name: z.string().min(1), address: z.string().min(1) }).optional(),
    /** Where an online infoday happens. Never published: only confirmed registrants receive it. */
    onlineLink: z.url({ error: 'expected the address of the online meeting, e.g. https://meet.example.org/abc' }).optional(),
    capacity: z.number().int().positive().optional(),
    registrationOpensAt: instant.optional(),
    registrationClosesAt: instant.optional(),
  })
  .superRefine((infoday, ctx) => {
    if (infoday.mode === 'in-person' && !infoday.place) {
      ctx.addIssue({ code: 'custom', path: ['place'], message: 'an in-person infoday needs its place: name and address' });
    }
    if (infoday.mode === 'in-person' && infoday.onlineLink) {
      ctx.addIssue({ code: 'custom', path: ['onlineLink'], message: 'an in-person infoday has no online link: set `mode: online` or remove the link' });
    }
    if (infoday.historical) return;
    for (const field of ['endsAt', 'capacity', 'registrationOpensAt', 'registrationClosesAt'] as const) {
      if (infoday[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: `an infoday open to registration needs \`${field}\`` });
    }
    if (infoday.endsAt && infoday.endsAt <= infoday.startsAt) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'the infoday ends before it starts' });
    if (infoday.registrationOpensAt && infoday.registrationClosesAt && infoday.registrationClosesAt <= infoday.registrationOpensAt) {
      ctx.addIssue({ code: 'custom', path: ['registrationClosesAt'], message: 'registration closes before it opens' });
    }
    if (infoday.registrationClosesAt && infoday.registrationClosesAt > infoday.startsAt) {
      ctx.addIssue({ code: 'custom', path: ['registrationClosesAt'], message: 'registration must close by the time the infoday starts' });
    }
  });

export const pathSchema = z
  .object({
    title: z.string().min(1),
    call: z.string().min(1),
    summary: z.string().min(1).max(300),
    sessions: z.array(z.object({ date: instant, endsAt: instant.optional(), topic: z.string().min(1), trainer: z.string().min(1) })).min(1),
    materials: z.array(downloadable).default([]),
    /** Where the sessions happen, when in person. */
    place: z.object({ name: z.string().min(1), address: z.string().min(1) }).optional(),
    /** Where online sessions happen. Never published: only confirmed registrants receive it. */
    onlineLink: z.url({ error: 'expected the address of the online meetings, e.g. https://meet.example.org/abc' }).optional(),
    /** Organisations register like people for infodays: places, then a waiting list. All three or none. */
    capacity: z.number().int().positive().optional(),
    registrationOpensAt: instant.optional(),
    registrationClosesAt: instant.optional(),
  })
  .superRefine((path, ctx) => {
    path.sessions.forEach((session, index) => {
      if (session.endsAt && session.endsAt <= session.date) ctx.addIssue({ code: 'custom', path: ['sessions', index, 'endsAt'], message: 'the session ends before it starts' });
    });
    const registration = [path.capacity, path.registrationOpensAt, path.registrationClosesAt];
    if (registration.some((value) => value !== undefined) && registration.some((value) => value === undefined)) {
      for (const field of ['capacity', 'registrationOpensAt', 'registrationClosesAt'] as const) {
        if (path[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: `a path open to registration needs \`capacity\`, \`registrationOpensAt\` and \`registrationClosesAt\`; \`${field}\` is missing` });
      }
    }
    if (path.registrationOpensAt && path.registrationClosesAt && path.registrationClosesAt <= path.registrationOpensAt) {
      ctx.addIssue({ code: 'custom', path: ['registrationClosesAt'], message: 'registration closes before it opens' });
    }
    const first = Math.min(...path.sessions.map((session) => session.date.getTime()));
    if (path.registrationClosesAt && path.registrationClosesAt.getTime() > first) {
      ctx.addIssue({ code: 'custom', path: ['registrationClosesAt'], message: 'registration must close by the time the first session starts' });
    }
  });

export const PAGE_SECTIONS = ['crowdfunding', 'transparency', 'legal'] as const;

export const pageSchema = z.object({
  title: z.string().min(1),
  description: z.string().min(1).max(300),
  section: z.enum(PAGE_SECTIONS),
  order: z.number().int(),
  /** The programme's money, shown on the transparency page. */
  programme: z
    .object({
      name: z.string().min(1),
      code: z.string().min(1),
      cup: z.string().regex(/^[A-Z0-9]{15}$/, { error: 'expected a CUP: 15 letters and digits' }),
      startsOn: z.coerce.date(),
      endsOn: z.coerce.date(),
      programmed: euros,
      admitted: euros,
      committed: euros,
      paid: euros,
      relatedActions: z.array(source).default([]),
      sources: z.array(source).default([]),
    })
    .optional(),
  /** Where the accessibility statement sends feedback. */
  feedback: z.object({ email: z.email(), note: z.string().optional() }).optional(),
});

/*
 * English translations: content/<collection>/en/<id>.md holds only the translatable fields of the
 * Italian file with the same id. Lists (budget labels, gallery alt texts, session topics) follow the
 * order of the Italian lists and must have the same length; the cross-file checks hold that.
 */
const text = z.string().min(1);

export const callEnSchema = z.strictObject({ title: text, summary: text, poolNote: text.optional(), documents: z.array(text).optional() });
export const organisationEnSchema = z.strictObject({ legalForm: text.optional(), logoAlt: text.optional() });
export const campaignEnSchema = z.strictObject({
  title: text,
  summary: text.max(300),
  coverAlt: z.string({ error: 'alt text is required: describe the image for who cannot see it' }).min(1),
  galleryAlts: z.array(text).optional(),
  budget: z.array(text).optional(),
  otherWaysToGive: text.optional(),
  historyOutcome: text.optional(),
});
export const updateEnSchema = z.strictObject({ title: text, summary: text.max(300) });
export const infodayEnSchema = z.strictObject({ title: text, summary: text.max(300), placeName: text.optional() });
export const pathEnSchema = z.strictObject({ title: text, summary: text.max(300), sessions: z.array(text).optional(), materials: z.array(text).optional(), placeName: text.optional() });
export const pageEnSchema = z.strictObject({ title: text, description: text.max(300), feedbackNote: text.optional() });

export type CallData = z.output<typeof callSchema>;
export type OrganisationData = z.output<ReturnType<typeof organisationSchema>>;
export type CampaignData = z.output<ReturnType<typeof campaignSchema>>;
export type UpdateData = z.output<typeof updateSchema>;
export type InfodayData = z.output<typeof infodaySchema>;
export type PathData = z.output<typeof pathSchema>;
export type PageData = z.output<typeof pageSchema>;
export type CampaignEnData = z.output<typeof campaignEnSchema>;
