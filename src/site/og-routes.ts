/** The site's generic Open Graph card, drawn at build time in both languages (campaign cards: functions/og-image.ts). */
import type { Locale } from './i18n.ts';
import { defaultCard } from '../server/og/card.ts';
import { ogPng, pngResponse } from '../server/og/render.ts';

export async function defaultOg(locale: Locale): Promise<Response> {
  return pngResponse(await ogPng(defaultCard(locale)));
}
