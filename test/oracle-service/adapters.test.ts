// Pool adapters: the HTTP adapter against the fake pool (and small misbehaving servers), the file
// adapter against JSON and CSV exports. Values are compared to the wei/H/s.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";

import { PoolDataError, PoolDataNotReadyError, PoolUnreachableError } from "../../oracle/errors.js";
import { type LogRecord, createLogger } from "../../oracle/log.js";
import { FilePoolAdapter, HttpPoolAdapter } from "../../oracle/pool/index.js";
import type { FilePoolConfig, HttpPoolConfig } from "../../oracle/pool/types.js";
import { type FakePool, startFakePool } from "../../scripts/fake-pool.js";

import { rejects } from "./expectations.js";

const DAY = 86_400;
const START = 20_000 * DAY; // 2024-10-04T00:00Z
const FAST_RETRY = { attempts: 3, baseDelayMs: 10, maxDelayMs: 40 };

function httpConfig(url: string, extra: Partial<HttpPoolConfig> = {}): HttpPoolConfig {
  return {
    type: "http",
    url,
    hashrateUnit: "H/s",
    earningsUnit: "coin",
    sampleInterval: 600,
    sampleAlignment: "start",
    timeoutMs: 2_000,
    maxRangeSeconds: DAY,
    ...extra,
  };
}

async function tinyServer(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

describe("oracle service: HttpPoolAdapter", function () {
  let pool: FakePool;
  before(async function () {
    pool = await startFakePool({
      workers: { "s21-1": ["197.25", "199.75"], "l7-2": ["9.5"] },
      outages: [
        { from: START + DAY + 6 * 3600, to: START + DAY + 8 * 3600, mode: "zero", worker: "s21-1" },
        { from: START + DAY + 8 * 3600, to: START + DAY + 10 * 3600, mode: "missing", worker: "s21-1" },
      ],
      unpublished: ["2024-10-09"],
    });
  });
  after(async function () {
    await pool.close();
  });

  it("reads a day of worker samples in H/s with the interval the pool declares", async function () {
    const adapter = new HttpPoolAdapter("fake", httpConfig(pool.url, { hashrateUnit: "GH/s" }));
    const series = await adapter.hashrateSamples("s21-1", START, START + DAY);
    expect(series.interval).to.equal(600);
    expect(series.samples).to.have.length(144);
    // The response's "unit": "TH/s" wins over the configured default.
    expect(series.samples[0]).to.deep.equal({ t: START, hashrate: 197_250_000_000_000n });
    expect(series.samples[1]).to.deep.equal({ t: START + 600, hashrate: 199_750_000_000_000n });
  });

  it("splits ranges longer than maxRangeSeconds into several requests", async function () {
    const adapter = new HttpPoolAdapter("fake", httpConfig(pool.url));
    const before = pool.requests.hashrate;
    const series = await adapter.hashrateSamples("l7-2", START, START + 2 * DAY);
    expect(pool.requests.hashrate - before).to.equal(2);
    expect(series.samples).to.have.length(288);
    expect(series.samples.every((s) => s.hashrate === 9_500_000_000_000n)).to.equal(true);
  });

  it("reports an outage as zero samples, then as missing samples", async function () {
    const adapter = new HttpPoolAdapter("fake", httpConfig(pool.url));
    const { samples } = await adapter.hashrateSamples("s21-1", START + DAY, START + 2 * DAY);
    expect(samples).to.have.length(144 - 12);
    expect(samples.filter((s) => s.hashrate === 0n)).to.have.length(12);
  });

  it("converts a day's coin earnings to base units, prorated by the fake pool for an outage day", async function () {
    const adapter = new HttpPoolAdapter("fake", httpConfig(pool.url));
    expect(await adapter.dailyEarnings("2024-10-04", 8)).to.equal(11_796n);
    expect(await adapter.dailyEarnings("2024-10-05", 8)).to.equal(9_830n); // 11,796 × 120 / 144
    expect(await adapter.dailyEarnings("2024-10-04", 18)).to.equal(117_960_000_000_000n);
    expect(await adapter.dailyEarnings("2024-10-04", 8, "l7-2")).to.equal(11_796n);
  });

  it("reads base-unit earnings as integers and refuses decimals there", async function () {
    const server = await tinyServer((_req, res) => res.end('{"amount": 11796}'));
    const adapter = new HttpPoolAdapter("sats", httpConfig(server.url, { earningsUnit: "base" }));
    expect(await adapter.dailyEarnings("2024-10-04", 8)).to.equal(11_796n);
    await server.close();
    const bad = await tinyServer((_req, res) => res.end('{"amount": 0.5}'));
    await rejects(
      new HttpPoolAdapter("sats", httpConfig(bad.url, { earningsUnit: "base" })).dailyEarnings("2024-10-04", 8),
      PoolDataError,
      /integer/,
    );
    await bad.close();
  });

  it("says 'not ready' for an unpublished day and 'unknown' for an unknown worker", async function () {
    const adapter = new HttpPoolAdapter("fake", httpConfig(pool.url));
    await rejects(adapter.dailyEarnings("2024-10-09", 8), PoolDataNotReadyError, /2024-10-09/);
    await rejects(adapter.hashrateSamples("nope", START, START + DAY), PoolDataError, /unknown/);
  });

  it("fails with PoolUnreachableError when nothing listens", async function () {
    const server = await tinyServer(() => {});
    const url = server.url;
    await server.close();
    const adapter = new HttpPoolAdapter("gone", httpConfig(url), { retry: FAST_RETRY });
    await rejects(adapter.ping(), PoolUnreachableError, /gone .* is unreachable: ECONNREFUSED/);
    await rejects(adapter.dailyEarnings("2024-10-04", 8), PoolUnreachableError);
  });

  it("retries 503s with backoff, logging each retry, then succeeds", async function () {
    let calls = 0;
    const server = await tinyServer((_req, res) => {
      if (++calls <= 2) {
        res.statusCode = 503;
        return res.end("{}");
      }
      res.end('{"amount": "0.00000001"}');
    });
    const records: LogRecord[] = [];
    const log = createLogger({ write: () => {}, onRecord: (r) => records.push(r) });
    const adapter = new HttpPoolAdapter("flaky", httpConfig(server.url), { retry: FAST_RETRY, log });
    expect(await adapter.dailyEarnings("2024-10-04", 8)).to.equal(1n);
    expect(calls).to.equal(3);
    const retries = records.filter((r) => r.action === "pool-retry");
    expect(retries.map((r) => r.attempt)).to.deep.equal([1, 2]);
    expect(Number(retries[1].delayMs)).to.be.greaterThan(Number(retries[0].delayMs));
    await server.close();
  });

  it("does not retry a 401, and sends the API key from the environment as a bearer token", async function () {
    let calls = 0;
    let seen: string | undefined;
    const server = await tinyServer((req, res) => {
      calls++;
      seen = req.headers.authorization;
      res.statusCode = seen === "Bearer s3cret" ? 200 : 401;
      res.end('{"amount": "1"}');
    });
    const noKey = new HttpPoolAdapter("auth", httpConfig(server.url, { apiKeyEnv: "POOL_KEY" }), {
      retry: FAST_RETRY,
      env: {},
    });
    await rejects(noKey.dailyEarnings("2024-10-04", 8), PoolDataError, /HTTP 401/);
    expect(calls).to.equal(1);
    const withKey = new HttpPoolAdapter("auth", httpConfig(server.url, { apiKeyEnv: "POOL_KEY" }), {
      retry: FAST_RETRY,
      env: { POOL_KEY: "s3cret" },
    });
    expect(await withKey.dailyEarnings("2024-10-04", 8)).to.equal(100_000_000n);
    expect(seen).to.equal("Bearer s3cret");
    await server.close();
  });

  it("rejects malformed pool answers with PoolDataError", async function () {
    const server = await tinyServer((req, res) => {
      if (req.url?.includes("hashrate")) return res.end('{"unit":"furlongs","samples":[]}');
      res.end("<html>maintenance</html>");
    });
    const adapter = new HttpPoolAdapter("weird", httpConfig(server.url), { retry: FAST_RETRY });
    await rejects(adapter.hashrateSamples("w", START, START + 600), PoolDataError, /unknown hashrate unit/);
    await rejects(adapter.dailyEarnings("2024-10-04", 8), PoolDataError, /did not return JSON/);
    await server.close();
  });
});

describe("oracle service: FilePoolAdapter", function () {
  let dir: string;
  const common = { hashrateUnit: "TH/s", earningsUnit: "coin", sampleInterval: 600, sampleAlignment: "start" } as const;
  before(async function () {
    dir = await mkdtemp(path.join(os.tmpdir(), "oracle-files-"));
    await writeFile(
      path.join(dir, "s21-1.csv"),
      `# exported\nt,hashrate\n${START},197.25\n${START + 600},199.75\n\n${START + DAY},1\n`,
    );
    await writeFile(
      path.join(dir, "l7-2.json"),
      JSON.stringify({
        unit: "GH/s",
        interval: 300,
        samples: [
          { t: "2024-10-04T00:00:00Z", hashrate: 9500.5 },
          { t: START + 300, hashrate: "0" },
        ],
      }),
    );
    await writeFile(
      path.join(dir, "earnings.csv"),
      "date,amount,account\n2024-10-04,0.00011796,s21-1\n2024-10-04,0.00000042,l7-2\n2024-10-05,0.0000983,s21-1\n",
    );
    await writeFile(
      path.join(dir, "earnings.json"),
      JSON.stringify({
        earnings: [
          { date: "2024-10-04", amount: "0.5" },
          { date: "2024-10-06", amount: 1 },
          { date: "2024-10-06", amount: 2 },
        ],
      }),
    );
  });
  after(async function () {
    await rm(dir, { recursive: true });
  });

  it("reads CSV samples through the {worker} template, keeping only [from, to)", async function () {
    const adapter = new FilePoolAdapter(
      "files",
      { ...common, type: "file", hashrate: "{worker}.csv", earnings: "earnings.csv" } satisfies FilePoolConfig,
      dir,
    );
    const series = await adapter.hashrateSamples("s21-1", START, START + DAY);
    expect(series.samples).to.deep.equal([
      { t: START, hashrate: 197_250_000_000_000n },
      { t: START + 600, hashrate: 199_750_000_000_000n },
    ]);
    expect(series.interval).to.equal(undefined);
  });

  it("reads JSON samples with their own unit, interval and ISO timestamps", async function () {
    const adapter = new FilePoolAdapter(
      "files",
      { ...common, type: "file", hashrate: "{worker}.json", earnings: "earnings.json" },
      dir,
    );
    const series = await adapter.hashrateSamples("l7-2", START, START + DAY);
    expect(series.interval).to.equal(300);
    expect(series.samples).to.deep.equal([
      { t: START, hashrate: 9_500_500_000_000n },
      { t: START + 300, hashrate: 0n },
    ]);
  });

  it("reads earnings per account from CSV and not-yet-published days as not ready", async function () {
    const adapter = new FilePoolAdapter(
      "files",
      { ...common, type: "file", hashrate: "{worker}.csv", earnings: "earnings.csv" },
      dir,
    );
    expect(await adapter.dailyEarnings("2024-10-04", 8, "s21-1")).to.equal(11_796n);
    expect(await adapter.dailyEarnings("2024-10-04", 8, "l7-2")).to.equal(42n);
    expect(await adapter.dailyEarnings("2024-10-05", 8, "s21-1")).to.equal(9_830n);
    await rejects(adapter.dailyEarnings("2024-10-07", 8, "s21-1"), PoolDataNotReadyError);
    await rejects(adapter.dailyEarnings("2024-10-04", 8), PoolDataError, /2 earnings rows/);
  });

  it("reads JSON earnings and refuses a day listed twice", async function () {
    const adapter = new FilePoolAdapter(
      "files",
      { ...common, type: "file", hashrate: "{worker}.csv", earnings: "earnings.json" },
      dir,
    );
    expect(await adapter.dailyEarnings("2024-10-04", 8)).to.equal(50_000_000n);
    await rejects(adapter.dailyEarnings("2024-10-06", 8), PoolDataError, /2 earnings rows/);
  });

  it("fails with PoolUnreachableError when a file is missing", async function () {
    const adapter = new FilePoolAdapter(
      "files",
      { ...common, type: "file", hashrate: "{worker}.csv", earnings: "missing.csv" },
      dir,
    );
    await rejects(adapter.ping(), PoolUnreachableError, /ENOENT/);
    await rejects(adapter.hashrateSamples("nobody", START, START + DAY), PoolUnreachableError, /nobody\.csv/);
  });
});
