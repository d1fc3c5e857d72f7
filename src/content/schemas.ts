/**
 * Frontmatter schemas of the content collections, shared by Astro (src/content.config.ts) and by the
 * catalog script that hands the same data to the functions. Editors type money in euros; the schemas
 * turn it into integer cents and refuse anything finer than a cent.
 */
import { z } from 'astro/zod';
import { eurosToCents, shareToBasisPoints } from '../domain/money.ts';

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

export const callSchema = z
  .object({
    title: z.string().min(1),
    edition: z.number().int(),
    summary: z.string().min(1),
    /** An edition invented so the local site is alive; every page that shows it says so. */
    example: z.boolean().default(false),
    /** An edition that ran before this platform existed: shown as history, without live money. */
    historical: z.boolean().default(false),
    applications: z.object({ opensAt: instant.optional(), closesAt: instant }),
    campaignWindow: z.object({ opensAt: instant, closesAt: instant.optional() }),
    maxProjects: z.number().int().positive(),
    projectCost: z.object({ min: euros.optional(), max: euros }),
    threshold: share,
    cofundingShare: share,
    maxCofundingPerProject: euros,
    pool: euros.optional(),
    poolNote: z.string().optional(),
    donation: z.object({ min: euros, max: euros }),
    fundingModel: z.enum(['keep-it-all', 'all-or-nothing']),
    documents: z.array(z.object({ title: z.string().min(1), file: z.string().min(1) })).default([]),
    sources: z.array(source).default([]),
  })
  .superRefine((call, ctx) => {
    if (!call.historical && call.pool === undefined) {
      ctx.addIssue({ code: 'custom', path: ['pool'], message: 'a call that runs on the platform needs its pool in euros' });
    }
    if (!call.historical && call.campaignWindow.closesAt === undefined) {
      ctx.addIssue({ code: 'custom', path: ['campaignWindow', 'closesAt'], message: 'a call that runs on the platform needs the end of its campaign window' });
    }
    if (call.donation.min > call.donation.max) {
      ctx.addIssue({ code: 'custom', path: ['donation', 'min'], message: 'the minimum donation is above the maximum' });
    }
  });

export const organisationSchema = <Image extends z.ZodType>(image: Image) =>
  z.object({
    name: z.string().min(1),
    legalForm: z.string().min(1),
    taxCode: z.string().regex(/^\d{11}$|^[A-Z0-9]{16}$/, { error: 'expected an Italian tax code (11 digits or 16 characters)' }).optional(),
    website: z.url().optional(),
    district: z.enum(DISTRICTS).optional(),
    logo: z.object({ src: image, alt: z.string().min(1, { error: 'alt text is required' }) }).optional(),
    stripeAccountId: z.string().regex(/^acct_/).optional(),
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

export type CallData = z.output<typeof callSchema>;
export type OrganisationData = z.output<ReturnType<typeof organisationSchema>>;
export type CampaignData = z.output<ReturnType<typeof campaignSchema>>;
