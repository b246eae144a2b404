// ROI calculator and decimal parsing: exact fixed-point results checked against values computed
// independently (Python integers), both difficulty models, the design's energy example, losses, and
// input validation. Pure unit tests: no chain.
import { expect } from "chai";

import { InvalidDecimalError, formatDecimal, parseDecimal, parseInteger } from "../../sdk/decimal.js";
import {
  RoiInputError,
  computeRoi,
  dailyCoinsX18,
  dailyEnergyKwhX18,
  electricityCost,
  expectedReward,
} from "../../sdk/roi.js";

const E18 = 10n ** 18n;

describe("ROI calculator (sdk/roi.ts)", function () {
  const s21 = {
    algorithm: "SHA256" as const,
    hashrate: 200n * 10n ** 12n,
    powerWatts: 3_500n,
    totalShares: 1_000n,
    pricePerShare: 4_000_000n,
    paymentDecimals: 6,
  };

  it("gives a 200 TH/s SHA-256 rig's day exactly: coins, gross, pool fee, energy, net per share, payback", function () {
    const r = computeRoi(s21, {
      coinPrice: "65000",
      difficulty: "1e14",
      blockReward: "3.125",
      poolFeeBps: 200,
      tariff: "0.06",
    });
    expect(r.model).to.equal("bitcoin");
    // 200e12 × 86,400 × 3.125 / (1e14 × 2^32) = 0.000125728547573089… BTC
    expect(r.dailyCoinsX18).to.equal(125_728_547_573_089n);
    expect(r.dailyGrossX18).to.equal(8_172_355_592_250_785_000n);
    expect(r.dailyPoolFeeX18).to.equal(163_447_111_845_015_700n);
    // shared/DESIGN.md: 17.5 J/TH × 200 TH = 3,500 W, 0.42 kWh per TH per day → 84 kWh
    expect(r.dailyEnergyKwhX18).to.equal(84n * E18);
    expect(r.dailyElectricityX18).to.equal(5_040_000_000_000_000_000n);
    expect(r.dailyNetX18).to.equal(2_968_908_480_405_769_300n);
    expect(r.dailyNetPerShareX18).to.equal(2_968_908_480_405_769n);
    expect(r.sharePriceX18).to.equal(4n * E18);
    expect(r.paybackDaysX18).to.equal(1_347_296_498_494_055_582_037n); // ≈ 1,347.3 days
  });

  it("uses difficulty as hashes per block for RandomX: 100 kH/s at D = 3e11 mines 0.01728 XMR a day", function () {
    const rig = {
      algorithm: 2,
      hashrate: 100_000n,
      powerWatts: 200,
      totalShares: 100n,
      pricePerShare: 10_000_000n,
      paymentDecimals: 6,
    };
    const r = computeRoi(rig, {
      coinPrice: "150",
      difficulty: "300000000000",
      blockReward: "0.6",
      poolFeeBps: 100n,
      tariff: "0.1",
    });
    expect(r.model).to.equal("monero");
    expect(r.dailyCoinsX18).to.equal(17_280_000_000_000_000n);
    expect(r.dailyGrossX18).to.equal(2_592_000_000_000_000_000n);
    expect(r.dailyNetX18).to.equal(2_086_080_000_000_000_000n); // 2.592 − 0.02592 − 4.8 kWh × 0.1
    expect(r.dailyNetPerShareX18).to.equal(20_860_800_000_000_000n);
    expect(r.paybackDaysX18).to.equal(479_368_001_227_182_083_141n);
  });

  it("mirrors MiningMath in base units and agrees with the 18-decimal calculator", function () {
    // 200 TH/s for a day at D = 1e14 with a 3.125 BTC reward: floor(12,572.85…) sats.
    expect(expectedReward(200n * 10n ** 12n, 86_400n, 10n ** 14n, 312_500_000n, "bitcoin")).to.equal(12_572n);
    const r = computeRoi(s21, { coinPrice: "1", difficulty: "1e14", blockReward: "3.125", poolFeeBps: 0, tariff: "0" });
    expect(r.dailyCoinsX18 / 10n ** 10n).to.equal(12_572n);
    expect(expectedReward(100_000n, 86_400n, 300_000_000_000n, 600_000_000_000n, "monero")).to.equal(17_280_000_000n); // 0.01728 XMR, 12 decimals
    expect(expectedReward(1n, 1n, 0n, 1n, "monero")).to.equal(0n);
    expect(electricityCost(84_000n, 60_000n)).to.equal(5_040_000n); // 84 kWh at 0.06 USDC (6 decimals)
  });

  it("reports a loss as a negative net and no payback", function () {
    const r = computeRoi(s21, {
      coinPrice: "65000",
      difficulty: "1e14",
      blockReward: "3.125",
      poolFeeBps: 0,
      tariff: "0.20",
    });
    expect(r.dailyNetX18).to.equal(8_172_355_592_250_785_000n - 16_800_000_000_000_000_000n);
    expect(r.dailyNetX18 < 0n).to.equal(true);
    expect(r.paybackDaysX18).to.equal(null);
  });

  it("lets the caller choose the model, and requires one for kHeavyHash", function () {
    const kaspa = { ...s21, algorithm: "KHeavyHash" as const };
    const market = { coinPrice: "0.1", difficulty: "1e15", blockReward: "50", poolFeeBps: 0, tariff: "0" };
    expect(() => computeRoi(kaspa, market)).to.throw(RoiInputError, /no standard difficulty model for KHeavyHash/);
    expect(computeRoi(kaspa, { ...market, model: "monero" }).dailyCoinsX18).to.equal(
      (200n * 10n ** 12n * 86_400n * 50n * E18) / 10n ** 15n,
    );
    expect(dailyCoinsX18(2n ** 32n, E18, E18, "bitcoin")).to.equal(86_400n * E18);
    expect(dailyEnergyKwhX18(1_000n)).to.equal(24n * E18);
  });

  it("rejects malformed market inputs with the field's name", function () {
    expect(() =>
      computeRoi(s21, { coinPrice: "abc", difficulty: "1", blockReward: "1", poolFeeBps: 0, tariff: "0" }),
    ).to.throw(RoiInputError, /^coin price: invalid amount "abc"/);
    expect(() =>
      computeRoi(s21, { coinPrice: "1", difficulty: "0", blockReward: "1", poolFeeBps: 0, tariff: "0" }),
    ).to.throw(RoiInputError, "difficulty must be positive");
    expect(() =>
      computeRoi(s21, { coinPrice: "1", difficulty: "1", blockReward: "1", poolFeeBps: 10_001, tariff: "0" }),
    ).to.throw(RoiInputError, /pool fee/);
  });
});

describe("decimal amounts (sdk/decimal.ts)", function () {
  it("parses exactly, with exponents and separators, and rejects what does not fit", function () {
    expect(parseDecimal("0.1", 8)).to.equal(10_000_000n);
    expect(parseDecimal("1_000.5", 6)).to.equal(1_000_500_000n);
    expect(parseDecimal("8.3e13", 0)).to.equal(83_000_000_000_000n);
    expect(parseDecimal("1.5E-3", 6)).to.equal(1_500n);
    expect(parseDecimal(".25", 2)).to.equal(25n);
    expect(parseDecimal("0.123456789", 8, "floor")).to.equal(12_345_678n);
    expect(() => parseDecimal("0.123456789", 8)).to.throw(
      InvalidDecimalError,
      'invalid amount "0.123456789": more than 8 decimals',
    );
    for (const bad of ["", "abc", "1.2.3", "-1", "1e", "0x10", "1,5"])
      expect(() => parseDecimal(bad, 6), bad).to.throw(InvalidDecimalError);
    expect(parseInteger("42", "shares")).to.equal(42n);
    expect(() => parseInteger("0", "shares")).to.throw('invalid amount "0": shares must be at least 1');
    expect(() => parseInteger("1.5", "shares")).to.throw('invalid amount "1.5": shares must be a whole number');
  });

  it("formats without trailing zeros, cut to a number of digits", function () {
    expect(formatDecimal(123_450_000n, 8)).to.equal("1.2345");
    expect(formatDecimal(100_000_000n, 8)).to.equal("1");
    expect(formatDecimal(5n, 8)).to.equal("0.00000005");
    expect(formatDecimal(5n, 8, 4)).to.equal("0");
    expect(formatDecimal(-1_500n, 3)).to.equal("-1.5");
  });
});
