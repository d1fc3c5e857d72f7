import type { APIRoute } from 'astro';
import { defaultOg } from '../../../site/og-routes.ts';

export const GET: APIRoute = () => defaultOg('en');
