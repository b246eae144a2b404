// Exact unit conversions at the boundary between pool APIs (decimal numbers in coins, TH/s, …) and the
// chain (integers in base units, H/s). Nothing here goes through floating point: a JSON number is kept
// as its source text (see parseJsonExact) and scaled as a decimal string. Every conversion rounds down.
import { PoolDataError } from "./errors.js";

const DECIMAL = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * `value × 10^decimals` as an integer, rounded down. Accepts decimal strings ("0.00011796", "1.5e14")
 * and numbers (via their shortest round-trip text). Negative, empty or non-numeric values throw.
 */
export function parseUnitsDown(value: string | number | bigint, decimals: number, what = "value"): bigint {
  if (typeof value === "bigint") {
    if (value < 0n) throw new PoolDataError(`${what} is negative: ${value}`);
    return value * 10n ** BigInt(decimals);
  }
  const text = (typeof value === "number" ? numberText(value, what) : value).trim();
  const m = DECIMAL.exec(text);
  if (!m || (m[1] === "" && (m[2] ?? "") === ""))
    throw new PoolDataError(`${what} is not a non-negative decimal: "${text}"`);
  const digits = `${m[1]}${m[2] ?? ""}` || "0";
  const exponent = Number(m[3] ?? 0) - (m[2]?.length ?? 0) + decimals;
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 400)
    throw new PoolDataError(`${what} is out of range: "${text}"`);
  const n = BigInt(digits);
  return exponent >= 0 ? n * 10n ** BigInt(exponent) : n / 10n ** BigInt(-exponent);
}

function numberText(value: number, what: string): string {
  if (!Number.isFinite(value) || value < 0) throw new PoolDataError(`${what} is not a non-negative number: ${value}`);
  return String(value);
}

/** Formats base units as a decimal string (for logs): `formatUnits(11796n, 8)` is "0.00011796". */
export function formatUnits(value: bigint, decimals: number): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const s = abs.toString().padStart(decimals + 1, "0");
  const int = s.slice(0, s.length - decimals);
  const frac = s.slice(s.length - decimals).replace(/0+$/, "");
  return `${negative ? "-" : ""}${int}${frac ? `.${frac}` : ""}`;
}

/** Hashrate units pools use, as powers of ten of H/s. */
export const HASHRATE_UNITS = {
  "H/s": 0,
  "kH/s": 3,
  "KH/s": 3,
  "MH/s": 6,
  "GH/s": 9,
  "TH/s": 12,
  "PH/s": 15,
  "EH/s": 18,
} as const;
export type HashrateUnit = keyof typeof HASHRATE_UNITS;

export function isHashrateUnit(unit: unknown): unit is HashrateUnit {
  return typeof unit === "string" && Object.hasOwn(HASHRATE_UNITS, unit);
}

/** A hashrate in `unit` as integer H/s, rounded down. */
export function hashrateToHps(value: string | number, unit: HashrateUnit, what = "hashrate"): bigint {
  return parseUnitsDown(value, HASHRATE_UNITS[unit], what);
}

/**
 * JSON.parse that keeps every number as its exact source text (a string), so "0.000117960000000000001"
 * or a 20-digit integer survive unchanged. Falls back to `String(value)` where the engine gives no source.
 */
export function parseJsonExact(text: string): unknown {
  return JSON.parse(text, function (this: unknown, _key: string, value: unknown, context?: { source?: string }) {
    if (typeof value === "number") return context?.source ?? String(value);
    return value;
  } as (key: string, value: unknown) => unknown);
}

/** A timestamp from a pool (unix seconds as number/string, or an ISO-8601 string) as unix seconds. */
export function parseTimestamp(value: unknown, what = "timestamp"): number {
  if (typeof value === "number" && Number.isSafeInteger(value)) return value;
  if (typeof value === "string") {
    if (/^\d+$/.test(value.trim())) return Number(value.trim());
    const ms = Date.parse(value);
    if (!Number.isNaN(ms) && /\d{4}-\d{2}-\d{2}/.test(value)) return Math.floor(ms / 1000);
  }
  throw new PoolDataError(`${what} is not a unix time or ISO date: ${JSON.stringify(value)}`);
}

/** UTC calendar day (YYYY-MM-DD) containing unix time `t`. */
export function utcDate(t: number): string {
  return new Date(t * 1000).toISOString().slice(0, 10);
}
