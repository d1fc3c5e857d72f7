/**
 * Build time: the project built with N generated campaigns beside a plain Astro Markdown site with
 * the same N bodies, both by the same Astro in the same run, each build cold (no cache, no dist).
 * The covers of the series are small JPEGs; one extra pair of builds with covers of the project's
 * real size (1200x675) shows what images cost the build cold and with Astro's cache kept (nothing, since
 * images are resized on request: src/site/image-service.ts).
 */
import { appendFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { coverVariants, writeCampaigns } from '../lib/campaigns.ts';
import { astroBuild, copyContentExceptCampaigns, copyProject, plainMarkdownSite, tempDir, type BuildRun } from '../lib/project.ts';
import type { SectionResult } from '../lib/report.ts';
import { kb, ratio, round } from '../lib/stats.ts';
import { BUDGETS } from '../../tests/support/budgets.ts';

export interface BuildOptions {
  sizes: { n: number; runs: number }[];
  smallCover: { width: number; height: number };
  fullCoverN: number;
  /** The size at which the site is rebuilt, cache kept, after one campaign changed. */
  warmN: number;
  /** Epoch ms after which no build may still be running. */
  deadline: number;
}

interface Point {
  n: number;
  site: BuildRun[];
  plain: BuildRun[];
  /** Rebuilt with Astro's cacheDir (the content store, the kept pages) kept, one campaign edited. */
  warm?: BuildRun;
}

/** An editor's change to one campaign: a sentence more in its body. */
async function editOneCampaign(siteDir: string): Promise<void> {
  const dir = join(siteDir, 'content/campaigns');
  const first = (await readdir(dir)).filter((name) => name.endsWith('.md')).sort()[0]!;
  await appendFile(join(dir, first), '\nUn aggiornamento della redazione: il progetto è partito.\n');
}

const best = (runs: BuildRun[]) => {
  const ok = runs.filter((r) => r.ok);
  return ok.length > 0 ? Math.min(...ok.map((r) => r.ms)) : Number.NaN;
};

async function generatedProject(n: number, covers: Buffer[]): Promise<{ site: string; plain: string }> {
  const site = await tempDir(`site-${n}`);
  await copyProject(site, { copyContent: false });
  await copyContentExceptCampaigns(site);
  await writeCampaigns(join(site, 'content'), n, covers);
  const plain = await tempDir(`plain-${n}`);
  await plainMarkdownSite(plain, join(site, 'content/campaigns'));
  return { site, plain };
}

const remaining = (deadline: number) => Math.max(1_000, deadline - Date.now());

function failure(run: BuildRun | undefined): string | null {
  if (!run || run.ok) return null;
  return (
    run.output
      .split('\n')
      .filter((line) => /error|timed out/i.test(line))
      .slice(-3)
      .join(' ') || run.output.slice(-300)
  );
}

export async function buildSection(options: BuildOptions): Promise<SectionResult> {
  const covers = await coverVariants(options.smallCover);
  const points: Point[] = [];
  const notes: string[] = [];
  for (const { n, runs } of options.sizes) {
    const dirs = await generatedProject(n, covers);
    const point: Point = { n, site: [], plain: [] };
    points.push(point);
    try {
      for (let i = 0; i < runs; i++) {
        point.plain.push(await astroBuild(dirs.plain, { timeoutMs: remaining(options.deadline) }));
        point.site.push(await astroBuild(dirs.site, { timeoutMs: remaining(options.deadline) }));
        const failed = failure(point.site.at(-1)) ?? failure(point.plain.at(-1));
        if (failed) {
          notes.push(`N=${n}: a build failed: ${failed}`);
          break;
        }
      }
      // The last cold build left its cache: change one campaign and build again, as the next deploy would.
      if (n === options.warmN && point.site.at(-1)?.ok) {
        await editOneCampaign(dirs.site);
        point.warm = await astroBuild(dirs.site, { timeoutMs: remaining(options.deadline), keepCache: true });
        const failed = failure(point.warm);
        if (failed) notes.push(`N=${n}: the warm rebuild failed: ${failed}`);
      }
    } finally {
      await rm(dirs.site, { recursive: true, force: true });
      await rm(dirs.plain, { recursive: true, force: true });
    }
    if (point.site.some((r) => !r.ok)) break;
  }

  // Real-size covers: what a cover costs cold, and what is left when Astro's image cache is kept.
  let fullCovers: { n: number; coldMs: number; warmMs: number; smallColdMs: number } | null = null;
  const small = points.find((p) => p.n === options.fullCoverN);
  if (options.fullCoverN > 0 && Date.now() < options.deadline) {
    const dirs = await generatedProject(options.fullCoverN, await coverVariants({ width: 1200, height: 675 }));
    try {
      const cold = await astroBuild(dirs.site, { timeoutMs: remaining(options.deadline) });
      const warm = cold.ok ? await astroBuild(dirs.site, { timeoutMs: remaining(options.deadline), keepCache: true }) : cold;
      if (cold.ok && warm.ok)
        fullCovers = { n: options.fullCoverN, coldMs: cold.ms, warmMs: warm.ms, smallColdMs: small ? best(small.site) : Number.NaN };
      else notes.push(`real-size covers: ${failure(cold) ?? failure(warm)}`);
    } finally {
      await rm(dirs.site, { recursive: true, force: true });
      await rm(dirs.plain, { recursive: true, force: true });
    }
  }

  const measured = points.filter((p) => Number.isFinite(best(p.site)) && Number.isFinite(best(p.plain)));
  const marginal = measured.slice(1).map((p, i) => {
    const previous = measured[i]!;
    return {
      from: previous.n,
      to: p.n,
      site: (best(p.site) - best(previous.site)) / (p.n - previous.n),
      plain: (best(p.plain) - best(previous.plain)) / (p.n - previous.n),
    };
  });
  const linear = marginal.length < 2 || marginal.at(-1)!.site <= 1.5 * marginal[0]!.site;
  const largest = marginal.at(-1);
  const warmPoint = points.find((p) => p.warm?.ok);
  const warm = warmPoint ? { n: warmPoint.n, ms: warmPoint.warm!.ms, plainColdMs: best(warmPoint.plain) } : null;
  if (warm) {
    notes.push(
      `Warm rebuild, N=${warm.n}, one campaign edited, Astro's cacheDir kept (the content store and the kept pages, src/site/page-cache.ts; images and Open Graph cards are made on request, not by the build): ${round(warm.ms / 1000)} s, ${ratio(warm.ms, warm.plainColdMs)}x the plain Markdown site's cold build.`,
    );
  }
  if (marginal.length >= 2) {
    notes.push(
      `Growth: each extra campaign costs ${round(marginal[0]!.site)} ms from N=${marginal[0]!.from} to ${marginal[0]!.to} and ${round(marginal.at(-1)!.site)} ms from N=${marginal.at(-1)!.from} to ${marginal.at(-1)!.to}: ${linear ? 'linear (within 1.5x)' : 'NOT linear: the cost per page grows with N'}.`,
    );
  }
  for (const p of points) {
    const timedOut = [...p.site, ...p.plain].some((r) => r.output.includes('timed out'));
    if (timedOut) notes.push(`N=${p.n}: stopped at the time limit of the run; rerun on a quieter machine or with --budget-minutes.`);
  }
  notes.push(
    `Site: the project's own pages and content (calls, organisations) plus N generated campaigns of the example call, open at build time, ${options.smallCover.width}x${options.smallCover.height} covers; list pages hold 24 campaigns each, the home page a dozen. Reference: one collection, [slug].astro and an index, no islands, no images. Best of the runs; every build cold.`,
  );
  if (fullCovers) {
    notes.push(
      `Real-size covers (1200x675), N=${fullCovers.n}: cold ${round(fullCovers.coldMs / 1000)} s (${round(fullCovers.coldMs / fullCovers.n)} ms/campaign), rebuilt with Astro's image cache kept ${round(fullCovers.warmMs / 1000)} s (${round(fullCovers.warmMs / fullCovers.n)} ms/campaign); ` +
        `the covers cost the cold build ${round((fullCovers.coldMs - fullCovers.smallColdMs) / fullCovers.n)} ms per campaign more than small ones. The build only copies them: they are resized on request (/.netlify/images, Netlify's Image CDN or scripts/lib/image-cdn.ts).`,
    );
  }
  return {
    id: 'build',
    title: '1. Build time (astro build, cold) vs a plain Astro Markdown site with the same N',
    tables: [
      {
        caption: 'seconds for the whole build, ms per campaign, and the ratio site / plain Markdown',
        head: ['N campaigns', 'runs', 'site s', 'site ms/page', 'plain s', 'plain ms/page', 'ratio', 'HTML pages (site)', 'home page HTML'],
        rows: points.map((p) => {
          const site = best(p.site);
          const plain = best(p.plain);
          return [
            p.n.toLocaleString('en'),
            p.site.length,
            round(site / 1000),
            round(site / p.n),
            round(plain / 1000),
            round(plain / p.n),
            ratio(site, plain),
            p.site.find((r) => r.ok)?.htmlPages ?? 'failed',
            kb(p.site.find((r) => r.ok)?.homeBytes ?? Number.NaN),
          ];
        }),
      },
      ...(marginal.length > 0
        ? [
            {
              caption: 'marginal cost: ms per extra campaign between two sizes (flat = linear growth)',
              head: ['from N', 'to N', 'site ms/extra page', 'plain ms/extra page', 'ratio'],
              rows: marginal.map((m) => [m.from, m.to, round(m.site), round(m.plain), ratio(m.site, m.plain)]),
            },
          ]
        : []),
    ],
    notes,
    budgets: [
      ...(marginal.length >= 2
        ? [
            {
              name: 'build time grows linearly with N',
              limit: 'last marginal <= 1.5x first',
              value: `${ratio(marginal.at(-1)!.site, marginal[0]!.site)}x`,
              pass: linear,
            },
          ]
        : []),
      ...(largest
        ? [
            {
              key: 'marginalBuildMs' as const,
              name: `cold build, ms per extra campaign (N = ${largest.from.toLocaleString('en')} to ${largest.to.toLocaleString('en')})`,
              limit: `<= ${BUDGETS.marginalBuildMs.max} ms`,
              value: `${round(largest.site)} ms`,
              pass: largest.site <= BUDGETS.marginalBuildMs.max,
            },
          ]
        : []),
      ...(warm
        ? [
            {
              key: 'warmRebuildRatio' as const,
              name: `warm rebuild at N = ${warm.n.toLocaleString('en')}, one campaign changed, vs plain Astro cold`,
              limit: `<= ${BUDGETS.warmRebuildRatio.max}x`,
              value: `${ratio(warm.ms, warm.plainColdMs)}x`,
              pass: warm.ms <= BUDGETS.warmRebuildRatio.max * warm.plainColdMs,
            },
          ]
        : []),
      ...points
        .filter((p) => p.site.length === 0 || p.site.some((r) => !r.ok))
        .map((p) => ({
          name: `N = ${p.n.toLocaleString('en')} builds inside the time limit`,
          limit: 'built',
          value: 'not built',
          pass: false,
        })),
    ],
    data: {
      points: points.map((p) => ({
        n: p.n,
        siteMs: p.site.map((r) => round(r.ms)),
        plainMs: p.plain.map((r) => round(r.ms)),
        htmlPages: p.site.find((r) => r.ok)?.htmlPages ?? null,
        homeBytes: p.site.find((r) => r.ok)?.homeBytes ?? null,
      })),
      marginal,
      fullCovers,
      warm,
    },
  };
}
