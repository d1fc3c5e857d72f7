/** The environment, read once, validated and frozen. Tests build their own Config instead. */
import { z } from 'astro/zod';

export type PaymentsConfig = { mode: 'demo' } | { mode: 'stripe'; secretKey: string; publishableKey: string; apiBase: string | undefined };

export interface Config {
  databaseUrl: string | undefined;
  /** The schema's owner, for migrations only (DATABASE_OWNER_URL); DATABASE_URL when unset. */
  databaseOwnerUrl?: string | undefined;
  payments: PaymentsConfig;
  webhookSecret: string | undefined;
  /** Secret of the second webhook registration, for events of connected accounts (Stripe signs it apart). */
  connectWebhookSecret: string | undefined;
  /** Key of the HMAC that signs donors' receipt links; without it donors' receipt links answer 404. */
  receiptSecret: string | undefined;
  adminToken: string | undefined;
  /** Netlify build hook called after the closing job closed a campaign, so static pages show the outcome. */
  buildHookUrl: string | undefined;
  /** The site's public address, for links in e-mails (Netlify sets URL); without it, the request's own origin. */
  siteUrl: string | undefined;
  /** Key of the HMAC that rate-limit rows are stored under; a random one per process when unset. */
  rateLimitSecret: string | undefined;
  /** CIVIC_TEST_NOW: the instant the clock starts from, for test suites only; refused in production. */
  testNow?: string | undefined;
  mail: MailConfig;
}

export interface MailConfig {
  /** smtp:// or smtps:// with credentials; without it messages wait in the outbox (npm start sets a local one). */
  smtpUrl: string | undefined;
  /** The From header, e.g. `"Comune di Venezia" <crowdfunding@comune.venezia.it>`. */
  from: string;
  /** Where links in messages point: SITE_URL, or Netlify's URL of the deploy. */
  siteUrl: string;
}

export const DEFAULT_MAIL_FROM = '"Comune di Venezia · Crowdfunding civico" <crowdfunding@localhost>';

const optional = z.string().trim().min(1).optional().catch(undefined);

const envSchema = z.object({
  DATABASE_URL: optional,
  NETLIFY_DATABASE_URL: optional,
  DATABASE_OWNER_URL: optional,
  STRIPE_SECRET_KEY: z
    .string()
    .trim()
    .regex(/^(sk|rk)_/, { error: 'STRIPE_SECRET_KEY must start with sk_ or rk_' })
    .optional(),
  STRIPE_PUBLISHABLE_KEY: z.string().trim().regex(/^pk_/, { error: 'STRIPE_PUBLISHABLE_KEY must start with pk_' }).optional(),
  STRIPE_WEBHOOK_SECRET: optional,
  STRIPE_CONNECT_WEBHOOK_SECRET: optional,
  RECEIPT_SECRET: z.string().trim().min(32, { error: 'RECEIPT_SECRET must be at least 32 characters' }).optional(),
  STRIPE_API_BASE: z.url().optional(),
  ADMIN_TOKEN: z.string().min(16, { error: 'ADMIN_TOKEN must be at least 16 characters' }).optional(),
  BUILD_HOOK_URL: z.url({ error: 'BUILD_HOOK_URL must be a URL' }).optional(),
  SITE_URL: z.url({ error: 'SITE_URL must be a URL' }).optional(),
  RATE_LIMIT_SECRET: z.string().min(32, { error: 'RATE_LIMIT_SECRET must be at least 32 characters' }).optional(),
  // Netlify sets URL to the site's main address.
  URL: z.url().optional().catch(undefined),
  CIVIC_TEST_NOW: z.iso.datetime({ offset: true, error: 'CIVIC_TEST_NOW must be an ISO instant' }).optional(),
  NODE_ENV: z.string().optional(),
  CONTEXT: z.string().optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'SMTP_URL must be an smtp:// or smtps:// URL' }).optional(),
  MAIL_FROM: z.string().trim().min(3).optional(),
});

export function loadConfig(env: Record<string, string | undefined>): Config {
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const parsed = envSchema.safeParse(blanksRemoved);
  if (!parsed.success) {
    throw new Error(`Invalid environment: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  }
  const vars = parsed.data;
  if (Boolean(vars.STRIPE_SECRET_KEY) !== Boolean(vars.STRIPE_PUBLISHABLE_KEY)) {
    throw new Error('Invalid environment: set both STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY, or neither for demo mode');
  }
  if (vars.CIVIC_TEST_NOW && (vars.NODE_ENV === 'production' || vars.CONTEXT === 'production')) {
    throw new Error('Invalid environment: CIVIC_TEST_NOW fixes the clock for tests and must not be set in production');
  }
  const payments: PaymentsConfig =
    vars.STRIPE_SECRET_KEY && vars.STRIPE_PUBLISHABLE_KEY
      ? { mode: 'stripe', secretKey: vars.STRIPE_SECRET_KEY, publishableKey: vars.STRIPE_PUBLISHABLE_KEY, apiBase: vars.STRIPE_API_BASE }
      : { mode: 'demo' };
  return Object.freeze({
    databaseUrl: vars.DATABASE_URL ?? vars.NETLIFY_DATABASE_URL,
    databaseOwnerUrl: vars.DATABASE_OWNER_URL ?? vars.DATABASE_URL ?? vars.NETLIFY_DATABASE_URL,
    payments: Object.freeze(payments),
    webhookSecret: vars.STRIPE_WEBHOOK_SECRET,
    connectWebhookSecret: vars.STRIPE_CONNECT_WEBHOOK_SECRET,
    receiptSecret: vars.RECEIPT_SECRET,
    adminToken: vars.ADMIN_TOKEN,
    buildHookUrl: vars.BUILD_HOOK_URL,
    siteUrl: vars.SITE_URL ?? vars.URL,
    rateLimitSecret: vars.RATE_LIMIT_SECRET,
    testNow: vars.CIVIC_TEST_NOW,
    mail: Object.freeze({
      smtpUrl: vars.SMTP_URL,
      from: vars.MAIL_FROM ?? DEFAULT_MAIL_FROM,
      // Messages leave the request behind: their links need an address of their own.
      siteUrl: (vars.SITE_URL ?? vars.URL ?? 'http://localhost:8888').replace(/\/+$/, ''),
    }),
  });
}
