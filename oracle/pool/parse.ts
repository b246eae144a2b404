// Parsing shared by the adapters: a pool's hashrate series and earnings records, from JSON (numbers kept
// exact, see parseJsonExact) or CSV, into H/s samples and base-unit amounts.
import { PoolDataError, PoolDataNotReadyError } from "../errors.js";
import type { HashrateSample } from "../report.js";
import { type HashrateUnit, hashrateToHps, isHashrateUnit, parseTimestamp, parseUnitsDown } from "../units.js";
import type { EarningsUnit, SampleSeries } from "./types.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function positiveInt(value: unknown, what: string): number {
  const n = typeof value === "string" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n <= 0)
    throw new PoolDataError(`${what} is not a positive integer`);
  return n;
}

/**
 * A hashrate series: `{ unit?, interval?, samples: [{ t, hashrate }] }` or a bare array of samples.
 * A sample may carry its own `unit`. Values must be non-negative.
 */
export function parseSeries(json: unknown, defaultUnit: HashrateUnit, where: string): SampleSeries {
  const root = Array.isArray(json) ? { samples: json } : json;
  if (!isObj(root) || !Array.isArray(root.samples)) throw new PoolDataError(`${where}: expected { samples: [...] }`);
  const unit = root.unit ?? defaultUnit;
  if (!isHashrateUnit(unit)) throw new PoolDataError(`${where}: unknown hashrate unit ${JSON.stringify(unit)}`);
  const interval = root.interval === undefined ? undefined : positiveInt(root.interval, `${where}: interval`);
  const samples: HashrateSample[] = root.samples.map((s, i) => {
    if (!isObj(s)) throw new PoolDataError(`${where}: samples[${i}] is not an object`);
    const u = s.unit ?? unit;
    if (!isHashrateUnit(u)) throw new PoolDataError(`${where}: samples[${i}].unit ${JSON.stringify(u)} is unknown`);
    const value = s.hashrate;
    if (typeof value !== "string" && typeof value !== "number")
      throw new PoolDataError(`${where}: samples[${i}].hashrate is missing`);
    return {
      t: parseTimestamp(s.t, `${where}: samples[${i}].t`),
      hashrate: hashrateToHps(value, u, `${where}: samples[${i}].hashrate`),
    };
  });
  return { samples, ...(interval ? { interval } : {}) };
}

/** An earnings amount in `unit` as base units of a `decimals` token. */
export function earningsToBase(amount: unknown, unit: EarningsUnit, decimals: number, where: string): bigint {
  if (amount === null || amount === undefined) throw new PoolDataNotReadyError(`${where}: no earnings published yet`);
  if (typeof amount !== "string" && typeof amount !== "number")
    throw new PoolDataError(`${where}: amount is not a number`);
  if (unit === "base") {
    const text = String(amount).trim();
    if (!/^\d+$/.test(text)) throw new PoolDataError(`${where}: amount "${text}" is not an integer of base units`);
    return BigInt(text);
  }
  return parseUnitsDown(amount, decimals, `${where}: amount`);
}

/** Rows of a CSV with a header line; `#` comments and blank lines are skipped. */
export function parseCsv(text: string, where: string): Record<string, string>[] {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
  if (lines.length === 0) return [];
  const header = lines[0].split(",").map((h) => h.trim());
  return lines.slice(1).map((line, i) => {
    const cells = line.split(",").map((c) => c.trim());
    if (cells.length !== header.length)
      throw new PoolDataError(`${where}: line ${i + 2} has ${cells.length} fields, expected ${header.length}`);
    return Object.fromEntries(header.map((h, j) => [h, cells[j]]));
  });
}

/** Earnings records `[{ date, amount, account? }]` (from `{ earnings: [...] }` or a bare array). */
export function parseEarningsRecords(
  json: unknown,
  where: string,
): { date: string; amount: unknown; account?: string }[] {
  const list = Array.isArray(json) ? json : isObj(json) ? json.earnings : undefined;
  if (!Array.isArray(list)) throw new PoolDataError(`${where}: expected { earnings: [...] }`);
  return list.map((r, i) => {
    if (!isObj(r) || typeof r.date !== "string") throw new PoolDataError(`${where}: earnings[${i}] has no date`);
    return { date: r.date, amount: r.amount, ...(typeof r.account === "string" ? { account: r.account } : {}) };
  });
}
