// Applies the schema migrations as DATABASE_OWNER_URL, or DATABASE_URL when unset (Netlify runs this after the build).
import { createPool } from '../src/server/db/pool.ts';
import { migrate } from '../src/server/db/migrations.ts';
import { loadConfig } from '../src/server/config.ts';

const { databaseOwnerUrl: databaseUrl } = loadConfig(process.env);
if (!databaseUrl) {
  console.error('DATABASE_URL (or NETLIFY_DATABASE_URL) is not set: nothing to migrate.');
  process.exit(1);
}
// Migrations may rebuild large tables: no statement limit for them.
const pool = createPool(databaseUrl, 1, { statementTimeoutMs: 0 });
try {
  const applied = await migrate(pool);
  console.log(applied.length ? `Applied ${applied.join(', ')}` : 'Database schema is up to date');
} finally {
  await pool.end();
}
