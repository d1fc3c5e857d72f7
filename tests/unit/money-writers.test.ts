/**
 * src/server/ledger/ is the only code that writes the money tables, and it imports none of its callers.
 * Read from the source tree, so a new writer anywhere (a webhook, a job, a script) fails here first.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = process.cwd();
const LEDGER = 'src/server/ledger/';

/** Every table whose rows are money: counted, reserved, granted, owed back to a donor or owed to a payee. */
const MONEY_TABLES = [
  'ledger_entries',
  'campaign_totals',
  'call_pools',
  'payment_returns',
  'campaign_outcomes',
  'closing_refunds',
  'payee_transfers',
  'transfer_reversals',
];

/** Files that may write them besides the ledger: the schema itself (its DDL and any backfill run once). */
const ALSO_ALLOWED = new Set(['src/server/db/migrations.ts']);

// Whitespace includes newlines, so a statement split over lines of a template literal is caught too;
// an optional schema, ONLY and double quotes around the name are SQL's other spellings of the same table.
const WRITE = new RegExp(
  String.raw`\b(insert\s+into|update|delete\s+from|merge\s+into)\s+(?:only\s+)?(?:"?public"?\s*\.\s*)?"?(${MONEY_TABLES.join('|')})"?(?![\w])`,
  'gi',
);

/** The money-table writes a source text contains, as `VERB table`, upper-cased. */
function moneyWrites(source: string): string[] {
  return [...source.matchAll(WRITE)].map((match) => `${match[1]!.replace(/\s+/g, ' ').toUpperCase()} ${match[2]!.toLowerCase()}`);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'generated' ? [] : sourceFiles(path);
    return /\.(ts|tsx|mts|js|mjs|cjs|astro|sql)$/.test(entry.name) ? [path] : [];
  });
}

const scanned = ['src', 'functions', 'scripts'].flatMap(sourceFiles);
const read = (path: string) => readFileSync(join(root, path), 'utf8');

describe('the money-write detector', () => {
  it.each([
    { sql: 'INSERT INTO ledger_entries (external_key) VALUES ($1)', found: ['INSERT INTO ledger_entries'] },
    { sql: 'await tx.query(`\n    update\n      campaign_totals\n   SET raised_cents = $2`)', found: ['UPDATE campaign_totals'] },
    { sql: 'Delete From "call_pools" WHERE call_id = $1', found: ['DELETE FROM call_pools'] },
    { sql: 'insert into public.payment_returns (id) values ($1)', found: ['INSERT INTO payment_returns'] },
    { sql: 'UPDATE ONLY payee_transfers SET status = $2', found: ['UPDATE payee_transfers'] },
    {
      sql: "INSERT INTO closing_refunds (pledge_id) SELECT id FROM pledges; UPDATE transfer_reversals SET status = 'issued'",
      found: ['INSERT INTO closing_refunds', 'UPDATE transfer_reversals'],
    },
    { sql: 'INSERT INTO campaign_outcomes (campaign) VALUES ($1)', found: ['INSERT INTO campaign_outcomes'] },
    // Not writes of money tables: reads, locks, triggers, other tables, longer names.
    { sql: 'SELECT * FROM campaign_totals WHERE campaign = $1 FOR UPDATE', found: [] },
    { sql: 'CREATE TRIGGER t BEFORE UPDATE OR DELETE ON ledger_entries', found: [] },
    { sql: 'UPDATE pledges SET refunded_cents = $2', found: [] },
    { sql: 'INSERT INTO ledger_entries_archive (id) VALUES ($1)', found: [] },
    { sql: 'INSERT INTO stripe_events (id) VALUES ($1)', found: [] },
  ])('$sql -> $found', ({ sql, found }) => {
    expect(moneyWrites(sql)).toEqual(found);
  });
});

describe('only src/server/ledger/ writes money tables', () => {
  it('scans the whole tree, the ledger included', () => {
    // A wrong root or pattern would make the next test pass on nothing.
    expect(scanned.length).toBeGreaterThan(50);
    expect(moneyWrites(read(`${LEDGER}repository.ts`))).toEqual(
      expect.arrayContaining(MONEY_TABLES.map((table) => expect.stringContaining(table))),
    );
  });

  it('finds no INSERT, UPDATE or DELETE of a money table outside it', () => {
    const outside = scanned
      .filter((path) => !path.startsWith(LEDGER) && !ALSO_ALLOWED.has(path))
      .flatMap((path) => moneyWrites(read(path)).map((write) => `${path}: ${write}`));
    expect(outside).toEqual([]);
  });

  it('works out what a pool can still give in one place, remaining(pool)', () => {
    // poolCents - reservedCents - grantedCents, however it is spelt or spread over lines.
    const arithmetic = /(pool|reserved|granted)(Cents|_cents)\s*-\s*[\w.]*?(reserved|granted)(Cents|_cents)/i;
    const found = scanned.filter((path) => path !== `${LEDGER}repository.ts` && arithmetic.test(read(path)));
    expect(found).toEqual([]);
    expect(read(`${LEDGER}repository.ts`)).toMatch(
      /export const remaining = \(pool: PoolTotals\): Cents => pool\.poolCents - pool\.reservedCents - pool\.grantedCents;/,
    );
  });

  it('keeps every money-table write of the ledger in its repository', () => {
    const elsewhere = scanned
      .filter((path) => path.startsWith(LEDGER) && path !== `${LEDGER}repository.ts`)
      .flatMap((path) => moneyWrites(read(path)).map((write) => `${path}: ${write}`));
    expect(elsewhere).toEqual([]);
  });
});

/** Every module specifier a file imports or re-exports, static or dynamic. */
function specifiers(source: string): string[] {
  const found = [
    ...source.matchAll(/\b(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g),
    ...source.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...source.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
  ];
  return found.map((match) => match[1]!);
}

const toRepoPath = (from: string, specifier: string) =>
  relative(root, resolve(dirname(join(root, from)), specifier))
    .split(sep)
    .join('/');

describe('the ledger imports nothing above it', () => {
  // What the ledger stands on: pure rules, the catalogue's types, the database, the donation's own row and
  // the catalogue lookup. Its callers (closing, stripe, payouts, console, admin, http, mail, receipts,
  // reconciliation...) orchestrate it, never the other way round.
  const BELOW = [
    /^src\/domain\//,
    /^src\/content\/catalog\.ts$/,
    /^src\/server\/db\//,
    /^src\/server\/pledges\/repository\.ts$/,
    /^src\/server\/services\/campaigns\.ts$/,
  ];

  const ledgerFiles = scanned.filter((path) => path.startsWith(LEDGER));

  it('reads the ledger files', () => {
    expect(ledgerFiles).toEqual(expect.arrayContaining([`${LEDGER}repository.ts`, `${LEDGER}service.ts`]));
  });

  it.each(ledgerFiles)('%s imports only the ledger and what is below it', (path) => {
    const upward = specifiers(read(path))
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => toRepoPath(path, specifier))
      .filter((target) => !target.startsWith(LEDGER) && !BELOW.some((allowed) => allowed.test(target)));
    expect(upward).toEqual([]);
  });

  it('the import reader sees static, type-only, re-exported and dynamic imports', () => {
    const source =
      "import type { A } from '../closing/x.ts';\nimport {\n  b,\n} from '../stripe/y.ts';\nexport { c } from '../payouts/z.ts';\nconst d = await import('../console/w.ts');";
    expect(specifiers(source)).toEqual(['../closing/x.ts', '../stripe/y.ts', '../payouts/z.ts', '../console/w.ts']);
  });
});

describe('callers use the ledger operations, not its row-level steps', () => {
  // The steps that keep the totals, the pool and the entries in agreement: called in the wrong order or
  // half, they leave the running figures wrong. Outside the ledger only its operations may run them.
  const STEPS = [
    'appendEntry',
    'saveTotals',
    'savePool',
    'lockTotals',
    'lockPool',
    'appendCofundingMove',
    'insertReturn',
    'updateReturn',
    'insertOutcome',
    'scheduleRefundsForCampaign',
    'scheduleClosingRefund',
    'scheduleTransfer',
    'scheduleTransfersForCampaign',
    'scheduleReversalFor',
    'syncClosingRefund',
  ];

  it('no file outside the ledger imports them', () => {
    const misuse = scanned
      .filter((path) => !path.startsWith(LEDGER))
      .flatMap((path) => {
        const source = read(path);
        const imports = [...source.matchAll(/\bimport\b([^;]*?)\bfrom\s*['"]([^'"]*\/ledger\/[^'"]+)['"]/g)];
        return imports.flatMap((match) =>
          STEPS.filter((step) => new RegExp(`\\b${step}\\b`).test(match[1]!)).map((step) => `${path}: ${step}`),
        );
      });
    expect(misuse).toEqual([]);
  });
});

describe('the money callers orchestrate and hold no SQL', () => {
  // Their SQL lives in a repository: the ledger's, Stripe's events (src/server/stripe/repository.ts), the donations'.
  it.each([
    'src/server/stripe/webhooks.ts',
    'src/server/closing/service.ts',
    'src/server/payouts/service.ts',
    'src/server/pledges/returns.ts',
  ])('%s runs no query of its own', (path) => {
    expect(read(path)).not.toMatch(/\.query\s*[<(]/);
  });
});
