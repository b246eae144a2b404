// Builds an epoch's report from pool telemetry. Pure functions, exact integer math, every division
// rounded down (a report never claims more than the data shows).
//
// Sampling model: the epoch [start, end) is cut into slots of `interval` seconds (the pool's sampling
// interval, which must divide the epoch). A sample at time t belongs to the slot containing t (or, for
// pools that stamp a sample at the END of its averaging window, the slot containing t − interval).
// A slot's hashrate is the mean of its samples; a slot without samples counts as 0 H/s (pools stop
// reporting an offline worker). Then
//   deliveredHashrate = Σ slot hashrate / slots                           (H/s, time-weighted mean)
//   uptimeBps         = slots with hashrate > 0 × 10,000 / slots
//   energyWh          = powerWatts × epochLength × uptimeBps / (3,600 × 10,000)
//   grossReward       = Σ earnings of the epoch's UTC days, in payout-token base units
import { ConfigError, PoolDataError } from "./errors.js";
import { utcDate } from "./units.js";

export const BPS = 10_000n;
export const DAY = 86_400;

/** What the oracle's EIP-712 `EpochReport` carries. */
export type EpochReport = {
  rigId: bigint;
  epoch: bigint;
  deliveredHashrate: bigint;
  uptimeBps: bigint;
  grossReward: bigint;
  energyWh: bigint;
};

/** One hashrate measurement: unix time `t` (s) and the worker's hashrate in H/s. */
export type HashrateSample = { t: number; hashrate: bigint };

/** Which end of its averaging window a pool stamps on a sample. */
export type SampleAlignment = "start" | "end";

export type EpochWindow = { epoch: bigint; start: number; end: number };

/** The time window [start, end) of `epoch` (epochs are aligned to 00:00 UTC: epoch e starts at e × length). */
export function epochWindow(epoch: bigint, epochLength: number): EpochWindow {
  const start = Number(epoch) * epochLength;
  if (!Number.isSafeInteger(start + epochLength))
    throw new ConfigError(`epoch ${epoch} × ${epochLength} s is out of range`);
  return { epoch, start, end: start + epochLength };
}

/** The UTC days an epoch covers; its length must be a whole number of days (pools credit earnings per day). */
export function epochDays(window: EpochWindow): string[] {
  const length = window.end - window.start;
  if (length % DAY !== 0) {
    throw new ConfigError(`epochs of ${length} s are not whole days: the pool credits earnings per UTC day`);
  }
  const days: string[] = [];
  for (let t = window.start; t < window.end; t += DAY) days.push(utcDate(t));
  return days;
}

export type SlotSummary = {
  /** Slots in the epoch. */
  slots: number;
  /** Slots whose hashrate is > 0. */
  upSlots: number;
  /** Slots with at least one sample. */
  reportedSlots: number;
  /** Σ slot hashrate (H/s). */
  sumHashrate: bigint;
  /** Samples that fell inside the epoch. */
  samplesUsed: number;
};

/** Buckets samples into the epoch's slots (see the file comment). */
export function summarizeSamples(
  samples: readonly HashrateSample[],
  window: EpochWindow,
  interval: number,
  alignment: SampleAlignment = "start",
): SlotSummary {
  const length = window.end - window.start;
  if (!Number.isSafeInteger(interval) || interval <= 0 || length % interval !== 0) {
    throw new ConfigError(`sample interval ${interval} s does not divide the epoch length ${length} s`);
  }
  const slots = length / interval;
  const sums = new Map<number, { sum: bigint; count: bigint }>();
  let samplesUsed = 0;
  for (const s of samples) {
    if (s.hashrate < 0n) throw new PoolDataError(`negative hashrate ${s.hashrate} at t=${s.t}`);
    const t = alignment === "end" ? s.t - interval : s.t;
    if (t < window.start || t >= window.end) continue;
    const slot = Math.floor((t - window.start) / interval);
    const acc = sums.get(slot) ?? { sum: 0n, count: 0n };
    acc.sum += s.hashrate;
    acc.count += 1n;
    sums.set(slot, acc);
    samplesUsed++;
  }
  let sumHashrate = 0n;
  let upSlots = 0;
  for (const { sum, count } of sums.values()) {
    // Rounds down: a slot's mean never exceeds what its samples show.
    const mean = sum / count;
    sumHashrate += mean;
    if (mean > 0n) upSlots++;
  }
  return { slots, upSlots, reportedSlots: sums.size, sumHashrate, samplesUsed };
}

/** Time-weighted mean hashrate over the epoch, in H/s, rounded down. */
export function averageHashrate(summary: SlotSummary): bigint {
  return summary.sumHashrate / BigInt(summary.slots);
}

/** Share of the epoch's slots with hashrate > 0, in basis points, rounded down. */
export function uptimeBps(summary: SlotSummary): bigint {
  return (BigInt(summary.upSlots) * BPS) / BigInt(summary.slots);
}

/** Energy drawn over the epoch at `powerWatts` while up `uptimeBps` of the time, in Wh, rounded down. */
export function energyWh(powerWatts: bigint, epochLength: number, uptime: bigint): bigint {
  return (powerWatts * BigInt(epochLength) * uptime) / (3_600n * BPS);
}

export type ReportInput = {
  rigId: bigint;
  epoch: bigint;
  epochLength: number;
  samples: readonly HashrateSample[];
  sampleInterval: number;
  sampleAlignment?: SampleAlignment;
  /** Earnings of each UTC day of the epoch (see `epochDays`), in payout-token base units. */
  dailyEarnings: readonly bigint[];
  /** Power draw of the rig at full load, in W. */
  powerWatts: bigint;
};

export type BuiltReport = { report: EpochReport; summary: SlotSummary };

/** The epoch's report from its samples, earnings and power draw. */
export function buildEpochReport(input: ReportInput): BuiltReport {
  const window = epochWindow(input.epoch, input.epochLength);
  const summary = summarizeSamples(input.samples, window, input.sampleInterval, input.sampleAlignment);
  const uptime = uptimeBps(summary);
  const report: EpochReport = {
    rigId: input.rigId,
    epoch: input.epoch,
    deliveredHashrate: averageHashrate(summary),
    uptimeBps: uptime,
    grossReward: input.dailyEarnings.reduce((a, b) => a + b, 0n),
    energyWh: energyWh(input.powerWatts, input.epochLength, uptime),
  };
  return { report, summary };
}

/** Reports as JSON-safe objects (decimal strings) and back, for the signer protocol and logs. */
export type EpochReportJson = { [K in keyof EpochReport]: string };

export function reportToJson(r: EpochReport): EpochReportJson {
  return {
    rigId: r.rigId.toString(),
    epoch: r.epoch.toString(),
    deliveredHashrate: r.deliveredHashrate.toString(),
    uptimeBps: r.uptimeBps.toString(),
    grossReward: r.grossReward.toString(),
    energyWh: r.energyWh.toString(),
  };
}

const REPORT_KEYS = ["rigId", "epoch", "deliveredHashrate", "uptimeBps", "grossReward", "energyWh"] as const;

export function reportFromJson(json: unknown): EpochReport {
  const o = json as Record<string, unknown> | null;
  if (typeof o !== "object" || o === null) throw new PoolDataError("report is not an object");
  const out = {} as EpochReport;
  for (const k of REPORT_KEYS) {
    const v = o[k];
    if (typeof v !== "string" || !/^\d+$/.test(v))
      throw new PoolDataError(`report.${k} is not a decimal integer string`);
    out[k] = BigInt(v);
  }
  return out;
}

export function sameReport(a: EpochReport, b: EpochReport): boolean {
  return REPORT_KEYS.every((k) => a[k] === b[k]);
}

/** Fields where `a` and `b` differ, for a refusal message. */
export function reportDiff(a: EpochReport, b: EpochReport): string[] {
  return REPORT_KEYS.filter((k) => a[k] !== b[k]).map((k) => `${k}: ${a[k]} ≠ ${b[k]}`);
}
