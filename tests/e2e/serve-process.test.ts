/**
 * `npm run serve` as a process manager runs it: started through npm against the e2e database, answering
 * health, logging one JSON line per request without paths, and stopping on SIGTERM sent to the npm
 * process: the request in flight still gets its answer, new connections are refused, nothing is left running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../scripts/lib/postgres.ts';

const SLUG = 'esempio-orti-condivisi-marghera';
let serve: ChildProcess | undefined;

afterAll(() => {
  if (serve?.exitCode === null) serve.kill('SIGKILL');
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm run serve', () => {
  it('serves, logs routes not paths, and on SIGTERM to npm finishes the request in flight, then exits 0 with nothing left running', async () => {
    const port = await freePort();
    const databaseUrl = inject('siteDatabaseUrl');
    const lines: Record<string, unknown>[] = [];
    let stderr = '';
    serve = spawn('npm', ['run', 'serve', '--silent'], {
      env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', TRUST_PROXY: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((done) => serve!.once('exit', (code) => done(code)));
    serve.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let buffer = '';
    const listening = new Promise<void>((done, fail) => {
      serve!.stdout!.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        let newline;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 1);
          lines.push(JSON.parse(line) as Record<string, unknown>);
          if (lines.at(-1)!['event'] === 'listening') done();
        }
      });
      serve!.once('exit', (code) => fail(new Error(`npm run serve exited with ${code}: ${stderr}`)));
    });
    await listening;
    const base = `http://127.0.0.1:${port}`;

    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(200);
    expect(await (await fetch(`${base}/campagne/${SLUG}/?utm=secret-query`)).text()).toContain('<html');

    // A request held in flight: the progress read waits for a lock this test holds.
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    await db.query('BEGIN');
    await db.query('LOCK TABLE campaign_totals IN ACCESS EXCLUSIVE MODE');
    const inFlight = fetch(`${base}/api/campaigns/${SLUG}/progress`);
    await new Promise((done) => setTimeout(done, 500));
    serve.kill('SIGTERM');
    await new Promise((done) => setTimeout(done, 500));
    await expect(fetch(`${base}/api/health`)).rejects.toThrow();
    await db.query('COMMIT');
    await db.end();
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect((await answer.json()).slug).toBe(SLUG);
    expect(await exited).toBe(0);

    // Nothing left behind: npm's child (the server) is gone too.
    const children = lines.filter((line) => line['event'] === 'listening');
    expect(children).toHaveLength(1);
    const serverPid = Number(children[0]!['pid']);
    expect(serverPid).toBeGreaterThan(0);
    expect(alive(serverPid)).toBe(false);

    const requests = lines.filter((line) => 'route' in line);
    expect(requests).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ method: 'GET', route: '/api/health', status: 200 }),
        expect.objectContaining({ method: 'GET', route: '/api/campaigns/:slug/progress', status: 200 }),
        expect.objectContaining({ method: 'GET', route: 'static', status: 200 }),
      ]),
    );
    for (const line of requests) expect(Object.keys(line).sort()).toEqual(['method', 'ms', 'route', 'status', 'time']);
    const logged = JSON.stringify(lines);
    expect(logged).not.toContain(SLUG);
    expect(logged).not.toContain('secret-query');
    expect(lines.at(-1)).toMatchObject({ event: 'stopped' });
  });
});
