// The pool adapter interface: how the updater reads a rig's telemetry, whatever the pool. An adapter
// returns hashrate samples in H/s and a day's earnings in payout-token base units; converting the
// pool's units (TH/s, coins) happens inside the adapter, once.
import type { HashrateSample, SampleAlignment } from "../report.js";
import type { HashrateUnit } from "../units.js";

export type EarningsUnit = "coin" | "base";

/** Settings every adapter shares (from the config file's `pools` entry). */
export type PoolCommonConfig = {
  /** Unit of hashrate values when the data does not say (default "H/s"). */
  hashrateUnit: HashrateUnit;
  /** "coin": earnings are decimal coin amounts (0.00011796 BTC); "base": integers in base units (sats). */
  earningsUnit: EarningsUnit;
  /** Sampling interval in seconds when the data does not say (default 600). */
  sampleInterval: number;
  /** Whether a sample's time is the start (default) or the end of its averaging window. */
  sampleAlignment: SampleAlignment;
};

export type HttpPoolConfig = PoolCommonConfig & {
  type: "http";
  /** Base URL of the stats API, e.g. https://pool.example/ (paths /api/v1/… are appended). */
  url: string;
  /** Name of the environment variable holding the API key (sent as `Authorization: Bearer`). */
  apiKeyEnv?: string;
  /** Per-request timeout in ms (default 10,000). */
  timeoutMs: number;
  /** Longest [from, to) range asked in one request, in s (default one day); longer ranges are split. */
  maxRangeSeconds: number;
};

export type FilePoolConfig = PoolCommonConfig & {
  type: "file";
  /** Hashrate file per worker; `{worker}` is replaced by the worker name. `.csv` or `.json`. */
  hashrate: string;
  /** Earnings file (`date,amount[,account]` CSV or JSON). */
  earnings: string;
};

export type PoolConfig = HttpPoolConfig | FilePoolConfig;

/** Samples plus the interval the data itself declares (if any). */
export type SampleSeries = { samples: HashrateSample[]; interval?: number };

export interface PoolAdapter {
  /** Name from the config (for logs and errors). */
  readonly name: string;
  readonly config: PoolConfig;
  /** Hashrate samples of `worker` with `from ≤ t < to` (unix s), in H/s. */
  hashrateSamples(worker: string, from: number, to: number): Promise<SampleSeries>;
  /**
   * Earnings credited for UTC day `date` (YYYY-MM-DD) to `account` (if the pool splits by account), in
   * base units of a token with `decimals`. Throws PoolDataNotReadyError while the day is not published.
   */
  dailyEarnings(date: string, decimals: number, account?: string): Promise<bigint>;
  /** Throws PoolUnreachableError when the pool cannot be reached at all. */
  ping(): Promise<void>;
}
