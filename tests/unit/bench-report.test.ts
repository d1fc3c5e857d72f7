import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { budgetLines, replaceMarked, type SectionResult } from '../../bench/lib/report.ts';
import { BUDGETS } from '../support/budgets.ts';

const section = (id: string, budgets: SectionResult['budgets'], error?: string): SectionResult => ({
  id,
  title: `${id} section`,
  tables: [],
  notes: [],
  budgets,
  data: null,
  ...(error === undefined ? {} : { error }),
});
const run = { date: '2027-03-04T05:06:07.000Z', commit: 'abc1234', quick: false };

describe('replaceMarked: the block --update-readme rewrites', () => {
  it.each([
    [
      'between the markers, keeping what is around them',
      'intro\n<!-- b:start -->\nold\nlines\n<!-- b:end -->\nafter\n',
      'intro\n<!-- b:start -->\nnew\n<!-- b:end -->\nafter\n',
    ],
    ['an empty block', 'x <!-- b:start --><!-- b:end --> y', 'x <!-- b:start -->\nnew\n<!-- b:end --> y'],
  ])('replaces %s', (_, document, expected) => {
    expect(replaceMarked(document, 'b', '\nnew\n\n')).toBe(expected);
  });

  it.each([
    ['no markers', 'just text'],
    ['only the start', '<!-- b:start --> text'],
    ['the markers twice', '<!-- b:start -->1<!-- b:end --> <!-- b:start -->2<!-- b:end -->'],
    ['the end before the start', '<!-- b:end --> text <!-- b:start -->'],
    ["another block's markers", '<!-- bench:start -->x<!-- bench:end -->'],
  ])('refuses a document with %s', (_, document) => {
    expect(() => replaceMarked(document, 'b', 'new', 'README.md')).toThrow(/README\.md/);
  });
});

describe('budgetLines: one line per budget of tests/support/budgets.ts', () => {
  const results = [
    section('weight', [
      { key: 'campaignJs', name: BUDGETS.campaignJs.name, limit: '15.0 KB', value: '12.1 KB', pass: true },
      { key: 'homeJs', name: BUDGETS.homeJs.name, limit: '10.0 KB', value: '11.0 KB', pass: false },
    ]),
    section('lighthouse', [
      { key: 'lighthousePerformance', name: `home: ${BUDGETS.lighthousePerformance.name}`, limit: '>= 98', value: '99', pass: true },
      {
        key: 'lighthousePerformance',
        name: `campaign page: ${BUDGETS.lighthousePerformance.name}`,
        limit: '>= 98',
        value: '97',
        pass: false,
      },
    ]),
    section('build', [
      {
        key: 'marginalBuildMs',
        name: 'cold build, ms per extra campaign (N = 100 to 1,000)',
        limit: '<= 15 ms',
        value: '9 ms',
        pass: true,
      },
      { name: 'N = 5,000 builds inside the time limit', limit: 'built', value: 'not built', pass: false },
    ]),
    section('ledger', [{ name: 'progress reads do not slow down', limit: '1.5x', value: '1.0x', pass: true }]),
    section('http', [], 'the server did not start'),
  ];
  const text = budgetLines(results, run, '[docs/performance.md](docs/performance.md#last-run)');
  const rows = text.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| budget |'));
  const row = (name: string) => rows.find((line) => line.startsWith(`| ${name} |`));

  it('has exactly one row per budget, in the order of budgets.ts', () => {
    expect(rows.map((line) => line.split(' | ')[0]!.slice(2))).toEqual(Object.values(BUDGETS).map((budget) => budget.name));
  });

  it('gives the measured figure and whether it was met', () => {
    expect(row(BUDGETS.campaignJs.name)).toBe(`| ${BUDGETS.campaignJs.name} | 15.0 KB | 12.1 KB | met |`);
    expect(row(BUDGETS.homeJs.name)).toBe(`| ${BUDGETS.homeJs.name} | 10.0 KB | 11.0 KB | **missed** |`);
  });

  it('names each page of a budget checked on several, and misses it when one page misses', () => {
    expect(row(BUDGETS.lighthousePerformance.name)).toBe(
      `| ${BUDGETS.lighthousePerformance.name} | >= 98 | home 99, campaign page 97 | **missed** |`,
    );
  });

  it('says when a figure was measured on other terms than the budget', () => {
    expect(row(BUDGETS.marginalBuildMs.name)).toContain('9 ms (as cold build, ms per extra campaign (N = 100 to 1,000))');
  });

  it('says which budgets the run did not measure, with their limits', () => {
    expect(row(BUDGETS.warmRebuildRatio.name)).toBe(`| ${BUDGETS.warmRebuildRatio.name} | <= 2 | not measured in this run | - |`);
    expect(row(BUDGETS.progressEmbedJs.name)).toBe(`| ${BUDGETS.progressEmbedJs.name} | 15.0 KB | not measured in this run | - |`);
  });

  it("counts the sections' own checks and names failed sections", () => {
    expect(text).toContain("The sections' own checks: 1 of 2 met; missed: N = 5,000 builds inside the time limit.");
    expect(text).toContain('Not measured (the section failed): http section.');
  });

  it('dates the run and links the full tables; a quick run says so', () => {
    expect(text.split('\n')[0]).toBe(
      'Measured by `npm run bench` (2027-03-04, commit abc1234); the full tables are in [docs/performance.md](docs/performance.md#last-run).',
    );
    expect(budgetLines([], { ...run, quick: true }, 'x')).toContain('**quick mode**');
  });
});

describe('every budget of budgets.ts is checked by a bench section', () => {
  // A budget no section tags with its key would stay "not measured" in the README whatever the run measured.
  const sections = new URL('../../bench/sections/', import.meta.url);
  const source = readdirSync(sections)
    .filter((name) => name.endsWith('.ts'))
    .map((name) => readFileSync(new URL(name, sections), 'utf8'))
    .join('\n');

  it.each(Object.keys(BUDGETS))('%s', (key) => {
    expect(source).toContain(`'${key}'`);
  });
});
