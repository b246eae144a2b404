// Exact decimal <-> bigint conversions for token amounts and the ROI calculator's market inputs. No
// floating point anywhere: "0.1" of an 8-decimal token is exactly 10,000,000 base units, "8.3e13" is
// accepted as a difficulty, and input with more precision than the unit allows is an error (or, when
// asked, rounded down).

export class InvalidDecimalError extends Error {
  override readonly name = "InvalidDecimalError" as const;
  constructor(
    readonly input: string,
    readonly reason: string,
  ) {
    super(`invalid amount "${input}": ${reason}`);
  }
}

const DECIMAL = /^(\d+)?(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/**
 * `text` (e.g. "12.5", "0.0001", "8.3e13", "1_000") as an integer scaled by 10^decimals.
 * @param rounding "exact" (default) rejects digits below 10^-decimals; "floor" drops them.
 */
export function parseDecimal(text: string, decimals: number, rounding: "exact" | "floor" = "exact"): bigint {
  const input = text.trim();
  const clean = input.replace(/(?<=\d)_(?=\d)/g, "");
  if (clean.startsWith("-")) throw new InvalidDecimalError(input, "must not be negative");
  const m = DECIMAL.exec(clean);
  if (!m || (m[1] === undefined && m[2] === undefined)) throw new InvalidDecimalError(input, "not a number");
  const whole = m[1] ?? "";
  const fraction = m[2] ?? "";
  const exponent = Number(m[3] ?? 0);
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 1_000)
    throw new InvalidDecimalError(input, "exponent out of range");
  const digits = BigInt(whole + fraction || "0");
  // value = digits × 10^(exponent − fraction.length); scaled = value × 10^decimals
  const shift = decimals + exponent - fraction.length;
  if (shift >= 0) return digits * 10n ** BigInt(shift);
  const divisor = 10n ** BigInt(-shift);
  if (rounding === "exact" && digits % divisor !== 0n) {
    throw new InvalidDecimalError(input, `more than ${decimals} decimal${decimals === 1 ? "" : "s"}`);
  }
  return digits / divisor;
}

/** `value / 10^decimals` as a decimal string without trailing zeros, cut (rounded down) to `maxFraction` digits. */
export function formatDecimal(value: bigint, decimals: number, maxFraction = decimals): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const unit = 10n ** BigInt(decimals);
  const whole = abs / unit;
  let fraction = (abs % unit).toString().padStart(decimals, "0").slice(0, Math.max(0, maxFraction));
  fraction = fraction.replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

/** An integer count (shares, ids): digits only, optionally with `_` separators; positive unless `allowZero`. */
export function parseInteger(text: string, what = "value", { allowZero = false } = {}): bigint {
  const input = text.trim();
  const clean = input.replace(/(?<=\d)_(?=\d)/g, "");
  if (!/^\d+$/.test(clean)) throw new InvalidDecimalError(input, `${what} must be a whole number`);
  const value = BigInt(clean);
  if (value === 0n && !allowZero) throw new InvalidDecimalError(input, `${what} must be at least 1`);
  return value;
}
