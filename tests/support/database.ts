/** A fresh, migrated database on the test server, so test files never see each other's rows. */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { asAppRole } from '../../scripts/lib/postgres.ts';
import { createPool, type Db } from '../../src/server/db/pool.ts';
import { migrate } from '../../src/server/db/migrations.ts';

export interface TestDatabase {
  /** As the owner, which may TRUNCATE between tests and read anything. */
  db: Db;
  url: string;
  /** As the application's role (civic_app), with only the privileges production gives it. */
  appDb: Db;
  appUrl: string;
  close(): Promise<void>;
}

export async function freshDatabase(options: { poolSize?: number } = {}): Promise<TestDatabase> {
  const serverUrl = inject('postgresUrl');
  const name = `test_${randomUUID().replaceAll('-', '')}`;
  const admin = createPool(serverUrl, 1);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = serverUrl.replace(/\/[^/]+$/, `/${name}`);
  const db = createPool(url, options.poolSize ?? 10);
  await migrate(db);
  const appUrl = asAppRole(url);
  const appDb = createPool(appUrl, options.poolSize ?? 10);
  return {
    db,
    url,
    appDb,
    appUrl,
    close: async () => {
      await Promise.all([db.end(), appDb.end()]);
    },
  };
}
