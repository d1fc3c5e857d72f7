/**
 * A database that drops connections or cannot be reached is an outage, not a bug: the process stays up,
 * the answer is 503 storage_unavailable with Retry-After, and the log gets one short line per request.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPool, isStorageUnavailable, withTransaction } from '../../src/server/db/pool.ts';
import { freePort } from '../../scripts/lib/postgres.ts';
import { handle } from '../../src/server/http/respond.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;

beforeAll(async () => {
  database = await freshDatabase({ poolSize: 4 });
});
afterAll(() => database.close());

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

describe('a connection dropped inside a transaction', () => {
  it('answers 503 storage_unavailable with Retry-After, keeps the process alive and the pool usable', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const response = await handle(() =>
      withTransaction(database.db, async (tx) => {
        const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await tx.query('CREATE TEMP TABLE scratch (n int)');
        // Another session kills this one mid-transaction, as a restart or a failover does.
        await Promise.all([
          tx.query('SELECT pg_sleep(5)'),
          database.db.query('SELECT pg_sleep(0.2), pg_terminate_backend($1)', [rows[0]!.pid]),
        ]);
        return new Response('unreachable');
      }),
    );
    errors.mockRestore();
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await errorOf(response)).toMatchObject({ code: 'storage_unavailable' });
    // The broken connection was discarded: every later transaction gets a working one.
    for (let i = 0; i < 6; i++) {
      expect(await withTransaction(database.db, async (tx) => (await tx.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one)).toBe(1);
    }
  });
});

describe('a database that cannot be reached', () => {
  it('answers quickly with 503 and logs one short line without a stack trace', async () => {
    const nowhere = createPool(`postgres://civic:civic@127.0.0.1:${await freePort()}/civic`, 2);
    const lines: string[] = [];
    const errors = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => lines.push(args.map(String).join(' ')));
    const started = performance.now();
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => handle(async () => Response.json((await nowhere.query('SELECT 1')).rows))),
    );
    const transaction = await handle(() => withTransaction(nowhere, () => Promise.resolve(new Response('unreachable'))));
    const elapsed = performance.now() - started;
    errors.mockRestore();
    await nowhere.end();
    for (const response of [...responses, transaction]) {
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await errorOf(response)).toEqual({ code: 'storage_unavailable', message: expect.any(String) });
    }
    expect(elapsed).toBeLessThan(3_500);
    expect(lines).toHaveLength(6);
    for (const line of lines) {
      expect(line).toMatch(/^storage unavailable: ECONNREFUSED/);
      expect(line).not.toContain('\n');
    }
  });
});

describe('a statement cancelled by the server', () => {
  // 57014 is what statement_timeout raises under load. pg_cancel_backend raises the same, without
  // depending on the server's timers (which libfaketime, used to run the suite at another date, upsets).
  it('answers 503 storage_unavailable with Retry-After: the database is overloaded, not the request wrong', async () => {
    const slow = createPool(database.appUrl, 1);
    const { rows } = await slow.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const [response] = await Promise.all([
      handle(async () => Response.json((await slow.query('SELECT pg_sleep(5)')).rows)),
      database.db.query('SELECT pg_sleep(0.3), pg_cancel_backend($1)', [rows[0]!.pid]),
    ]);
    errors.mockRestore();
    await slow.end();
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await errorOf(response)).toMatchObject({ code: 'storage_unavailable' });
  });
});

describe('isStorageUnavailable', () => {
  const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });
  it.each([
    [withCode('ECONNREFUSED'), true],
    [withCode('57P01', 'terminating connection due to administrator command'), true],
    [withCode('57P02'), true],
    [withCode('57P03', 'the database system is starting up'), true],
    [withCode('08006'), true],
    [withCode('57014', 'canceling statement due to statement timeout'), true],
    [withCode('08001'), true],
    [new Error('Connection terminated unexpectedly'), true],
    [new Error('timeout exceeded when trying to connect'), true],
    [withCode('23505', 'duplicate key value violates unique constraint'), false],
    [withCode('23514', 'new row violates check constraint'), false],
    [withCode('22021', 'invalid byte sequence for encoding "UTF8": 0x00'), false],
    [new Error('something else'), false],
    ['not an error', false],
  ])('%s -> %s', (error, expected) => {
    expect(isStorageUnavailable(error)).toBe(expected);
  });
});
