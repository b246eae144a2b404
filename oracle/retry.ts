// Exponential backoff for transient faults (RPC or pool gone for a while): attempt, wait base × 2^n
// (capped, with a little jitter), attempt again; every retry is logged as one line. Errors that retrying
// cannot fix (a revert, a 4xx, bad data) are rethrown at once.
import { rootReason } from "./errors.js";
import type { Logger } from "./log.js";

export type RetryOptions = {
  /** Attempts in total, the first included (default 8). */
  attempts: number;
  /** Delay before the first retry, in ms (default 250). */
  baseDelayMs: number;
  /** Longest delay between two attempts, in ms (default 8,000). */
  maxDelayMs: number;
};

export const DEFAULT_RETRY: RetryOptions = { attempts: 8, baseDelayMs: 250, maxDelayMs: 8_000 };

/** Delay before retry number `retry` (0-based): base × 2^retry, capped; jitter of up to +10% when asked. */
export function backoffDelay(retry: number, options: RetryOptions, jitter = 0): number {
  const raw = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
  return Math.round(raw * (1 + 0.1 * jitter));
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });

/**
 * Runs `fn` until it succeeds, `isTransient(error)` is false, or the attempts are used up (then the last
 * error is thrown). `label` and `fields` go into the `retry` log lines.
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  {
    options = DEFAULT_RETRY,
    isTransient,
    log,
    action = "retry",
    fields = {},
    signal,
  }: {
    options?: RetryOptions;
    isTransient: (error: unknown) => boolean;
    log?: Logger;
    action?: string;
    fields?: Record<string, unknown>;
    signal?: AbortSignal;
  },
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= options.attempts || !isTransient(error) || signal?.aborted) throw error;
      const delayMs = backoffDelay(attempt - 1, options, Math.random());
      log?.warn(action, { ...fields, attempt, of: options.attempts, delayMs, error: rootReason(error) });
      await sleep(delayMs, signal);
    }
  }
}

const TRANSIENT_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CLOSED",
]);

/** Whether `error` (or one of its causes) is a network-level failure: connection refused/reset, timeout, DNS. */
export function isNetworkError(error: unknown): boolean {
  for (
    let e = error as { code?: unknown; name?: string; message?: string; cause?: unknown } | undefined, i = 0;
    e && i < 8;
    e = e.cause as typeof e, i++
  ) {
    if (typeof e.code === "string" && TRANSIENT_CODES.has(e.code)) return true;
    if (e.name === "TimeoutError" || e.name === "AbortError" || e.name === "SocketClosedError") return true;
    if (typeof e.message === "string" && /fetch failed|socket hang up|other side closed|network error/i.test(e.message))
      return true;
  }
  return false;
}
