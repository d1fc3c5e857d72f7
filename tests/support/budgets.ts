/**
 * Every performance budget, defined once: `npm run bench` reports each figure against these, and the
 * end-to-end weight test (tests/e2e/stripe-flow.test.ts) holds the same JavaScript limits, weighed
 * the same way (tests/support/js-weight.ts: every script of our origin, inline ones included, gzip
 * level 6), so the two cannot disagree.
 */
const KB = 1024;

export const BUDGETS = {
  /** JavaScript of the campaign page before the donor proceeds to pay, gzip. */
  campaignJs: { name: 'campaign page, JavaScript before paying (gzip)', limit: 15 * KB },
  /** Everything the campaign page transfers before paying except images, gzip. */
  campaignTotal: { name: 'campaign page, total without images before paying (gzip)', limit: 60 * KB },
  homeJs: { name: 'home page, JavaScript (gzip)', limit: 10 * KB },
  listJs: { name: 'campaigns list, JavaScript (gzip)', limit: 10 * KB },
  /** The donate embed lives in another site's page: the same limit as the campaign page's JavaScript. */
  donateEmbedJs: { name: 'donate embed, JavaScript before paying (gzip)', limit: 15 * KB },
  progressEmbedJs: { name: 'progress embed, JavaScript (gzip)', limit: 15 * KB },
  /** Lighthouse mobile, on the home page, a campaign page and the campaigns list. */
  lighthousePerformance: { name: 'Lighthouse mobile performance', min: 98 },
  cumulativeLayoutShift: { name: 'cumulative layout shift (Lighthouse)', max: 0.01 },
  /** Cold build, ms per extra campaign between N = 1,000 and 5,000. */
  marginalBuildMs: { name: 'cold build, ms per extra campaign (N = 1,000 to 5,000)', max: 15 },
  /** Rebuild with one campaign changed at N = 1,000, against the plain Astro site's cold build. */
  warmRebuildRatio: { name: 'warm rebuild at N = 1,000, one campaign changed, vs plain Astro cold', max: 2 },
} as const;
