// Display formatting: token amounts (exact decimal strings from base units, never floats), hashrates,
// efficiencies, durations and addresses.
import type { Address } from "viem";

import { formatDecimal } from "../../sdk/decimal.js";

export { formatEfficiency, formatHashrate, shortAddress } from "../../sdk/display.js";

export type TokenMeta = { address: Address; symbol: string; decimals: number };

/** `1234567` base units of a 6-decimals token → "1.234567"; `maxFraction` trims (rounding down). */
export function formatAmount(value: bigint, token: Pick<TokenMeta, "decimals"> | undefined, maxFraction = 8): string {
  if (!token) return value.toString();
  return formatDecimal(value, token.decimals, maxFraction);
}

export function formatToken(value: bigint, token: TokenMeta | undefined, maxFraction = 8): string {
  return token ? `${formatAmount(value, token, maxFraction)} ${token.symbol}` : `${value} units`;
}

export function formatDuration(seconds: bigint): string {
  const s = Number(seconds);
  if (s <= 0) return "0 s";
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3_600);
  const minutes = Math.floor((s % 3_600) / 60);
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes} min`;
  return minutes > 0 ? `${minutes} min ${s % 60} s` : `${s} s`;
}

export function formatTime(unixSeconds: bigint): string {
  return new Date(Number(unixSeconds) * 1_000)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " UTC");
}

export function formatBps(bps: bigint): string {
  return `${formatDecimal(bps, 2, 2)}%`;
}
