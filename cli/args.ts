// Validation of command-line values: every malformed value is a UsageError with a one-line message, found
// before any RPC call is made.
import { type Address, type Hex, getAddress, isAddress } from "viem";

import { InvalidDecimalError, parseDecimal, parseInteger } from "../sdk/decimal.js";
import type { ApproveMode } from "../sdk/internal/approve.js";
import { UsageError } from "./errors.js";

export function required(value: string | undefined, what: string): string {
  if (value === undefined || value === "") throw new UsageError(`missing ${what}`);
  return value;
}

function wrap<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof InvalidDecimalError) throw new UsageError(e.message);
    throw e;
  }
}

export function parseId(text: string | undefined, what: string): bigint {
  const value = required(text, what);
  return wrap(() => parseInteger(value, what));
}

export function parseCount(text: string | undefined, what: string, { allowZero = false } = {}): bigint {
  const value = required(text, what);
  return wrap(() => parseInteger(value, what, { allowZero }));
}

export function parseAddress(text: string | undefined, what: string): Address {
  const value = required(text, what);
  if (!isAddress(value, { strict: false })) throw new UsageError(`invalid address "${value}" for ${what}`);
  return getAddress(value);
}

/** A token amount in whole units ("0.5") converted to base units; no more decimals than the token has. */
export function parseAmount(text: string | undefined, decimals: number, what: string): bigint {
  const value = required(text, what);
  return wrap(() => parseDecimal(value, decimals));
}

const HASH_SUFFIX: Record<string, number> = { "": 0, k: 3, K: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/** "200T", "16G", "120k", "200 TH/s" or plain H/s. */
export function parseHashrate(text: string | undefined): bigint {
  const value = required(text, "--hashrate").replace(/\s+/g, "");
  const m = /^([\d.]+(?:e\d+)?)([kKMGTPE]?)(?:H\/s|H)?$/.exec(value);
  if (!m) throw new UsageError(`invalid hashrate "${value}" (e.g. 200T for 200 TH/s)`);
  const hashes = wrap(() => parseDecimal(m[1], HASH_SUFFIX[m[2]]));
  if (hashes === 0n) throw new UsageError("hashrate must be positive");
  return hashes;
}

/** "1d", "12h", "30m" or seconds. */
export function parseDuration(text: string | undefined, what: string): number {
  const value = required(text, what);
  const m = /^(\d+)([smhd]?)$/.exec(value);
  if (!m) throw new UsageError(`invalid duration "${value}" for ${what} (e.g. 1d, 12h, 3600)`);
  const unit = { "": 1, s: 1, m: 60, h: 3_600, d: 86_400 }[m[2]]!;
  return Number(m[1]) * unit;
}

/** Basis points 0..max. */
export function parseBps(text: string | undefined, what: string, max = 10_000): number {
  const value = Number(parseCount(text, what, { allowZero: true }));
  if (value > max) throw new UsageError(`${what} must be at most ${max} bps`);
  return value;
}

const REPORT_FIELDS = ["rigId", "epoch", "deliveredHashrate", "uptimeBps", "grossReward", "energyWh"] as const;

/**
 * An epoch report file: `{ rigId, epoch, deliveredHashrate, uptimeBps, grossReward, energyWh }` in base units
 * (H/s, bps, payout-token base units, Wh) as integers or decimal strings, optionally with `signatures`.
 */
export function parseReportJson(
  text: string,
  file: string,
): { report: Record<(typeof REPORT_FIELDS)[number], bigint>; signatures: Hex[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`report file ${file} is not JSON: ${(e as Error).message.split("\n")[0]}`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json))
    throw new UsageError(`report file ${file} must hold an object`);
  const body = json as Record<string, unknown>;
  const source = (typeof body.report === "object" && body.report !== null ? body.report : body) as Record<
    string,
    unknown
  >;
  const report = {} as Record<(typeof REPORT_FIELDS)[number], bigint>;
  for (const field of REPORT_FIELDS) {
    const value = source[field];
    const text = typeof value === "number" && Number.isSafeInteger(value) ? String(value) : value;
    if (typeof text !== "string" || !/^\d+$/.test(text))
      throw new UsageError(`report file ${file}: "${field}" must be a whole number in base units`);
    report[field] = BigInt(text);
  }
  const signatures = body.signatures === undefined ? [] : body.signatures;
  if (!Array.isArray(signatures)) throw new UsageError(`report file ${file}: "signatures" must be a list`);
  return { report, signatures: signatures.map((s) => parseSignature(String(s))) };
}

/** A 65-byte ECDSA signature as 0x-prefixed hex. */
export function parseSignature(text: string): Hex {
  const value = text.trim();
  if (!/^0x[0-9a-fA-F]{130}$/.test(value))
    throw new UsageError(
      `invalid signature "${value.length > 20 ? `${value.slice(0, 18)}…` : value}": expected 65 bytes of 0x-hex`,
    );
  return value as Hex;
}

/** A comma-separated list of signatures. */
export function parseSignatures(text: string | undefined): Hex[] {
  const value = required(text, "--signatures");
  return value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map(parseSignature);
}

/** The payment-token approval of a buy: exact by default, `--approve-max` or `--no-approve` (not both). */
export function parseApproveMode(options: { "approve-max"?: unknown; "no-approve"?: unknown }): ApproveMode {
  if (options["approve-max"] && options["no-approve"])
    throw new UsageError("--approve-max and --no-approve exclude each other");
  return options["no-approve"] ? false : options["approve-max"] ? "max" : "exact";
}
