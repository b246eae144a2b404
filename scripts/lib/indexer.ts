// Runs the Rigshare indexer (indexer/, Ponder 0.16) as a child process: `ponder start --root indexer` on
// Node 22, telemetry off, with a database schema name (Ponder requires one for `start`), embedded PGlite in
// a data directory or Postgres at `databaseUrl`. Used by the indexer tests and usable from scripts.
//
// Supervision is spawnSupervised's (scripts/lib/stack/processes.ts), as for startNode: the child is killed
// when this process exits (exit hooks, and a watchdog for when this one is SIGKILLed), its output is always
// drained (the tail goes into error messages), and `stop()` is idempotent.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import type { AddressBook } from "../../sdk/addressBook.js";
import { BIN, ROOT, freePort, installExitHooks, rpc, spawnSupervised } from "./stack/processes.js";

export const INDEXER_ROOT = path.join(ROOT, "indexer");

export type StartIndexerOptions = {
  /** The address book to index (written to a temporary file), or… */
  book?: AddressBook;
  /** …the path of one (deployments/<chainId>.json). */
  addressBookFile?: string;
  /** The chain's JSON-RPC URL. */
  rpcUrl: string;
  /** Postgres connection string; default: embedded PGlite in `dataDir`. */
  databaseUrl?: string;
  /** PGlite data directory (default: a new temporary directory, removed by stop()). Reuse one to restart. */
  dataDir?: string;
  /** Database schema (default "rigshare"); a restart must reuse the same one. */
  schema?: string;
  /** HTTP port on 127.0.0.1 (default: a free one). */
  port?: number;
  /** Block polling interval in ms (default 200: a local chain mines on demand). */
  pollingMs?: number;
  /**
   * Wait until /ready answers 200 (the backfill, up to the chain's finalized block, is done) and then until
   * the chain head of that moment is indexed too (default true); otherwise only until /health answers.
   */
  waitReady?: boolean;
  timeoutMs?: number;
  /** Ponder's log level (default "info"; "debug" adds realtime blocks and reorg reconciliation). */
  logLevel?: "error" | "warn" | "info" | "debug" | "trace";
  /** Also write Ponder's output to this file. */
  logFile?: string;
};

export type Indexer = {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  schema: string;
  dataDir?: string;
  /** Ponder's output so far (JSON log lines), for assertions on its own logs. */
  output(): string;
  /** SIGTERM (SIGKILL after 5 s), wait for the exit, remove the temporary files. Idempotent. */
  stop(): Promise<void>;
  /** SIGKILL (no shutdown at all: for crash-recovery tests) and wait for the exit. Keeps `dataDir`. */
  kill(): Promise<void>;
};

async function httpStatus(url: string): Promise<number | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return undefined;
  }
}

/** Starts the indexer and waits for it (see StartIndexerOptions.waitReady). */
export async function startIndexer(options: StartIndexerOptions): Promise<Indexer> {
  installExitHooks();
  const { rpcUrl, databaseUrl, schema = "rigshare", pollingMs = 200, waitReady = true, timeoutMs = 180_000 } = options;
  const temp: string[] = [];
  let bookFile = options.addressBookFile;
  if (!bookFile) {
    if (!options.book) throw new Error("startIndexer needs `book` or `addressBookFile`");
    const dir = await mkdtemp(path.join(os.tmpdir(), "rigshare-indexer-book-"));
    temp.push(dir);
    bookFile = path.join(dir, `${options.book.chainId}.json`);
    await writeFile(bookFile, JSON.stringify(options.book, null, 2));
  }
  let dataDir = options.dataDir;
  if (!databaseUrl && !dataDir) {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "rigshare-indexer-pglite-"));
    temp.push(dataDir, `${dataDir}-relay`);
  }
  const port = await freePort(options.port ?? 0);
  const url = `http://127.0.0.1:${port}`;

  const env: NodeJS.ProcessEnv = { ...process.env };
  // Never inherit a database from the caller's environment: PGlite unless `databaseUrl` says otherwise.
  delete env.DATABASE_URL;
  delete env.DATABASE_PRIVATE_URL;
  Object.assign(env, {
    PONDER_TELEMETRY_DISABLED: "true",
    RIGSHARE_ADDRESS_BOOK: path.resolve(bookFile),
    RIGSHARE_RPC_URL: rpcUrl,
    RIGSHARE_POLLING_MS: String(pollingMs),
    // The relay mounted at /orders keeps its PGlite beside the indexer's (indexer/src/api/index.ts).
    ...(databaseUrl
      ? { DATABASE_URL: databaseUrl }
      : { RIGSHARE_INDEXER_DIR: path.resolve(dataDir!), RIGSHARE_RELAY_DIR: `${path.resolve(dataDir!)}-relay` }),
  });
  const args = ["start", "--root", INDEXER_ROOT, "--schema", schema, "--port", String(port)];
  args.push("--hostname", "127.0.0.1", "--log-format", "json", "--log-level", options.logLevel ?? "info");
  // Keep the whole output (the tests read Ponder's own log lines) up to a bound.
  const ponder = spawnSupervised(path.join(BIN, "ponder"), args, {
    env,
    logFile: options.logFile,
    keepChars: 4_000_000,
  });
  const { child } = ponder;
  const tail = () => ponder.tail();

  // Whichever comes first decides how it ends: after kill(), stop() keeps the files (a restart reuses them).
  let first: "stop" | "kill" | undefined;
  const stop = async () => {
    first ??= "stop";
    await ponder.stop("SIGTERM");
    if (first === "stop") for (const dir of temp) await rm(dir, { recursive: true, force: true });
  };
  const kill = async () => {
    first ??= "kill";
    await ponder.stop("SIGKILL");
  };

  try {
    const deadline = Date.now() + timeoutMs;
    const target = `${url}${waitReady ? "/ready" : "/health"}`;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(
          `the indexer exited (${child.signalCode ?? `code ${child.exitCode}`}) before it was up:\n${tail()}`,
        );
      if ((await httpStatus(target)) === 200) break;
      if (Date.now() > deadline)
        throw new Error(`the indexer did not answer 200 on ${target} within ${timeoutMs / 1000} s:\n${tail()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // Ponder backfills up to the finalized block (head − 30 on an unknown chain) and indexes the rest live.
    if (waitReady) {
      const head = BigInt(await rpc<string>(rpcUrl, "eth_blockNumber"));
      await waitForIndexedBlock(url, head, Math.max(deadline - Date.now(), 10_000)).catch((e: Error) => {
        throw new Error(`${e.message}:\n${tail()}`);
      });
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, port, schema, dataDir, output: ponder.output, stop, kill };
}

/** The last block the indexer has indexed, from Ponder's /status (undefined before its first checkpoint). */
export async function indexedBlock(url: string): Promise<number | undefined> {
  const response = await fetch(`${url}/status`, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) return undefined;
  const status = (await response.json()) as Record<string, { block?: { number: number } }>;
  return Object.values(status)[0]?.block?.number;
}

/** Waits until the indexer has indexed block `block` (e.g. the node's head). */
export async function waitForIndexedBlock(url: string, block: number | bigint, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const at = await indexedBlock(url).catch(() => undefined);
    if (at !== undefined && at >= Number(block)) return;
    if (Date.now() > deadline)
      throw new Error(`the indexer is at block ${at ?? "none"}, not ${block}, after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Ponder's JSON log lines whose `msg` is `msg`. */
export function logLines(output: string, msg: string): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  for (const line of output.split("\n")) {
    if (!line.includes(msg)) continue;
    try {
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (entry.msg === msg) found.push(entry);
    } catch {
      // not a JSON log line (a stack trace, say)
    }
  }
  return found;
}

/** One Prometheus counter or gauge of Ponder's /metrics, summed over its labels (0 when absent). */
export async function indexerMetric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(10_000) })).text();
  let sum = 0;
  for (const line of text.split("\n")) {
    if (line.startsWith(`${name} `) || line.startsWith(`${name}{`))
      sum += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return sum;
}
