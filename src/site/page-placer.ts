/**
 * Puts kept pages (page-cache.ts) into the build's output from a worker thread. Thousands of small file
 * operations on the main thread waited behind Astro's rendering (each await needs the busy main thread to
 * go on) and were still running seconds after it; synchronous calls in a worker run on the other core
 * while the main thread renders.
 *
 * A kept page and its copy in dist/ share one file (a hard link): 6,500 pages are 150 MB that need not be
 * written again at every build. Nothing writes into a built page after the build (pagefind, the local server
 * and Netlify's upload only read them), and the next build deletes dist's names, not the files. Where a hard
 * link is impossible (the cache on another disk), the page is copied.
 */
import { copyFile, link, rm } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';

/** The worker, as CommonJS source: an inline worker needs no file of its own next to a bundled build. */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { copyFileSync, linkSync, mkdirSync, rmSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { cacheDir } = workerData;
const outDir = workerData.outDir.replace(/\\/+$/, '');
const madeDirs = new Set();
let placed = 0;
// Each folder made once, parents first: a recursive mkdir of every page's folder tried the missing path and
// its existing parents again and again, and a mkdir is the costliest call here (0.2 ms).
function ensureDir(dir) {
  if (madeDirs.has(dir)) return;
  if (dir === outDir || dirname(dir) === dir) {
    mkdirSync(dir, { recursive: true });
  } else {
    ensureDir(dirname(dir));
    try {
      mkdirSync(dir);
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
  }
  madeDirs.add(dir);
}
function place(pathname, key) {
  const dir = join(outDir, pathname).replace(/\\/$/, '');
  ensureDir(dir);
  const from = join(cacheDir, key + '.html');
  const to = join(dir, 'index.html');
  try {
    linkSync(from, to);
  } catch (error) {
    if (error.code === 'EEXIST') {
      rmSync(to, { force: true });
      linkSync(from, to);
    } else if (${JSON.stringify(['EXDEV', 'EPERM', 'ENOTSUP', 'EMLINK'])}.includes(error.code)) {
      copyFileSync(from, to);
    } else {
      throw error;
    }
  }
  placed++;
}
parentPort.on('message', (message) => {
  if (message === 'finish') {
    parentPort.postMessage({ placed });
    parentPort.close();
    return;
  }
  try {
    for (const [pathname, key] of message) place(pathname, key);
  } catch (error) {
    parentPort.postMessage({ error: String((error && error.message) || error) });
    parentPort.close();
  }
});
`;

export interface PagePlacer {
  place: (pages: readonly (readonly [pathname: string, key: string])[]) => void;
  /** Resolves with the number of pages placed once every page handed over is in place. */
  finish: () => Promise<number>;
}

export function startPagePlacer(cacheDir: string, outDir: string): PagePlacer {
  const worker = new Worker(WORKER, { eval: true, workerData: { cacheDir, outDir } });
  // A build that fails before it is done must not be kept alive by the worker.
  worker.unref();
  const result = new Promise<number>((resolve, reject) => {
    worker.on('message', (message: { placed?: number; error?: string }) => {
      if (message.error !== undefined) reject(new Error(`a kept page could not be put in place: ${message.error}`));
      else resolve(message.placed ?? 0);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      reject(new Error(`the page placer stopped before it was done (exit code ${code})`));
    });
  });
  result.catch(() => undefined); // reported by finish(), not as an unhandled rejection before it
  return {
    place: (pages) => {
      worker.postMessage(pages);
    },
    finish: () => {
      worker.ref();
      worker.postMessage('finish');
      return result;
    },
  };
}

/** One page into the cache after the build rendered it: linked as above, copied where linking is impossible. */
export async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      await rm(to, { force: true });
      await link(from, to);
    } else if (code === 'EXDEV' || code === 'EPERM' || code === 'ENOTSUP' || code === 'EMLINK') {
      await copyFile(from, to);
    } else {
      throw error;
    }
  }
}
