// Difficulty forecast (sdk/forecast.ts, sdk/difficultyForecast.ts): the log-linear fit recovers a synthetic
// exponential series' growth; with noise, the 90% band of the slope contains the true growth in about 90% of
// seeded draws; the walk-forward backtest on the committed real dataset (sdk/data/bitcoinDifficulty.ts) prints
// its MAPE; the three paybacks go through computeOnChainRoi (growth 0 gives its payback to the last digit).
// Pure unit tests: no chain.
import { expect } from "chai";

import {
  BITCOIN_DIFFICULTY_2023_2025,
  BITCOIN_DIFFICULTY_DATASET_NAME,
  bitcoinDifficultySeries,
} from "../../sdk/data/bitcoinDifficulty.js";
import { difficultyForecast } from "../../sdk/difficultyForecast.js";
import {
  type DifficultyObservation,
  ForecastInputError,
  NotEnoughHistoryError,
  backtest,
  describeForecast,
  fitDifficultyTrend,
  forecastPaybacks,
  formatPaybackDays,
  lnBig,
  paybackUnderGrowth,
  scaleBig,
} from "../../sdk/forecast.js";
import { computeOnChainRoi } from "../../sdk/roi.js";

const DAY = 86_400n;
const T0 = 1_700_000_000n;
const D0 = 100_000_000_000_000n; // 100 T

/** D0·e^(g·t) every 14 days, with ln-noise from `noise(i)`. */
function series(n: number, growthPerDay: number, noise: (i: number) => number = () => 0): DifficultyObservation[] {
  return Array.from({ length: n }, (_, i) => ({
    timestamp: T0 + BigInt(i) * 14n * DAY,
    difficulty: scaleBig(D0, growthPerDay * 14 * i + noise(i)),
  }));
}

/** A seeded standard normal (mulberry32 + Box–Muller): reproducible noise. */
function normals(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

// The demo's S21-class rig (scripts/lib/economics.ts): 200 TH/s, 3,500 W, 1,000 shares at 3.4 USDC, paid in
// WBTC at difficulty 149.3 T, 3.145 BTC a block, 60 sat/kWh, 2% service fee, BTC at 90,000 USDC.
const rig = {
  hashrate: 200n * 10n ** 12n,
  powerWatts: 3_500n,
  totalShares: 1_000n,
  pricePerShare: 3_400_000n,
  paymentDecimals: 6,
  payoutDecimals: 8,
  tariffPerKWh: 66n,
  serviceFeeBps: 200n,
  network: { difficulty: 149_300_000_000_000n, blockReward: 314_500_000n, style: "bitcoin" as const },
  coinPrice: "90000",
  poolFeeBps: 250n,
};

describe("difficulty forecast (sdk/forecast.ts)", function () {
  it("recovers the growth of an exact exponential series (to 1e-9 per day), with a band of zero width", function () {
    for (const g of [0.0012, 0, -0.0005]) {
      const trend = fitDifficultyTrend(series(20, g));
      expect(trend.used).to.equal(12);
      expect(Math.abs(trend.slopePerDay - g)).to.be.below(1e-9);
      expect(Math.abs(trend.per14Days.expected - Math.expm1(14 * g))).to.be.below(1e-8);
      expect(trend.perDay.pessimistic - trend.perDay.optimistic).to.be.below(1e-9);
    }
  });

  it("with noise, the 90% band contains the true growth in about 90% of 400 seeded series", function () {
    const g = 0.001;
    let inside = 0;
    const draws = 400;
    for (let k = 0; k < draws; k++) {
      const z = normals(k + 1);
      const trend = fitDifficultyTrend(series(12, g, () => 0.03 * z()));
      expect(trend.perDay.optimistic).to.be.below(trend.perDay.expected);
      expect(trend.perDay.pessimistic).to.be.above(trend.perDay.expected);
      if (trend.perDay.optimistic <= g && g <= trend.perDay.pessimistic) inside++;
    }
    // Binomial(400, 0.9): mean 360, sd 6; 336–384 is ±4 sd.
    expect(inside).to.be.within(336, 384);
  });

  it("says how much history is missing, and refuses a history that spans no time", function () {
    expect(() => fitDifficultyTrend(series(5, 0.001))).to.throw(
      NotEnoughHistoryError,
      "not enough history (5 of 12 adjustments)",
    );
    const same = Array.from({ length: 12 }, () => ({ timestamp: T0, difficulty: D0 }));
    expect(() => fitDifficultyTrend(same)).to.throw(ForecastInputError, "span no time");
    expect(() => fitDifficultyTrend(series(12, 0), { window: 2 })).to.throw(ForecastInputError);
  });

  it("takes ln of difficulties beyond 2^53 and scales them in bigint", function () {
    const big = 2n ** 120n + 12345n;
    expect(Math.abs(lnBig(big) - 120 * Math.LN2)).to.be.below(1e-12);
    expect(scaleBig(big, 0)).to.equal(big);
    expect(scaleBig(10n ** 30n, Math.log(2))).to.equal(2n * 10n ** 30n);
  });

  it("backtests walk-forward: an exact exponential is forecast with 0 error, no-change is not", function () {
    const s = series(30, 0.001);
    const b = backtest(s, 30);
    expect(b.count).to.be.above(10);
    expect(b.mape!).to.be.below(1e-9);
    expect(b.naiveMape!).to.be.above(0.02);
    // Only data up to the origin is fitted: a jump after it shows as error.
    const jumped = s.map((p, i) => (i >= 25 ? { ...p, difficulty: p.difficulty * 2n } : p));
    expect(backtest(jumped, 30).mape!).to.be.above(0.05);
  });

  it("backtests on the committed real Bitcoin dataset and prints its MAPE (30 and 90 days)", function () {
    const s = bitcoinDifficultySeries();
    expect(s.length).to.equal(BITCOIN_DIFFICULTY_2023_2025.length);
    for (const row of BITCOIN_DIFFICULTY_2023_2025) expect(row.source).to.match(/^https?:\/\//);
    for (const window of [12, 6]) {
      const b30 = backtest(s, 30, { window });
      const b90 = backtest(s, 90, { window });
      const pct = (v: number | null) => (v === null ? "n/a" : `${(v * 100).toFixed(2)}%`);
      console.log(
        `      ${BITCOIN_DIFFICULTY_DATASET_NAME}, window ${window}: MAPE 30d ${pct(b30.mape)} (${b30.count} forecasts; no-change ${pct(b30.naiveMape)}), 90d ${pct(b90.mape)} (${b90.count}; no-change ${pct(b90.naiveMape)})`,
      );
      expect(b30.count).to.be.above(0);
      expect(b90.count).to.be.above(0);
      expect(b30.mape!).to.be.below(0.5);
    }
    const trend = fitDifficultyTrend(s);
    console.log(
      `      fit: ${describeForecast(trend, { mape30: backtest(s, 30).mape, mape90: backtest(s, 90).mape, dataset: BITCOIN_DIFFICULTY_DATASET_NAME })}`,
    );
    // 2023–2025 difficulty rose (39 T to 149 T): the fitted trend is up.
    expect(trend.per14Days.expected).to.be.above(0);
  });

  it("payback at growth 0 is computeOnChainRoi's to the last digit; the band orders the paybacks", function () {
    const flat = paybackUnderGrowth(rig, 0);
    expect(flat.paybackDaysX18).to.equal(computeOnChainRoi(rig).paybackDaysX18);
    const trend = fitDifficultyTrend(bitcoinDifficultySeries());
    const band = forecastPaybacks(rig, trend);
    const days = (p: { paybackDaysX18: bigint | null }) => p.paybackDaysX18 ?? 10n ** 40n;
    expect(days(band.optimistic) <= days(band.expected)).to.equal(true);
    expect(days(band.expected) <= days(band.pessimistic)).to.equal(true);
    // Growing difficulty pays back later than flat difficulty.
    expect(days(band.expected) > flat.paybackDaysX18!).to.equal(true);
    console.log(
      `      demo rig: payback flat ${formatPaybackDays(flat)}; expected ${formatPaybackDays(band.expected)}, pessimistic ${formatPaybackDays(band.pessimistic)}, optimistic ${formatPaybackDays(band.optimistic)}`,
    );
    // A step of the path is computeOnChainRoi at D0·e^(14·g·k): period 1 at growth g.
    const g = trend.perDay.expected;
    const d1 = scaleBig(rig.network.difficulty, 14 * g);
    expect(computeOnChainRoi({ ...rig, network: { ...rig.network, difficulty: d1 } }).dailyNet).to.be.below(
      computeOnChainRoi(rig).dailyNet,
    );
    // No coin price: no payback.
    const { coinPrice: _, ...noPrice } = rig;
    expect(paybackUnderGrowth(noPrice, 0).paybackDaysX18).to.equal(null);
  });

  it("falls back to the labelled dataset for a SHA-256 rig with too little chain history, and to nothing otherwise", function () {
    const f = difficultyForecast(series(1, 0), { algorithm: "SHA256" });
    expect(f.source).to.equal("dataset");
    expect(f.shortfall).to.equal("not enough history (1 of 12 adjustments)");
    expect(f.trend && "description" in f && f.description).to.contain(BITCOIN_DIFFICULTY_DATASET_NAME);
    const scrypt = difficultyForecast(series(1, 0), { algorithm: "Scrypt" });
    expect(scrypt.trend).to.equal(undefined);
    const chain = difficultyForecast(series(14, 0.001), { algorithm: "SHA256" });
    expect(chain.source).to.equal("chain");
    expect(chain.shortfall).to.equal(undefined);
  });
});
