/**
 * One label table per vocabulary that content files use as slugs (districts, social problems), in both
 * languages. The pages, the open data and the editor all read these, so a theme has one name everywhere.
 * Build and server only: no island imports this module.
 */
import type { District, SocialProblem } from '../content/schemas.ts';
import type { Locale } from './locale.ts';

// The six municipalities (Municipalità) by their official names.
export const DISTRICT_LABELS: Record<Locale, Record<District, string>> = {
  it: {
    'venezia-murano-burano': 'Venezia-Murano-Burano',
    'lido-pellestrina': 'Lido-Pellestrina',
    'favaro-veneto': 'Favaro Veneto',
    'mestre-carpenedo': 'Mestre-Carpenedo',
    'chirignago-zelarino': 'Chirignago-Zelarino',
    marghera: 'Marghera',
  },
  en: {
    'venezia-murano-burano': 'Venice-Murano-Burano',
    'lido-pellestrina': 'Lido-Pellestrina',
    'favaro-veneto': 'Favaro Veneto',
    'mestre-carpenedo': 'Mestre-Carpenedo',
    'chirignago-zelarino': 'Chirignago-Zelarino',
    marghera: 'Marghera',
  },
};

export const SOCIAL_PROBLEM_LABELS: Record<Locale, Record<SocialProblem, string>> = {
  it: {
    'inclusione-sociale': 'Inclusione sociale',
    anziani: 'Persone anziane',
    disabilita: 'Disabilità',
    'ambiente-clima': 'Ambiente e clima',
    'cultura-aggregazione': 'Cultura e aggregazione',
    'poverta-alimentare': 'Povertà alimentare',
    'infanzia-giovani': 'Infanzia e giovani',
    'spazi-pubblici': 'Spazi pubblici',
  },
  en: {
    'inclusione-sociale': 'Social inclusion',
    anziani: 'Older people',
    disabilita: 'Disability',
    'ambiente-clima': 'Environment and climate',
    'cultura-aggregazione': 'Culture and community life',
    'poverta-alimentare': 'Food poverty',
    'infanzia-giovani': 'Children and young people',
    'spazi-pubblici': 'Public spaces',
  },
};

export function districtName(district: District, locale: Locale): string {
  return DISTRICT_LABELS[locale][district];
}

export function socialProblemName(problem: SocialProblem, locale: Locale): string {
  return SOCIAL_PROBLEM_LABELS[locale][problem];
}
