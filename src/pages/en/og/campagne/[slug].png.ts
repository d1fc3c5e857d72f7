import type { APIRoute, GetStaticPaths } from 'astro';
import { campaignOg, campaignOgPaths } from '../../../../site/og-routes.ts';
import type { CampaignView } from '../../../../site/campaigns.ts';

export const getStaticPaths = (() => campaignOgPaths('en')) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => campaignOg((props as { view: CampaignView }).view, 'en');
