import type { APIRoute } from 'astro';
import { calendarFile, pathEvents } from '../../site/calendar.ts';
import type { Localized } from '../../site/content.ts';
import { titleOf } from '../../site/secondary.ts';
import { pathPaths } from '../../site/routes.ts';
import { buildNow } from '../../site/clock.ts';

export const getStaticPaths = () => pathPaths('it');

export const GET: APIRoute<{ item: Localized<'paths'> }> = ({ props, site }) =>
  calendarFile(titleOf(props.item), pathEvents(props.item, 'it', site!), buildNow());
