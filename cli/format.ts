// Human and machine output of the CLI: aligned tables, token amounts, hashrates, dates, and JSON with
// bigints as decimal strings.
import { formatDecimal } from "../sdk/decimal.js";
import { formatHashrate, shortAddress } from "../sdk/display.js";

/** JSON with bigints as strings (machine output: exact, parseable by any language). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2);
}

/** An aligned text table; columns whose cells all look numeric are right-aligned. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => /^[-\d.,]+(\s\S+)?$/.test(r[i] ?? "")));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(headers), line(widths.map((w) => "─".repeat(w))), ...rows.map(line)].join("\n");
}

/** Key/value lines, keys aligned. */
export function details(pairs: [string, string][]): string {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n");
}

/** A token amount with thousands separators in the whole part. */
export function amount(value: bigint, decimals: number, symbol?: string, maxFraction = decimals): string {
  const [whole, fraction] = formatDecimal(value, decimals, maxFraction).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${grouped}${fraction ? `.${fraction}` : ""}${symbol ? ` ${symbol}` : ""}`;
}

/** A hashrate in the largest unit keeping the integer part ≥ 1, two decimals (rounded down). */
export const hashrate = (hashesPerSecond: bigint): string => formatHashrate(hashesPerSecond);

export function isoTime(seconds: bigint): string {
  return new Date(Number(seconds) * 1000).toISOString().replace(".000Z", "Z");
}

export { shortAddress };
