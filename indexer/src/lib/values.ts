// Small value helpers shared by the handlers and the API.
import type { Address } from "viem";

/** Position ids encode their rig: `positionId = rigId * 1e12 + serial` (sdk/positionId.ts). */
export const POSITION_STRIDE = 10n ** 12n;

export const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000" as const;

/** Addresses are stored lowercase, so that keys compare whatever checksum casing a caller uses. */
export function lower(a: Address | string): `0x${string}` {
  return a.toLowerCase() as `0x${string}`;
}

export function rigOfPosition(positionId: bigint): bigint {
  return positionId / POSITION_STRIDE;
}

/** A value made JSON-safe: bigints become decimal strings (recursively), the rest stays. */
export function jsonSafe(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
  }
  return value;
}
