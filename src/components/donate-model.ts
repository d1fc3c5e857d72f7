/** The donate form's rules, apart from its view: what the donor typed becomes a pledge, or field errors. */
import { eurosToCents, formatEuros } from '../domain/money.ts';
import type { PledgeBody } from './api.ts';

export interface DonateForm {
  /** A suggested amount in cents, or 'other' when the donor types one. */
  choice: number | 'other';
  otherEuros: string;
  name: string;
  anonymous: boolean;
  email: string;
  privacy: boolean;
}

export type FieldErrors = Partial<Record<'amount' | 'name' | 'email' | 'privacy', string>>;

export interface Limits {
  minCents: number;
  maxCents: number;
}

/** Reads "25", "25,50" or "25.50" as euros; null when it is not an amount. */
export function parseEuros(text: string): number | null {
  const normalised = text.trim().replace(/\s|€/g, '').replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(normalised)) return null;
  return eurosToCents(Number(normalised));
}

export function amountCents(form: DonateForm): number | null {
  return form.choice === 'other' ? parseEuros(form.otherEuros) : form.choice;
}

export function validate(form: DonateForm, limits: Limits): FieldErrors {
  const errors: FieldErrors = {};
  const cents = amountCents(form);
  if (cents === null) errors.amount = 'Scrivi un importo in euro, per esempio 25 o 25,50.';
  else if (cents < limits.minCents || cents > limits.maxCents) {
    errors.amount = `L'importo deve essere tra ${formatEuros(limits.minCents)} e ${formatEuros(limits.maxCents)}.`;
  }
  if (!form.anonymous && form.name.trim() === '') errors.name = 'Scrivi il tuo nome, oppure scegli di donare in forma anonima.';
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.email.trim())) errors.email = "Scrivi un indirizzo e-mail valido: serve per la ricevuta.";
  if (!form.privacy) errors.privacy = "Per donare serve il consenso al trattamento dei dati personali.";
  return errors;
}

export function toPledgeBody(campaign: string, form: DonateForm): PledgeBody {
  return {
    campaign,
    amountCents: amountCents(form) ?? 0,
    donor: { email: form.email.trim(), anonymous: form.anonymous, ...(!form.anonymous && { name: form.name.trim() }) },
    consent: { privacy: form.privacy },
    locale: 'it',
  };
}

const MESSAGES: Record<string, string> = {
  campaign_not_open: 'Questa campagna non sta raccogliendo donazioni in questo momento.',
  campaign_not_found: 'Questa campagna non raccoglie donazioni su questa piattaforma.',
  invalid_amount: "L'importo non rientra nei limiti di questa campagna.",
  consent_required: 'Per donare serve il consenso al trattamento dei dati personali.',
  rate_limited: 'Troppi tentativi da questa connessione: aspetta un minuto e riprova.',
  idempotency_key_reused: 'Qualcosa è cambiato nel modulo: premi di nuovo «Continua».',
};

export const GENERIC_ERROR = 'Il servizio non ha risposto. Non è stato addebitato nulla: riprova tra qualche istante.';

/** What to tell the donor about a refused request: our words for known codes, a calm generic message otherwise. */
export function messageFor(code: string | undefined): string {
  return (code && MESSAGES[code]) || GENERIC_ERROR;
}
