import type { APIRoute } from 'astro';
import { calendarFile, infodayEvent } from '../../../site/calendar.ts';
import type { Localized } from '../../../site/content.ts';
import { titleOf } from '../../../site/secondary.ts';
import { infodayPaths } from '../../../site/routes.ts';
import { buildNow } from '../../../site/clock.ts';

export const getStaticPaths = () => infodayPaths('en');

export const GET: APIRoute<{ item: Localized<'infodays'> }> = ({ props, site }) =>
  calendarFile(titleOf(props.item), [infodayEvent(props.item, 'en', site!)], buildNow());
