/** Servers the benchmark runs in child processes, so that the load it sends never shares their event loop. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from './project.ts';

export interface ChildServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

function startChild(script: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<ChildServer> {
  const child: ChildProcess = spawn(process.execPath, [join(REPO, 'bench', script), ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let log = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not start within ${timeoutMs} ms: ${log.slice(-2000)}`));
    }, timeoutMs);
    child.stderr!.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-20_000);
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-20_000);
      const ready = /READY (\S+)/.exec(log);
      if (!ready) return;
      clearTimeout(timer);
      resolve({
        url: ready[1]!,
        pid: child.pid!,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('exit', () => {
              clearTimeout(kill);
              done();
            });
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code}: ${log.slice(-2000)}`));
    });
  });
}

export function startSiteServer(root: string, env: NodeJS.ProcessEnv): Promise<ChildServer> {
  return startChild('serve-site.ts', [root], env, 60_000);
}

export function startStaticServer(dir: string): Promise<ChildServer> {
  return startChild('serve-static.ts', [dir], process.env, 10_000);
}
