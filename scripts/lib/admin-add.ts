/**
 * Adds an administrator to DATABASE_OWNER_URL (or DATABASE_URL) or, without it, to the embedded database of `npm start` under
 * .data/postgres: through the running server when there is one (its port is in postmaster.pid), or by
 * starting it, migrating, inserting and stopping it again.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startLocalPostgres } from './postgres.ts';
import { createPool } from '../../src/server/db/pool.ts';
import { migrate } from '../../src/server/db/migrations.ts';
import { addAdministrator } from '../../src/server/staff/service.ts';

/** The same credentials startLocalPostgres gives the embedded server. */
const LOCAL_CREDENTIALS = 'civic:civic-local';

/** The port of the PostgreSQL running on `dir`, or null when none runs there. */
export async function runningPort(dir: string): Promise<number | null> {
  const pidFile = await readFile(join(dir, 'postmaster.pid'), 'utf8').catch(() => null);
  if (!pidFile) return null;
  // postmaster.pid: pid, data directory, start time, port, socket directory, … one per line.
  const [pidLine, , , portLine] = pidFile.split('\n');
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!Number.isInteger(pid) || !Number.isInteger(port)) return null;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive but owned by another user (PostgreSQL runs as its own user under root).
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return null;
  }
  return port;
}

export interface AdminAddResult {
  created: boolean;
  where: 'DATABASE_URL' | 'running embedded database' | 'embedded database (started and stopped)';
}

async function addTo(url: string, email: string, name: string | undefined): Promise<boolean> {
  const pool = createPool(url, 1);
  try {
    await migrate(pool);
    return (await addAdministrator(pool, { email, ...(name !== undefined && { name }) }, new Date())).created;
  } finally {
    await pool.end();
  }
}

export async function adminAdd(options: {
  email: string;
  name?: string;
  databaseUrl?: string | undefined;
  dataDir: string;
}): Promise<AdminAddResult> {
  if (options.databaseUrl) return { created: await addTo(options.databaseUrl, options.email, options.name), where: 'DATABASE_URL' };
  const port = await runningPort(options.dataDir);
  if (port !== null) {
    return {
      created: await addTo(`postgres://${LOCAL_CREDENTIALS}@127.0.0.1:${port}/civic`, options.email, options.name),
      where: 'running embedded database',
    };
  }
  const server = await startLocalPostgres({ dir: options.dataDir });
  try {
    return { created: await addTo(server.url, options.email, options.name), where: 'embedded database (started and stopped)' };
  } finally {
    await server.stop();
  }
}
