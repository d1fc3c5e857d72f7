import type { result as It } from '../it/result.ts';

export const result: typeof It = {
  title: 'Donation result',
  checking: 'Checking the payment…',
  succeeded: (amount: string) => `Thank you! Your donation of ${amount} is confirmed.`,
  pending: (amount: string) =>
    `Your donation of ${amount} is being processed: this page updates itself. For SEPA debits the confirmation can take a few days.`,
  failed: 'The payment did not go through and nothing was charged. You can try again from the campaign page.',
  canceled: 'The payment was cancelled and nothing was charged.',
  missing: 'We cannot find this donation. If you were charged, Stripe’s receipt in your e-mail has its details.',
  unreachable: 'We cannot read the payment status right now: please reload this page shortly.',
  backToCampaign: 'Back to the campaign',
  statusNames: { pending: 'processing', succeeded: 'confirmed', failed: 'failed', canceled: 'cancelled' },
};
