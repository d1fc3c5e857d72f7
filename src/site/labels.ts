/** Italian names of the enumerations that content files use as slugs. */
import type { District, SocialProblem } from '../content/schemas.ts';
import { DISTRICTS_EN, SOCIAL_PROBLEMS_EN } from './i18n.ts';

export const DISTRICT_NAMES: Record<District, string> = {
  'venezia-murano-burano': 'Venezia-Murano-Burano',
  'lido-pellestrina': 'Lido-Pellestrina',
  'favaro-veneto': 'Favaro Veneto',
  'mestre-carpenedo': 'Mestre-Carpenedo',
  'chirignago-zelarino': 'Chirignago-Zelarino',
  marghera: 'Marghera',
};

export const SOCIAL_PROBLEM_NAMES: Record<SocialProblem, string> = {
  'inclusione-sociale': 'Inclusione sociale',
  anziani: 'Persone anziane',
  disabilita: 'Disabilità',
  'ambiente-clima': 'Ambiente e clima',
  'cultura-aggregazione': 'Cultura e aggregazione',
  'poverta-alimentare': 'Povertà alimentare',
  'infanzia-giovani': 'Infanzia e giovani',
  'spazi-pubblici': 'Spazi pubblici',
};

/** Payments are simulated unless the build (and the functions, from the same environment) has Stripe keys. */
export function paymentsMode(): 'demo' | 'stripe' {
  return process.env['STRIPE_PUBLISHABLE_KEY'] && process.env['STRIPE_SECRET_KEY'] ? 'stripe' : 'demo';
}

export function districtName(district: District, locale: 'it' | 'en'): string {
  return locale === 'en' ? DISTRICTS_EN[district] : DISTRICT_NAMES[district];
}

export function socialProblemName(problem: SocialProblem, locale: 'it' | 'en'): string {
  return locale === 'en' ? SOCIAL_PROBLEMS_EN[problem] : SOCIAL_PROBLEM_NAMES[problem];
}
