// Difficulty forecast: a stated, simple statistical model of a coin's network difficulty, fitted to the
// oracle's recorded history (HashrateOracle NetworkSet events, getDifficultyHistory) or to a labelled real
// dataset (sdk/data/bitcoinDifficulty.ts), and the three paybacks it implies.
//
// The model, all of it (no black box):
//   ln(difficulty) = a + b·t, fitted by ordinary least squares over the last N observations (default 12),
//   t in days. b is the expected growth in log units per day; per 14 days (one Bitcoin retarget period) the
//   expected growth is e^(14·b) − 1.
//   The band is the 90% confidence interval of the slope: b ± t₀.₉₅(n−2)·SE(b), SE(b) = s / √Σ(t − t̄)²,
//   s the residuals' standard deviation (n − 2 degrees of freedom), t₀.₉₅ Student's one-sided 95% quantile.
//   Pessimistic payback uses the upper slope (difficulty grows faster), optimistic the lower one.
//   A payback under growth g: the difficulty stays at the current value for the first 14 days, then steps
//   to D₀·e^(g·14k) for days 14k … 14k+13 (as retargets do); each day's net per share is the contracts' own
//   math (computeOnChainRoi, i.e. MiningMath) at that difficulty, summed until it repays the share price.
// What it is not: a prediction of hashrate, price, fees or halvings. It extrapolates the recent trend of
// difficulty only; block reward, coin price, tariff and fees stay as entered; the band covers the slope's
// statistical uncertainty, not regime changes (a halving, a price crash, a new ASIC generation). backtest()
// measures how wrong it has been on held-out history: quote that error next to every figure. No promise.
import { type OnChainRoiInputs, computeOnChainRoi } from "./roi.js";

export type DifficultyObservation = {
  /** Unix seconds (a block's timestamp, or a date's 00:00 UTC). */
  timestamp: bigint;
  difficulty: bigint;
};

/** Observations the trend is fitted over unless told otherwise. */
export const DEFAULT_TREND_WINDOW = 12;
/** The band's confidence. */
export const BAND_CONFIDENCE = 0.9;
/** Days per Bitcoin retarget period, the unit growth is quoted in. */
export const PERIOD_DAYS = 14;

const SECONDS_PER_DAY = 86_400;
const SCALE = 10n ** 18n;

export class ForecastInputError extends Error {
  override readonly name = "ForecastInputError" as const;
}

/** Fewer observations than the fit needs: the calculator says "not enough history (have of need adjustments)". */
export class NotEnoughHistoryError extends ForecastInputError {
  constructor(
    readonly have: number,
    readonly need: number,
  ) {
    super(`not enough history (${have} of ${need} adjustments)`);
  }
}

/** Student's t one-sided 95% quantile (two-sided 90%) for 1–30 degrees of freedom; 1.645 (normal) above. */
const T95 = [
  6.314, 2.92, 2.353, 2.132, 2.015, 1.943, 1.895, 1.86, 1.833, 1.812, 1.796, 1.782, 1.771, 1.761, 1.753, 1.746, 1.74,
  1.734, 1.729, 1.725, 1.721, 1.717, 1.714, 1.711, 1.708, 1.706, 1.703, 1.701, 1.699, 1.697,
];
export function tQuantile95(degreesOfFreedom: number): number {
  if (degreesOfFreedom < 1) throw new ForecastInputError("the band needs at least 3 observations");
  return T95[degreesOfFreedom - 1] ?? 1.645;
}

/** ln(x) of a positive bigint of any size (its leading 17 digits and its length). */
export function lnBig(x: bigint): number {
  if (x <= 0n) throw new ForecastInputError("difficulty must be positive");
  if (x < 2n ** 53n) return Math.log(Number(x));
  const digits = x.toString();
  return Math.log(Number(`0.${digits.slice(0, 17)}`)) + digits.length * Math.LN10;
}

/** x × e^(exponent), rounded to 12 significant decimals of the factor, never below 1. */
export function scaleBig(x: bigint, exponent: number): bigint {
  const factor = BigInt(Math.round(Math.exp(exponent) * 1e12));
  const scaled = (x * factor) / 10n ** 12n;
  return scaled > 0n ? scaled : 1n;
}

export type GrowthBand = {
  /** Log growth per day. */
  expected: number;
  /** The upper slope: difficulty grows faster, payback later. */
  pessimistic: number;
  /** The lower slope. */
  optimistic: number;
};

export type DifficultyTrend = {
  /** Observations asked for (N). */
  window: number;
  /** Observations fitted (the last `window` of the series). */
  used: number;
  /** Timestamps of the first and last fitted observation. */
  from: bigint;
  to: bigint;
  /** The last fitted observation's difficulty: where forecasts start. */
  lastDifficulty: bigint;
  /** Intercept at the last observation's time (ln difficulty), slope b (log units per day). */
  intercept: number;
  slopePerDay: number;
  slopeStdError: number;
  /** Residuals' standard deviation (ln units). */
  residualStdDev: number;
  /** Student's t quantile used for the band. */
  t: number;
  /** b and b ± t·SE(b), log units per day. */
  perDay: GrowthBand;
  /** e^(14·g) − 1 of each: growth per 14 days as a fraction (0.02 = +2%). */
  per14Days: GrowthBand;
};

/** Sorted by timestamp (stable). */
function sorted(series: readonly DifficultyObservation[]): DifficultyObservation[] {
  return [...series].sort((x, y) => (x.timestamp < y.timestamp ? -1 : x.timestamp > y.timestamp ? 1 : 0));
}

/** Fits ln(difficulty) = a + b·t over the last `window` observations of `series`. */
export function fitDifficultyTrend(
  series: readonly DifficultyObservation[],
  { window = DEFAULT_TREND_WINDOW }: { window?: number } = {},
): DifficultyTrend {
  if (!Number.isInteger(window) || window < 3) throw new ForecastInputError("the window must be at least 3");
  if (series.length < window) throw new NotEnoughHistoryError(series.length, window);
  const points = sorted(series).slice(-window);
  const last = points[points.length - 1]!;
  // t in days relative to the last observation (well conditioned whatever the epoch).
  const ts = points.map((p) => Number(p.timestamp - last.timestamp) / SECONDS_PER_DAY);
  const ys = points.map((p) => lnBig(p.difficulty));
  const n = points.length;
  const tMean = ts.reduce((s, v) => s + v, 0) / n;
  const yMean = ys.reduce((s, v) => s + v, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (ts[i]! - tMean) ** 2;
    sxy += (ts[i]! - tMean) * (ys[i]! - yMean);
  }
  if (sxx === 0) throw new ForecastInputError("the observations span no time: a trend needs them at different times");
  const slope = sxy / sxx;
  const intercept = yMean - slope * tMean;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (ys[i]! - (intercept + slope * ts[i]!)) ** 2;
  const residualStdDev = Math.sqrt(sse / (n - 2));
  const slopeStdError = residualStdDev / Math.sqrt(sxx);
  const t = tQuantile95(n - 2);
  const perDay = {
    expected: slope,
    pessimistic: slope + t * slopeStdError,
    optimistic: slope - t * slopeStdError,
  };
  const per14 = (g: number) => Math.expm1(g * PERIOD_DAYS);
  return {
    window,
    used: n,
    from: points[0]!.timestamp,
    to: last.timestamp,
    lastDifficulty: last.difficulty,
    intercept,
    slopePerDay: slope,
    slopeStdError,
    residualStdDev,
    t,
    perDay,
    per14Days: {
      expected: per14(perDay.expected),
      pessimistic: per14(perDay.pessimistic),
      optimistic: per14(perDay.optimistic),
    },
  };
}

export type BacktestPoint = {
  /** The forecast's origin (the last observation fitted) and its target (the first observation ≥ origin + horizon). */
  origin: bigint;
  target: bigint;
  forecast: bigint;
  actual: bigint;
  /** |forecast − actual| / actual. */
  absPctError: number;
  /** The same for "no change" (the origin's difficulty), the baseline to beat. */
  naiveAbsPctError: number;
};

export type BacktestResult = {
  horizonDays: number;
  window: number;
  /** Forecasts scored. */
  count: number;
  /** Mean absolute percentage error, as a fraction (0.05 = 5%); null when nothing could be scored. */
  mape: number | null;
  /** MAPE of the no-change forecast on the same points. */
  naiveMape: number | null;
  points: BacktestPoint[];
};

/**
 * Walk-forward backtest on held-out history: at each observation i with `window` observations up to it, fit
 * on those only, forecast the difficulty at the first later observation j at or after t_i + horizon (skipped
 * when j is more than `toleranceDays` past it, a gap in the data) as D_i·e^(b·(t_j − t_i)), and compare with
 * the actual D_j. Nothing after t_i enters the fit.
 */
export function backtest(
  series: readonly DifficultyObservation[],
  horizonDays: number,
  { window = DEFAULT_TREND_WINDOW, toleranceDays = PERIOD_DAYS }: { window?: number; toleranceDays?: number } = {},
): BacktestResult {
  if (!(horizonDays > 0)) throw new ForecastInputError("the horizon must be positive");
  const points = sorted(series);
  const scored: BacktestPoint[] = [];
  for (let i = window - 1; i < points.length; i++) {
    const origin = points[i]!;
    const due = Number(origin.timestamp) + horizonDays * SECONDS_PER_DAY;
    const target = points.slice(i + 1).find((p) => Number(p.timestamp) >= due);
    if (!target || Number(target.timestamp) - due > toleranceDays * SECONDS_PER_DAY) continue;
    let trend: DifficultyTrend;
    try {
      trend = fitDifficultyTrend(points.slice(0, i + 1), { window });
    } catch (e) {
      if (e instanceof ForecastInputError) continue;
      throw e;
    }
    const days = Number(target.timestamp - origin.timestamp) / SECONDS_PER_DAY;
    const forecast = scaleBig(origin.difficulty, trend.slopePerDay * days);
    const actual = Number(target.difficulty);
    scored.push({
      origin: origin.timestamp,
      target: target.timestamp,
      forecast,
      actual: target.difficulty,
      absPctError: Math.abs(Number(forecast) - actual) / actual,
      naiveAbsPctError: Math.abs(Number(origin.difficulty) - actual) / actual,
    });
  }
  const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((s, v) => s + v, 0) / xs.length);
  return {
    horizonDays,
    window,
    count: scored.length,
    mape: mean(scored.map((p) => p.absPctError)),
    naiveMape: mean(scored.map((p) => p.naiveAbsPctError)),
    points: scored,
  };
}

export type PaybackUnderGrowth = {
  /** Log growth of difficulty per day assumed. */
  growthPerDay: number;
  /** Days until a share's net repays its price, X18; null: never within `horizonDays` (or no coin price). */
  paybackDaysX18: bigint | null;
};

export type PaybackBand = {
  expected: PaybackUnderGrowth;
  pessimistic: PaybackUnderGrowth;
  optimistic: PaybackUnderGrowth;
};

/** Longest payback looked for: 20 years. */
export const PAYBACK_HORIZON_DAYS = 7_300;

/**
 * Payback when difficulty grows at `growthPerDay` (log units) from `inputs.network.difficulty`, stepping every
 * 14 days; each period's net per share is computeOnChainRoi's (the contracts' MiningMath). Growth 0 gives
 * computeOnChainRoi's own paybackDaysX18, to the last digit.
 */
export function paybackUnderGrowth(
  inputs: OnChainRoiInputs,
  growthPerDay: number,
  { horizonDays = PAYBACK_HORIZON_DAYS }: { horizonDays?: number } = {},
): PaybackUnderGrowth {
  const step = BigInt(PERIOD_DAYS);
  const base = computeOnChainRoi(inputs);
  if (base.dailyNetPerShareQuoteX18 === null) return { growthPerDay, paybackDaysX18: null };
  let remaining = base.sharePriceX18;
  for (let k = 0; k * PERIOD_DAYS < horizonDays; k++) {
    const difficulty =
      k === 0 ? inputs.network.difficulty : scaleBig(inputs.network.difficulty, growthPerDay * PERIOD_DAYS * k);
    const perDay =
      k === 0
        ? base.dailyNetPerShareQuoteX18
        : computeOnChainRoi({ ...inputs, network: { ...inputs.network, difficulty } }).dailyNetPerShareQuoteX18!;
    if (perDay <= 0n) {
      if (growthPerDay >= 0) break; // the net only falls from here
      continue;
    }
    if (perDay * step >= remaining) {
      const days = BigInt(k) * step * SCALE + (remaining * SCALE) / perDay;
      return { growthPerDay, paybackDaysX18: days <= BigInt(horizonDays) * SCALE ? days : null };
    }
    remaining -= perDay * step;
  }
  return { growthPerDay, paybackDaysX18: null };
}

/** Expected, pessimistic and optimistic payback from a fitted trend. */
export function forecastPaybacks(
  inputs: OnChainRoiInputs,
  trend: Pick<DifficultyTrend, "perDay">,
  options: { horizonDays?: number } = {},
): PaybackBand {
  return {
    expected: paybackUnderGrowth(inputs, trend.perDay.expected, options),
    pessimistic: paybackUnderGrowth(inputs, trend.perDay.pessimistic, options),
    optimistic: paybackUnderGrowth(inputs, trend.perDay.optimistic, options),
  };
}

const pct = (fraction: number, digits = 2) => {
  const v = (fraction * 100).toFixed(digits);
  return `${fraction >= 0 ? "+" : ""}${v}%`;
};

/**
 * The model in words, as the app and the CLI show it: "log-linear trend over the last 12 adjustments: +1.23%
 * per 14 days; 90% band +0.80% to +1.66% per 14 days (slope ± t·SE); backtest MAPE 30d 2.1%, 90d 4.5% on
 * <dataset>".
 */
export function describeForecast(
  trend: DifficultyTrend,
  backtests: { mape30: number | null; mape90: number | null; dataset: string },
): string {
  const mape = (v: number | null) => (v === null ? "n/a" : `${(v * 100).toFixed(1)}%`);
  return (
    `log-linear trend over the last ${trend.used} adjustments: ${pct(trend.per14Days.expected)} per 14 days; ` +
    `${BAND_CONFIDENCE * 100}% band ${pct(trend.per14Days.optimistic)} to ${pct(trend.per14Days.pessimistic)} per 14 days ` +
    `(slope ± t·SE); backtest MAPE 30d ${mape(backtests.mape30)}, 90d ${mape(backtests.mape90)} on ${backtests.dataset}`
  );
}

/** A payback in days as the app and CLI print it ("412.3 days", or "not within 20 years"). */
export function formatPaybackDays(payback: PaybackUnderGrowth): string {
  if (payback.paybackDaysX18 === null) return `not within ${PAYBACK_HORIZON_DAYS / 365} years`;
  const tenths = (payback.paybackDaysX18 * 10n) / SCALE;
  return `${tenths / 10n}.${tenths % 10n} days`;
}
