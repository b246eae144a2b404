// Latency sampling for the indexer benchmark: run a request after a warm-up, one at a time, and summarise
// the wall-clock milliseconds as nearest-rank percentiles.
export type Latency = { samples: number; p50Ms: number; p95Ms: number; meanMs: number; maxMs: number };

/** The nearest-rank `p`-th percentile (0 < p ≤ 100) of ascending `sorted`. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError("no samples");
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1]!;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

export function summarise(ms: readonly number[]): Latency {
  const sorted = [...ms].sort((a, b) => a - b);
  return {
    samples: sorted.length,
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    meanMs: round(sorted.reduce((s, x) => s + x, 0) / sorted.length),
    maxMs: round(sorted.at(-1)!),
  };
}

/** Runs `request` `warmup` times untimed, then `samples` times timed, sequentially. */
export async function measure(
  request: () => Promise<unknown>,
  { samples = 200, warmup = 20 }: { samples?: number; warmup?: number } = {},
): Promise<Latency> {
  for (let i = 0; i < warmup; i++) await request();
  const ms: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await request();
    ms.push(performance.now() - started);
  }
  return summarise(ms);
}
