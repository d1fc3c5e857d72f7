import type { APIRoute } from 'astro';
import { updatesFeed } from '../../../site/feeds.ts';

export const GET: APIRoute = ({ site }) => updatesFeed('en', site);
