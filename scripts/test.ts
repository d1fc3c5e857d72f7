// `npm test`: the catalog the functions import, then every test project (unit, integration, e2e).
import { spawnSync } from 'node:child_process';

process.env['ASTRO_TELEMETRY_DISABLED'] = '1';
const run = (command: string, args: string[]) => spawnSync(command, args, { stdio: 'inherit', env: process.env }).status ?? 1;

const catalog = run('node', ['scripts/build-catalog.ts']);
if (catalog !== 0) process.exit(catalog);
process.exit(run('npx', ['vitest', 'run', ...process.argv.slice(2)]));
