// Display helpers shared by the CLI and the web app: hashrates in the largest unit that keeps the integer
// part ≥ 1, efficiency in J/TH and short addresses. Exact integer math (rounded down), no floats.
import { formatDecimal } from "./decimal.js";

const HASH_UNITS = ["H/s", "kH/s", "MH/s", "GH/s", "TH/s", "PH/s", "EH/s"];

/** 200e12 → "200 TH/s"; 1,500 → "1.5 kH/s" (`maxFraction` decimals, rounded down). */
export function formatHashrate(hashesPerSecond: bigint, maxFraction = 2): string {
  let unit = 0;
  let scale = 1n;
  while (unit < HASH_UNITS.length - 1 && hashesPerSecond >= scale * 1000n) {
    scale *= 1000n;
    unit++;
  }
  const digits = 10n ** BigInt(maxFraction);
  return `${formatDecimal((hashesPerSecond * digits) / scale, maxFraction, maxFraction)} ${HASH_UNITS[unit]}`;
}

/** Joules per terahash, W ÷ (H/s ÷ 1e12): 3,500 W at 200 TH/s → "17.5 J/TH"; "–" without a hashrate. */
export function formatEfficiency(powerWatts: bigint, hashesPerSecond: bigint, maxFraction = 1): string {
  if (hashesPerSecond === 0n) return "–";
  const digits = 10n ** BigInt(maxFraction);
  return `${formatDecimal((powerWatts * 10n ** 12n * digits) / hashesPerSecond, maxFraction, maxFraction)} J/TH`;
}

/** 0x9fE46736…a6e0 → "0x9fE4…a6e0". */
export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}
