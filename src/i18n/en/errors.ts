import type { errors as It } from '../it/errors.ts';

export const errors: typeof It = {
  amountNotNumber: 'Write an amount in euros, for example 25 or 25.50.',
  amountRange: (min: string, max: string) => `The amount must be between ${min} and ${max}.`,
  name: 'Write your name, or choose to give anonymously.',
  email: 'Write a valid e-mail address: it is needed for the receipt.',
  privacy: 'Consent to the processing of personal data is needed to give.',
  taxCode: 'This tax code is not valid: 16 characters for a person, 11 digits for an organisation. You may leave it empty.',
  message: 'The message can be at most 500 characters long.',
  codes: {
    campaign_not_open: 'This campaign is not collecting donations right now.',
    payee_not_ready:
      'Online donations to this campaign open soon: the organisation is completing its account to receive them. Nothing was charged.',
    campaign_not_found: 'This campaign does not collect donations on this platform.',
    invalid_amount: 'The amount is outside the limits of this campaign.',
    consent_required: 'Consent to the processing of personal data is needed to give.',
    rate_limited: 'Too many attempts from this connection: wait a minute and try again.',
    invalid_body: 'Some of the details in the form are not valid: please check them and try again. Nothing was charged.',
    idempotency_key_reused: 'Something changed in the form: press «Continue» again.',
  },
  generic: 'The service did not answer. Nothing was charged: please try again in a moment.',
  paymentGeneric: 'The payment did not go through because of a technical problem. Nothing was charged twice: you can try again.',
};
