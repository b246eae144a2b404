// A local HTTP server imitating a mining pool's stats API, for the oracle updater's tests and demos:
// worker hashrate samples over time (a repeating pattern, one sample per interval), daily earnings that
// follow the worker's uptime, and configurable outage windows (samples at 0, or missing altogether).
//
//   npm run fake-pool -- [--port 8787] [--worker s21-1=197.25,199.75] [--interval 600] [--daily 0.00011796]
//                        [--outage 2025-01-03T06:00Z/2025-01-03T10:00Z[/missing]]…
//
//   GET /api/v1/workers/{worker}/hashrate?from={unix}&to={unix}   (to − from ≤ 1 day)
//       → { worker, unit: "TH/s", interval, samples: [{ t, hashrate }] }   sample t covers [t, t + interval)
//   GET /api/v1/earnings?date=YYYY-MM-DD[&account={worker}]
//       → { date, amount: "0.00011796", currency: "BTC" }   404 while a day is marked unpublished
// A day's earnings are `daily × up slots / slots` of the account's worker (rounded down to the satoshi).
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";

import { formatUnits, parseTimestamp, parseUnitsDown } from "../oracle/units.js";

export type FakeOutage = { from: number; to: number; mode: "zero" | "missing"; worker?: string };

export type FakePoolOptions = {
  host?: string;
  port?: number;
  /** Seconds between samples. */
  interval?: number;
  /** Workers and the hashrate pattern (TH/s, decimal strings) their consecutive slots cycle through. */
  workers?: Record<string, string[]>;
  /** Earnings of a day at full uptime, as a coin decimal. */
  daily?: string;
  /** Decimals of the coin (8 for BTC). */
  decimals?: number;
  currency?: string;
  outages?: FakeOutage[];
  /** Days whose earnings are not published yet (404). */
  unpublished?: string[];
  /** Fixed earnings for some days (coin decimals). */
  earningsOverrides?: Record<string, string>;
};

export type FakePool = {
  url: string;
  port: number;
  options: Required<Omit<FakePoolOptions, "host" | "port">>;
  /** Requests served, by path prefix ("hashrate", "earnings"). */
  requests: { hashrate: number; earnings: number };
  /** The samples the API returns for `worker` in [from, to). */
  samples(worker: string, from: number, to: number): { t: number; hashrate: string }[];
  /** The earnings (coin decimal) the API returns for `date`. */
  earnings(date: string, account?: string): string;
  close(): Promise<void>;
};

const DAY = 86_400;

export async function startFakePool(input: FakePoolOptions = {}): Promise<FakePool> {
  const options = {
    interval: input.interval ?? 600,
    workers: input.workers ?? { "s21-1": ["197.25", "199.75"] },
    daily: input.daily ?? "0.00011796",
    decimals: input.decimals ?? 8,
    currency: input.currency ?? "BTC",
    outages: input.outages ?? [],
    unpublished: input.unpublished ?? [],
    earningsOverrides: input.earningsOverrides ?? {},
  };
  const requests = { hashrate: 0, earnings: 0 };

  /** The slot value at `t` (a slot start), or undefined when the sample is missing. */
  function valueAt(worker: string, t: number): string | undefined {
    const pattern = options.workers[worker];
    const outage = options.outages.find(
      (o) => (o.worker === undefined || o.worker === worker) && t >= o.from && t < o.to,
    );
    if (outage) return outage.mode === "zero" ? "0" : undefined;
    return pattern[Math.floor(t / options.interval) % pattern.length];
  }

  function samples(worker: string, from: number, to: number) {
    const out: { t: number; hashrate: string }[] = [];
    for (let t = Math.ceil(from / options.interval) * options.interval; t < to; t += options.interval) {
      const v = valueAt(worker, t);
      if (v !== undefined) out.push({ t, hashrate: v });
    }
    return out;
  }

  function earnings(date: string, account?: string): string {
    if (options.earningsOverrides[date] !== undefined) return options.earningsOverrides[date];
    const worker = account ?? Object.keys(options.workers)[0];
    const start = Date.parse(`${date}T00:00:00Z`) / 1000;
    const slots = DAY / options.interval;
    const up = samples(worker, start, start + DAY).filter((s) => Number(s.hashrate) > 0).length;
    const full = parseUnitsDown(options.daily, options.decimals);
    return formatUnits((full * BigInt(up)) / BigInt(slots), options.decimals);
  }

  function send(res: ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { "content-type": "application/json" });
    // Hashrates are emitted as JSON numbers, exactly as written in the pattern.
    res.end(JSON.stringify(body).replace(/"hashrate":"([0-9.eE+-]+)"/g, '"hashrate":$1'));
  }

  function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://pool");
    if (req.method !== "GET") return send(res, 405, { error: "method not allowed" });
    if (url.pathname === "/" || url.pathname === "/api/v1")
      return send(res, 200, { name: "fake-pool", workers: Object.keys(options.workers) });
    const m = /^\/api\/v1\/workers\/([^/]+)\/hashrate$/.exec(url.pathname);
    if (m) {
      requests.hashrate++;
      const worker = decodeURIComponent(m[1]);
      if (!options.workers[worker]) return send(res, 404, { error: `unknown worker ${worker}` });
      const from = Number(url.searchParams.get("from"));
      const to = Number(url.searchParams.get("to"));
      if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || to < from)
        return send(res, 400, { error: "from/to must be unix seconds, from ≤ to" });
      if (to - from > DAY) return send(res, 400, { error: "range longer than one day" });
      return send(res, 200, { worker, unit: "TH/s", interval: options.interval, samples: samples(worker, from, to) });
    }
    if (url.pathname === "/api/v1/earnings") {
      requests.earnings++;
      const date = url.searchParams.get("date") ?? "";
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return send(res, 400, { error: "date must be YYYY-MM-DD" });
      const account = url.searchParams.get("account") ?? undefined;
      if (account !== undefined && !options.workers[account])
        return send(res, 404, { error: `unknown account ${account}` });
      if (options.unpublished.includes(date)) return send(res, 404, { error: `earnings of ${date} not published yet` });
      return send(res, 200, { date, amount: earnings(date, account), currency: options.currency });
    }
    return send(res, 404, { error: "not found" });
  }

  const server = createServer(handle);
  const host = input.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(input.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    options,
    requests,
    samples,
    earnings,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function parseOutage(spec: string): FakeOutage {
  const [from, to, mode = "zero"] = spec.split("/");
  if (!from || !to || (mode !== "zero" && mode !== "missing"))
    throw new Error(`--outage "${spec}": expected <from>/<to>[/zero|missing]`);
  return { from: parseTimestamp(from), to: parseTimestamp(to), mode };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const { values } = parseArgs({
      options: {
        host: { type: "string", default: "127.0.0.1" },
        port: { type: "string", default: "8787" },
        worker: { type: "string", multiple: true },
        interval: { type: "string", default: "600" },
        daily: { type: "string", default: "0.00011796" },
        outage: { type: "string", multiple: true },
        unpublished: { type: "string", multiple: true },
      },
    });
    const workers = values.worker
      ? Object.fromEntries(
          values.worker.map((w) => {
            const [name, pattern] = w.split("=");
            if (!name || !pattern) throw new Error(`--worker "${w}": expected <name>=<TH/s>[,<TH/s>…]`);
            return [name, pattern.split(",")];
          }),
        )
      : undefined;
    const pool = await startFakePool({
      host: values.host,
      port: Number(values.port),
      interval: Number(values.interval),
      daily: values.daily,
      ...(workers ? { workers } : {}),
      outages: (values.outage ?? []).map(parseOutage),
      unpublished: values.unpublished ?? [],
    });
    console.log(
      `fake pool listening on ${pool.url} (workers: ${Object.keys(pool.options.workers).join(", ")}; interval ${pool.options.interval} s)`,
    );
    for (const sig of ["SIGINT", "SIGTERM"] as const)
      process.on(sig, () => void pool.close().then(() => process.exit(0)));
  } catch (error) {
    console.error(`fake-pool: ${(error as Error).message}`);
    process.exit(2);
  }
}
