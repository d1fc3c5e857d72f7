/** Small helpers for measuring: percentiles, bounded concurrent loops, number formatting. */

export function percentile(sortedMs: readonly number[], p: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  const index = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[index]!;
}

export interface LoadResult {
  operations: number;
  ms: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

/**
 * Runs `operation(i)` for i in [0, count) with `concurrency` workers, each waiting for its previous
 * call: a closed loop with a fixed count, so it always stops by itself.
 */
export async function closedLoop(count: number, concurrency: number, operation: (index: number) => Promise<boolean>): Promise<LoadResult> {
  const latencies: number[] = new Array<number>(count);
  let next = 0;
  let errors = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const t0 = performance.now();
      const ok = await operation(index).catch(() => false);
      latencies[index] = performance.now() - t0;
      if (!ok) errors++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  const ms = performance.now() - started;
  const sorted = latencies.sort((a, b) => a - b);
  return { operations: count, ms, perSecond: (count / ms) * 1000, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), errors };
}

export const round = (value: number, digits = 1): number => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

export const kb = (bytes: number): string => (Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(1)} KB` : 'n/a');

export const ratio = (value: number, reference: number): number => (reference > 0 ? round(value / reference, 2) : Number.NaN);

/** Two significant digits, for ratios that may be far below 1. */
export const significant = (value: number): string => (Number.isFinite(value) ? String(Number(value.toPrecision(2))) : 'n/a');
