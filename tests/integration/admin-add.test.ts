/** `npm run admin:add`: against DATABASE_URL, and against the embedded database of `npm start`, running or not. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { adminAdd, runningPort } from '../../scripts/lib/admin-add.ts';
import { startLocalPostgres } from '../../scripts/lib/postgres.ts';
import { createPool } from '../../src/server/db/pool.ts';
import { freshDatabase } from '../support/database.ts';

const grantsOf = async (url: string) => {
  const pool = createPool(url, 1);
  try {
    const { rows } = await pool.query(
      `SELECT p.email, g.role FROM staff_people p JOIN staff_grants g ON g.person_id = p.id ORDER BY p.email`,
    );
    return rows;
  } finally {
    await pool.end();
  }
};

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('admin:add', () => {
  it('adds an administrator to DATABASE_URL once, however often it runs', async () => {
    const database = await freshDatabase();
    await database.close();
    const first = await adminAdd({ email: 'First@Comune.Venezia.it', databaseUrl: database.url, dataDir: '/nonexistent' });
    const again = await adminAdd({ email: 'first@comune.venezia.it', databaseUrl: database.url, dataDir: '/nonexistent' });
    expect([first, again]).toEqual([
      { created: true, where: 'DATABASE_URL' },
      { created: false, where: 'DATABASE_URL' },
    ]);
    expect(await grantsOf(database.url)).toEqual([{ email: 'first@comune.venezia.it', role: 'admin' }]);
  });

  it('starts, migrates and stops the embedded database when it is not running, and uses it when it is', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'civic-admin-add-'));
    dirs.push(dir);
    expect(await runningPort(dir)).toBeNull();
    const stopped = await adminAdd({ email: 'one@comune.venezia.it', dataDir: dir });
    expect(stopped).toEqual({ created: true, where: 'embedded database (started and stopped)' });
    expect(await runningPort(dir)).toBeNull();

    // As `npm start` does: the server on a port of its own choosing.
    const server = await startLocalPostgres({ dir });
    try {
      const port = await runningPort(dir);
      expect(server.url).toContain(`:${port}/`);
      const running = await adminAdd({ email: 'two@comune.venezia.it', dataDir: dir });
      expect(running).toEqual({ created: true, where: 'running embedded database' });
      expect(await grantsOf(server.url)).toEqual([
        { email: 'one@comune.venezia.it', role: 'admin' },
        { email: 'two@comune.venezia.it', role: 'admin' },
      ]);
    } finally {
      await server.stop();
    }
  });

  it('refuses what is not an e-mail address', async () => {
    const database = await freshDatabase();
    await database.close();
    await expect(adminAdd({ email: 'not-an-address', databaseUrl: database.url, dataDir: '/nonexistent' })).rejects.toThrow(
      /not an e-mail address/,
    );
  });
});
