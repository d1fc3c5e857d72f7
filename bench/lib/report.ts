/** What each section hands back: tables for people, raw figures for bench/results.json, budgets checked. */

export interface Table {
  caption: string;
  head: string[];
  rows: (string | number)[][];
}

export interface Budget {
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
  const cell = (value: string | number) => (typeof value === 'number' && !Number.isFinite(value) ? 'n/a' : String(value).replaceAll('|', '\\|'));
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
    // eslint-disable-next-line no-control-regex -- colour codes from Playwright's messages
    const message = (error instanceof Error ? error.message.split('\n').slice(0, 6).join(' ') : String(error)).replace(/\x1b\[[0-9;]*m/g, '');
    console.error(`bench: ${id} failed:`, error);
    return { id, title, tables: [], notes: [], budgets: [], data: { seconds: Math.round((performance.now() - started) / 100) / 10 }, error: message };
  }
}
