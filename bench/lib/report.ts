/** What each section hands back: tables for people, raw figures for bench/results.json, budgets checked. */
import { BUDGETS } from '../../tests/support/budgets.ts';
import { kb } from './stats.ts';

// eslint-disable-next-line no-control-regex -- colour codes from Playwright's messages
const TERMINAL_COLOUR = /\x1b\[[0-9;]*m/g;

export type BudgetKey = keyof typeof BUDGETS;

export interface Table {
  caption: string;
  head: string[];
  rows: (string | number)[][];
}

export interface Budget {
  /** The entry of tests/support/budgets.ts this checks; absent for a section's own checks (e.g. the ledger's). */
  key?: BudgetKey;
  name: string;
  limit: string;
  value: string;
  pass: boolean;
}

export interface SectionResult {
  id: string;
  title: string;
  tables: Table[];
  notes: string[];
  budgets: Budget[];
  data: unknown;
  error?: string;
}

export function markdownTable(table: Table): string {
  const cell = (value: string | number) =>
    typeof value === 'number' && !Number.isFinite(value) ? 'n/a' : String(value).replaceAll('|', '\\|');
  const lines = [
    `| ${table.head.map(cell).join(' | ')} |`,
    `|${table.head.map((_, index) => (index === 0 ? '---' : '---:')).join('|')}|`,
    ...table.rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ];
  return `${table.caption ? `*${table.caption}*\n\n` : ''}${lines.join('\n')}`;
}

export function markdownSection(section: SectionResult): string {
  const parts = [`### ${section.title}`];
  if (section.error) parts.push(`**Not measured:** ${section.error}`);
  for (const table of section.tables) parts.push(markdownTable(table));
  if (section.budgets.length > 0) {
    parts.push(
      markdownTable({
        caption: 'Budgets',
        head: ['budget', 'limit', 'measured', 'result'],
        rows: section.budgets.map((budget) => [budget.name, budget.limit, budget.value, budget.pass ? 'pass' : '**FAIL**']),
      }),
    );
  }
  if (section.notes.length > 0) parts.push(section.notes.map((note) => `- ${note}`).join('\n'));
  return parts.join('\n\n');
}

/** Runs a section, turning a failure into a reported "not measured" instead of stopping the whole run. */
export async function guarded(id: string, title: string, work: () => Promise<SectionResult>): Promise<SectionResult> {
  const started = performance.now();
  try {
    const result = await work();
    return { ...result, data: { ...(result.data as object), seconds: Math.round((performance.now() - started) / 100) / 10 } };
  } catch (error) {
    const message = (error instanceof Error ? error.message.split('\n').slice(0, 6).join(' ') : String(error)).replace(TERMINAL_COLOUR, '');
    console.error(`bench: ${id} failed:`, error);
    return {
      id,
      title,
      tables: [],
      notes: [],
      budgets: [],
      data: { seconds: Math.round((performance.now() - started) / 100) / 10 },
      error: message,
    };
  }
}

/**
 * Replaces what stands between `<!-- name:start -->` and `<!-- name:end -->` in a document. Refuses a document
 * without exactly one such pair, in that order: writing the record elsewhere, or twice, would go unnoticed.
 */
export function replaceMarked(document: string, name: string, content: string, label = 'the document'): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const count = (marker: string) => document.split(marker).length - 1;
  if (count(start) !== 1 || count(end) !== 1) {
    throw new Error(`${label} must hold exactly one ${start} and one ${end} (found ${count(start)} and ${count(end)})`);
  }
  const from = document.indexOf(start) + start.length;
  const to = document.indexOf(end);
  if (to < from) throw new Error(`${label}: ${end} comes before ${start}`);
  return `${document.slice(0, from)}\n${content.trim()}\n${document.slice(to)}`;
}

/** The limit of a budget not measured in a run, written the way the sections write theirs. */
function limitOf(key: BudgetKey): string {
  const budget: { limit?: number; min?: number; max?: number } = BUDGETS[key];
  // A byte limit as the weight section writes it.
  if (budget.limit !== undefined) return kb(budget.limit);
  if (budget.min !== undefined) return `>= ${budget.min}`;
  return `<= ${budget.max}`;
}

export interface RunSummary {
  /** ISO instant the run started. */
  date: string;
  commit: string;
  quick: boolean;
}

/**
 * One line per budget of tests/support/budgets.ts, in the order defined there: the figure the run measured
 * (every page's, for a budget checked on several) and whether it was met. For the README, from the same results
 * as the full tables; the sections' own checks are counted in one last line.
 */
export function budgetLines(results: readonly SectionResult[], run: RunSummary, tablesLink: string): string {
  const checked = results.flatMap((section) => section.budgets);
  const keys = Object.keys(BUDGETS) as BudgetKey[];
  const rows = keys.map((key) => {
    const name = BUDGETS[key].name;
    const found = checked.filter((budget) => budget.key === key);
    if (found.length === 0) return [name, limitOf(key), 'not measured in this run', '-'];
    // A budget checked on several pages names each page ("home: Lighthouse ..."); a figure measured on other
    // terms than the budget's (a smaller N when the largest build did not finish) says which.
    const figure = (budget: Budget) => {
      if (budget.name === name) return budget.value;
      if (budget.name.endsWith(`: ${name}`)) return `${budget.name.slice(0, -name.length - 2)} ${budget.value}`;
      return `${budget.value} (as ${budget.name})`;
    };
    return [name, found[0]!.limit, found.map(figure).join(', '), found.every((budget) => budget.pass) ? 'met' : '**missed**'];
  });
  const notes: string[] = [];
  const others = checked.filter((budget) => budget.key === undefined);
  const missed = others.filter((budget) => !budget.pass);
  if (others.length > 0) {
    notes.push(
      `The sections' own checks: ${others.length - missed.length} of ${others.length} met${missed.length > 0 ? `; missed: ${missed.map((budget) => budget.name).join('; ')}` : ''}.`,
    );
  }
  const notRun = results.filter((section) => section.error).map((section) => section.title);
  if (notRun.length > 0) notes.push(`Not measured (the section failed): ${notRun.join('; ')}.`);
  const when = `${run.date.slice(0, 10)}, commit ${run.commit}${run.quick ? ', **quick mode** (small counts)' : ''}`;
  return [
    `Measured by \`npm run bench\` (${when}); the full tables are in ${tablesLink}.`,
    markdownTable({ caption: '', head: ['budget', 'limit', 'measured', 'result'], rows }),
    ...notes,
  ].join('\n\n');
}
