// HttpPoolAdapter: a mining pool's stats API over HTTP JSON, in the shape most pools expose:
//   GET {url}/api/v1/workers/{worker}/hashrate?from={unix}&to={unix}
//       → { "worker": "s21-1", "unit": "TH/s", "interval": 600, "samples": [{ "t": 1735689600, "hashrate": 198.5 }] }
//   GET {url}/api/v1/earnings?date=YYYY-MM-DD[&account={account}]
//       → { "date": "2025-01-01", "amount": "0.00011796", "currency": "BTC" }   (404 or amount null: not yet)
// Network faults, 429 and 5xx are retried with backoff; other statuses are errors at once.
import { PoolDataError, PoolDataNotReadyError, PoolUnreachableError, oneLine, rootReason } from "../errors.js";
import type { Logger } from "../log.js";
import { DEFAULT_RETRY, type RetryOptions, isNetworkError, withRetry } from "../retry.js";
import { parseJsonExact } from "../units.js";
import { earningsToBase, parseSeries } from "./parse.js";
import type { HttpPoolConfig, PoolAdapter, SampleSeries } from "./types.js";

class HttpStatusError extends Error {
  override name = "HttpStatusError" as const;
  constructor(
    readonly status: number,
    readonly url: string,
  ) {
    super(`HTTP ${status} from ${url}`);
  }
}

const retryableStatus = (status: number) => status === 429 || status >= 500;

export class HttpPoolAdapter implements PoolAdapter {
  private readonly base: URL;
  constructor(
    readonly name: string,
    readonly config: HttpPoolConfig,
    private readonly deps: { log?: Logger; retry?: RetryOptions; env?: NodeJS.ProcessEnv } = {},
  ) {
    this.base = new URL(config.url.endsWith("/") ? config.url : `${config.url}/`);
  }

  async hashrateSamples(worker: string, from: number, to: number): Promise<SampleSeries> {
    const series: SampleSeries = { samples: [] };
    for (let start = from; start < to; start += this.config.maxRangeSeconds) {
      const end = Math.min(to, start + this.config.maxRangeSeconds);
      const path = `api/v1/workers/${encodeURIComponent(worker)}/hashrate?from=${start}&to=${end}`;
      const json = await this.get(path);
      if (json === undefined) throw new PoolDataError(`pool ${this.name}: worker "${worker}" is unknown (HTTP 404)`);
      const part = parseSeries(json, this.config.hashrateUnit, `pool ${this.name} ${path}`);
      series.samples.push(...part.samples);
      series.interval ??= part.interval;
    }
    return series;
  }

  async dailyEarnings(date: string, decimals: number, account?: string): Promise<bigint> {
    const path = `api/v1/earnings?date=${encodeURIComponent(date)}${account ? `&account=${encodeURIComponent(account)}` : ""}`;
    const json = (await this.get(path)) as { amount?: unknown } | undefined;
    if (json === undefined) throw new PoolDataNotReadyError(`pool ${this.name}: earnings of ${date} not published yet`);
    return earningsToBase(json?.amount, this.config.earningsUnit, decimals, `pool ${this.name} earnings of ${date}`);
  }

  async ping(): Promise<void> {
    try {
      await withRetry(() => this.fetch(this.base.href), {
        options: { ...(this.deps.retry ?? DEFAULT_RETRY), attempts: 2 },
        isTransient: isNetworkError,
        log: this.deps.log,
        action: "pool-retry",
        fields: { pool: this.name },
      });
    } catch (error) {
      if (isNetworkError(error))
        throw new PoolUnreachableError(`pool ${this.name} (${this.base.origin}) is unreachable: ${rootReason(error)}`);
      throw error;
    }
  }

  /** GET `path` as exact JSON; undefined on 404. */
  private async get(path: string): Promise<unknown> {
    const url = new URL(path, this.base).href;
    const response = await withRetry(
      async () => {
        const r = await this.fetch(url);
        if (retryableStatus(r.status)) throw new HttpStatusError(r.status, url);
        return r;
      },
      {
        options: this.deps.retry ?? DEFAULT_RETRY,
        isTransient: (e) => isNetworkError(e) || (e instanceof HttpStatusError && retryableStatus(e.status)),
        log: this.deps.log,
        action: "pool-retry",
        fields: { pool: this.name },
      },
    ).catch((error: unknown) => {
      if (isNetworkError(error))
        throw new PoolUnreachableError(`pool ${this.name} (${this.base.origin}) is unreachable: ${rootReason(error)}`);
      throw new PoolDataError(`pool ${this.name}: ${oneLine(error)}`);
    });
    if (response.status === 404) return undefined;
    if (!response.ok) throw new PoolDataError(`pool ${this.name}: HTTP ${response.status} from ${url}`);
    const text = await response.text();
    try {
      return parseJsonExact(text);
    } catch {
      throw new PoolDataError(`pool ${this.name}: ${url} did not return JSON`);
    }
  }

  private fetch(url: string): Promise<Response> {
    const headers: Record<string, string> = { accept: "application/json" };
    const keyEnv = this.config.apiKeyEnv;
    if (keyEnv) {
      const key = (this.deps.env ?? process.env)[keyEnv];
      if (key) headers.authorization = `Bearer ${key}`;
    }
    return fetch(url, { headers, signal: AbortSignal.timeout(this.config.timeoutMs) });
  }
}
