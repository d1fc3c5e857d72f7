/**
 * Lighthouse (its CLI, mobile form factor with simulated throttling, the default) on pages served by
 * `npm start`'s server, driving Debian's Chromium headless. Each run is bounded by a timeout.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, run } from '../lib/project.ts';
import type { SectionResult } from '../lib/report.ts';
import { round } from '../lib/stats.ts';
import { BUDGETS } from '../../tests/support/budgets.ts';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

interface LighthouseReport {
  lighthouseVersion: string;
  categories: Record<string, { score: number | null }>;
  audits: Record<string, { numericValue?: number; displayValue?: string }>;
  runWarnings?: string[];
}

interface Scores {
  name: string;
  path: string;
  scores: Record<string, number | null>;
  lcpMs: number | null;
  cls: number | null;
  tbtMs: number | null;
  warnings: string[];
}

async function lighthouse(url: string, timeoutMs: number): Promise<LighthouseReport> {
  const dir = await mkdtemp(join(tmpdir(), 'civic-bench-lh-'));
  try {
    const output = join(dir, 'report.json');
    const { code, output: log } = await run(
      join(REPO, 'node_modules/.bin/lighthouse'),
      [
        url,
        '--output=json',
        `--output-path=${output}`,
        `--only-categories=${CATEGORIES.join(',')}`,
        '--form-factor=mobile',
        '--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run',
        '--quiet',
      ],
      { cwd: dir, env: { ...process.env, CHROME_PATH: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium' }, timeoutMs },
    );
    if (code !== 0) throw new Error(`lighthouse exited with ${code}: ${log.slice(-1500)}`);
    return JSON.parse(await readFile(output, 'utf8')) as LighthouseReport;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function lighthouseSection(
  origin: string,
  pages: { name: string; path: string }[],
  timeoutMs: number,
): Promise<SectionResult> {
  const results: Scores[] = [];
  let version = '';
  for (const page of pages) {
    const report = await lighthouse(origin + page.path, timeoutMs);
    version = report.lighthouseVersion;
    const numeric = (id: string) => report.audits[id]?.numericValue ?? null;
    results.push({
      name: page.name,
      path: page.path,
      scores: Object.fromEntries(
        CATEGORIES.map((c) => [c, report.categories[c]?.score == null ? null : Math.round(report.categories[c].score * 100)]),
      ),
      lcpMs: numeric('largest-contentful-paint'),
      cls: numeric('cumulative-layout-shift'),
      tbtMs: numeric('total-blocking-time'),
      warnings: report.runWarnings ?? [],
    });
  }
  const show = (value: number | null, digits = 0) => (value === null ? 'n/a' : round(value, digits));
  return {
    id: 'lighthouse',
    title: `3. Lighthouse ${version} (mobile, simulated throttling, Chromium headless)`,
    tables: [
      {
        caption: 'scores out of 100; LCP and TBT in ms (simulated slow 4G and 4x CPU slowdown)',
        head: ['page', 'performance', 'accessibility', 'best practices', 'SEO', 'LCP ms', 'CLS', 'TBT ms'],
        rows: results.map((r) => [
          `${r.name} (${r.path})`,
          show(r.scores['performance'] ?? null),
          show(r.scores['accessibility'] ?? null),
          show(r.scores['best-practices'] ?? null),
          show(r.scores['seo'] ?? null),
          show(r.lcpMs),
          show(r.cls, 3),
          show(r.tbtMs),
        ]),
      },
    ],
    notes: [...new Set(results.flatMap((r) => r.warnings))].map(
      (warning) =>
        `Lighthouse warned (${results
          .filter((r) => r.warnings.includes(warning))
          .map((r) => r.name)
          .join(', ')}): ${warning.replace(/\s+/g, ' ')}`,
    ),
    budgets: results.flatMap((r) => [
      {
        key: 'lighthousePerformance' as const,
        name: `${r.name}: ${BUDGETS.lighthousePerformance.name}`,
        limit: `>= ${BUDGETS.lighthousePerformance.min}`,
        value: String(show(r.scores['performance'] ?? null)),
        pass: (r.scores['performance'] ?? 0) >= BUDGETS.lighthousePerformance.min,
      },
      {
        key: 'cumulativeLayoutShift' as const,
        name: `${r.name}: ${BUDGETS.cumulativeLayoutShift.name}`,
        limit: `<= ${BUDGETS.cumulativeLayoutShift.max}`,
        value: String(show(r.cls, 3)),
        pass: r.cls !== null && r.cls <= BUDGETS.cumulativeLayoutShift.max,
      },
    ]),
    data: { version, pages: results },
  };
}
