/**
 * `npm run cms`: the content editor on this machine, with no account and no git. decap-server (the
 * local backend) writes the files under content/; Astro's dev server shows the site and reloads a page
 * when a file it uses changes. Ctrl-C stops both.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';

const root = process.cwd();
// The port Decap looks for with `local_backend: true`.
const backendPort = 8081;
const sitePort = Number(process.env['PORT'] ?? 4321);
process.env['ASTRO_TELEMETRY_DISABLED'] = '1';

if (spawnSync('node', ['scripts/build-cms.ts'], { stdio: 'inherit' }).status !== 0) process.exit(1);

const children: ChildProcess[] = [];
// Each child leads a process group of its own, so that stopping it stops what it started too (npx starts
// astro, which starts esbuild and vite workers): killing only the npx process left astro on the port.
const start = (command: string, args: string[], env: Record<string, string>) => {
  const child = spawn(command, args, { stdio: 'inherit', detached: true, env: { ...process.env, ...env } });
  child.on('exit', (code) => {
    if (code !== null && code !== 0) stop(code);
  });
  children.push(child);
  return child;
};

// Only this machine may reach the backend: it writes files without asking who is there.
start('node', [createRequire(import.meta.url).resolve('decap-server')], {
  PORT: String(backendPort),
  BIND_HOST: '127.0.0.1',
  GIT_REPO_DIRECTORY: root,
  MODE: 'fs',
});
start('npx', ['astro', 'dev', '--port', String(sitePort)], {});

setTimeout(
  () =>
    console.log(`
  Redazione (editor):  http://localhost:${sitePort}/admin/
  Sito (site):         http://localhost:${sitePort}/
  I file salvati finiscono in content/ e la pagina del sito si aggiorna da sola. Ctrl-C per chiudere.
`),
  4000,
).unref();

function stop(code = 0) {
  for (const child of children) {
    if (child.pid === undefined) continue;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // The group is already gone.
    }
  }
  process.exit(code);
}
// However this process ends, its children's groups end with it.
process.on('exit', () => {
  for (const child of children) {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
});
process.on('SIGINT', () => stop());
process.on('SIGTERM', () => stop());
