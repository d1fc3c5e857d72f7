/** What a donor sends to pledge, validated before anything is stored. */
import { z } from 'astro/zod';
import { DomainError } from './errors.ts';
import { formatMoney } from '../i18n/format.ts';
import type { Cents } from './money.ts';
import { plainText } from './text.ts';

// Italian tax code of a person (16 characters) or of an entity (11 digits).
const TAX_CODE = /^(?:[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z]|\d{11})$/;

const pledgeRequestSchema = z.object({
  campaign: plainText({ max: 120 }).pipe(z.string().min(1)),
  amountCents: z.number({ error: 'amountCents must be an integer number of euro cents' }).int().positive(),
  donor: z.object({
    name: plainText({ max: 120 }).optional(),
    email: plainText({ max: 254 }).pipe(z.email({ error: 'a valid e-mail address is needed for the receipt' })),
    anonymous: z.boolean().default(false),
    taxCode: plainText({ max: 16 })
      .transform((value) => value.toUpperCase())
      .pipe(z.string().regex(TAX_CODE, { error: 'not a valid Italian tax code' }))
      .optional(),
  }),
  message: plainText({ max: 500, multiline: true }).optional(),
  showMessage: z.boolean().default(false),
  // updates: the campaign's news by e-mail, a consent apart from the privacy one and off unless given.
  consent: z.object({ privacy: z.boolean(), updates: z.boolean().default(false) }, { error: 'consent.privacy must be true' }),
  locale: z.enum(['it', 'en']).default('it'),
});

export type PledgeRequest = z.output<typeof pledgeRequestSchema>;

export function parsePledgeRequest(body: unknown): PledgeRequest {
  const result = pledgeRequestSchema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.join('.');
    if (field.startsWith('consent')) throw new DomainError('consent_required', 'Privacy consent is required to donate.', 'consent.privacy');
    if (field === 'amountCents') throw new DomainError('invalid_amount', issue.message, field);
    throw new DomainError('invalid_body', `${field || 'body'}: ${issue.message}`, field || undefined);
  }
  const request = result.data;
  if (!request.consent.privacy) throw new DomainError('consent_required', 'Privacy consent is required to donate.', 'consent.privacy');
  if (!request.donor.anonymous && !request.donor.name) {
    throw new DomainError('invalid_body', 'Give a name, or choose to donate anonymously.', 'donor.name');
  }
  return request;
}

export function checkAmountWithinLimits(amountCents: Cents, limits: { minCents: Cents; maxCents: Cents }): void {
  if (amountCents < limits.minCents || amountCents > limits.maxCents) {
    throw new DomainError(
      'invalid_amount',
      `The amount must be between ${formatMoney(limits.minCents)} and ${formatMoney(limits.maxCents)}.`,
      'amountCents',
    );
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Pledge ids are UUIDs: anything else is refused before it reaches a query. */
export function isPledgeId(value: string): boolean {
  return UUID.test(value);
}
