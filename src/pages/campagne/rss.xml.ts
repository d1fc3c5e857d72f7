import type { APIRoute } from 'astro';
import { campaignsFeed } from '../../site/feeds.ts';

export const GET: APIRoute = ({ site }) => campaignsFeed('it', site);
