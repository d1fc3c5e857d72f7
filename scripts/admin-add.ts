// `npm run admin:add -- someone@comune.venezia.it [--name "Full Name"]`: the first administrator.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { adminAdd } from './lib/admin-add.ts';
import { loadConfig } from '../src/server/config.ts';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { name: { type: 'string' } } });
const email = positionals[0];
if (!email || positionals.length > 1) {
  console.error('Usage: npm run admin:add -- <e-mail> [--name "Full Name"]');
  process.exit(2);
}
try {
  const result = await adminAdd({
    email,
    ...(values.name !== undefined && { name: values.name }),
    databaseUrl: loadConfig(process.env).databaseOwnerUrl,
    dataDir: join(process.cwd(), '.data/postgres'),
  });
  console.log(`${email} is an administrator (${result.created ? 'new person' : 'already known'}; ${result.where}).`);
  console.log('They sign in at /gestione/accesso/ with that address: a one-time link arrives by e-mail.');
} catch (error) {
  console.error(`admin:add failed: ${(error as Error).message}`);
  process.exit(1);
}
