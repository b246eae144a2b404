// ROI calculator: from a rig's on-chain parameters (hashrate, power draw, share count and price) and
// market inputs, the expected daily gross, costs, net per share and payback time. The formulas are those
// of contracts/libraries/MiningMath.sol (mirrored exactly by `expectedReward` and `electricityCost`
// below, in payout-token base units) and shared/DESIGN.md "Economics"; computeRoi evaluates them with 18
// decimals so that market inputs such as "8.3e13" or "0.065" need no rounding first:
//   coins/day, Bitcoin-style difficulty (SHA-256, Scrypt):     H × 86400 × reward / (D × 2^32)
//   coins/day, difficulty = hashes per block (RandomX, Ethash): H × 86400 × reward / D
//   electricity/day = W × 24 / 1000 kWh × tariff
//   net/day = gross − pool fee (bps of gross) − electricity
// Units: H in H/s, W in watts, `reward` in coins per block (subsidy + average fees), `coinPrice` and
// `tariff` in the quote currency (the one the rig's shares are priced in, e.g. USD for a USDC sale) per
// coin and per kWh. All math is bigint fixed point with 18 decimals (`X18`), every division rounds down
// (toward zero for a negative net), so results are reproducible to the last digit.
import { parseDecimal } from "./decimal.js";
import { ALGORITHMS, type AlgorithmName } from "./types.js";

const SCALE = 10n ** 18n;
const SECONDS_PER_DAY = 86_400n;
const TWO_POW_32 = 2n ** 32n;
const BPS = 10_000n;

/**
 * How a network's difficulty converts to expected hashes per block (`MiningMath.DifficultyStyle`):
 * "bitcoin" — difficulty × 2^32 hashes (BTC, LTC, BCH); "monero" — difficulty hashes (XMR, RandomX coins).
 */
export type DifficultyModel = "bitcoin" | "monero";

/** The model of each algorithm, where it is standard. kHeavyHash (Kaspa) needs an explicit model. */
export const DEFAULT_DIFFICULTY_MODEL: Partial<Record<AlgorithmName, DifficultyModel>> = {
  SHA256: "bitcoin",
  Scrypt: "bitcoin",
  RandomX: "monero",
  Ethash: "monero",
};

/** The rig's on-chain parameters the calculator uses (fields of `getRig`'s result). */
export type RoiRig = {
  algorithm: AlgorithmName | number;
  /** Nominal hashrate, H/s. */
  hashrate: bigint;
  /** Power draw at nominal hashrate, W. */
  powerWatts: bigint | number;
  totalShares: bigint;
  /** Price of one share in payment-token base units. */
  pricePerShare: bigint;
  /** Decimals of the payment token (6 for USDC). */
  paymentDecimals: number;
};

/** Market inputs: decimal strings (exact) or X18 bigints. */
export type RoiMarket = {
  /** Quote currency per coin. */
  coinPrice: string | bigint;
  /** Network difficulty ("8.3e13" accepted). */
  difficulty: string | bigint;
  /** Coins per block: subsidy plus average fees (e.g. "3.125" + fees). */
  blockReward: string | bigint;
  /** Pool fee in basis points of gross. */
  poolFeeBps: number | bigint;
  /** Quote currency per kWh. */
  tariff: string | bigint;
  /** Overrides the algorithm's difficulty model. */
  model?: DifficultyModel;
};

export type RoiResult = {
  model: DifficultyModel;
  /** Expected coins mined per day by the whole rig, X18. */
  dailyCoinsX18: bigint;
  /** Expected coins per day per share, X18. */
  dailyCoinsPerShareX18: bigint;
  /** Gross revenue per day (quote currency), X18. */
  dailyGrossX18: bigint;
  dailyPoolFeeX18: bigint;
  /** Energy per day, kWh X18. */
  dailyEnergyKwhX18: bigint;
  dailyElectricityX18: bigint;
  /** gross − pool fee − electricity; negative when the rig loses money. */
  dailyNetX18: bigint;
  dailyNetPerShareX18: bigint;
  /** Price of one share (quote currency), X18. */
  sharePriceX18: bigint;
  /** Days until a share's net earnings repay its price, X18; null when the net is not positive. */
  paybackDaysX18: bigint | null;
};

export class RoiInputError extends Error {
  override readonly name = "RoiInputError" as const;
}

const x18 = (value: string | bigint, what: string): bigint => {
  if (typeof value === "bigint") return value;
  try {
    return parseDecimal(value, 18, "floor");
  } catch (e) {
    throw new RoiInputError(`${what}: ${(e as Error).message}`);
  }
};

/** Expected coins per day for `hashrate` H/s, X18. */
export function dailyCoinsX18(
  hashrate: bigint,
  difficultyX18: bigint,
  blockRewardX18: bigint,
  model: DifficultyModel,
): bigint {
  if (difficultyX18 <= 0n) throw new RoiInputError("difficulty must be positive");
  const numerator = hashrate * SECONDS_PER_DAY * blockRewardX18 * SCALE;
  return model === "bitcoin" ? numerator / (difficultyX18 * TWO_POW_32) : numerator / difficultyX18;
}

/**
 * `MiningMath.expectedReward`, exactly: payout-token base units a hashrate is expected to mine over
 * `duration` seconds, with `difficulty` an integer and `blockReward` in base units, rounded down — the
 * bound the oracle checks reports against and the base of `HashrateOracle.expectedDailyRevenue`.
 */
export function expectedReward(
  hashrate: bigint,
  duration: bigint,
  difficulty: bigint,
  blockReward: bigint,
  model: DifficultyModel,
): bigint {
  const hashesPerBlock = model === "bitcoin" ? difficulty << 32n : difficulty;
  if (hashesPerBlock === 0n) return 0n;
  return (hashrate * duration * blockReward) / hashesPerBlock;
}

/** `MiningMath.electricityCost`, exactly: cost of `energyWh` at `tariffPerKWh` base units per kWh, rounded down. */
export function electricityCost(energyWh: bigint, tariffPerKWh: bigint): bigint {
  return (energyWh * tariffPerKWh) / 1_000n;
}

/** kWh per day drawn by `watts`, X18. */
export function dailyEnergyKwhX18(watts: bigint): bigint {
  return (watts * 24n * SCALE) / 1_000n;
}

export function computeRoi(rig: RoiRig, market: RoiMarket): RoiResult {
  const algorithm = typeof rig.algorithm === "number" ? ALGORITHMS[rig.algorithm] : rig.algorithm;
  const model = market.model ?? (algorithm ? DEFAULT_DIFFICULTY_MODEL[algorithm] : undefined);
  if (!model)
    throw new RoiInputError(
      `no standard difficulty model for ${algorithm ?? rig.algorithm}: pass model "bitcoin" or "monero"`,
    );
  if (rig.totalShares <= 0n) throw new RoiInputError("the rig has no shares");
  const poolFeeBps = BigInt(market.poolFeeBps);
  if (poolFeeBps < 0n || poolFeeBps > BPS) throw new RoiInputError("pool fee must be between 0 and 10000 bps");

  const coins = dailyCoinsX18(
    rig.hashrate,
    x18(market.difficulty, "difficulty"),
    x18(market.blockReward, "block reward"),
    model,
  );
  const gross = (coins * x18(market.coinPrice, "coin price")) / SCALE;
  const poolFee = (gross * poolFeeBps) / BPS;
  const energy = dailyEnergyKwhX18(BigInt(rig.powerWatts));
  const electricity = (energy * x18(market.tariff, "tariff")) / SCALE;
  const net = gross - poolFee - electricity;
  const netPerShare = net / rig.totalShares; // bigint division truncates toward zero
  const sharePrice =
    rig.paymentDecimals <= 18
      ? rig.pricePerShare * 10n ** BigInt(18 - rig.paymentDecimals)
      : rig.pricePerShare / 10n ** BigInt(rig.paymentDecimals - 18);
  return {
    model,
    dailyCoinsX18: coins,
    dailyCoinsPerShareX18: coins / rig.totalShares,
    dailyGrossX18: gross,
    dailyPoolFeeX18: poolFee,
    dailyEnergyKwhX18: energy,
    dailyElectricityX18: electricity,
    dailyNetX18: net,
    dailyNetPerShareX18: netPerShare,
    sharePriceX18: sharePrice,
    paybackDaysX18: netPerShare > 0n ? (sharePrice * SCALE) / netPerShare : null,
  };
}

// ───────────────────────────── from on-chain parameters ─────────────────────────────

/**
 * A rig's parameters as the contracts hold them: the registration (hashrate, power, shares, price), the
 * epoch funder's terms (tariff and service fee, in payout-token units) and the oracle's network parameters
 * of its payout token. `getRigRoi` reads them all.
 */
export type OnChainRoiInputs = {
  /** Nominal hashrate, H/s. */
  hashrate: bigint;
  powerWatts: bigint | number;
  totalShares: bigint;
  /** Payment-token base units per share. */
  pricePerShare: bigint;
  paymentDecimals: number;
  payoutDecimals: number;
  /** The funder's tariff, payout-token base units per kWh. */
  tariffPerKWh: bigint;
  /** The funder's service fee, bps of gross. */
  serviceFeeBps: bigint | number;
  /** The oracle's network parameters (blockReward in payout-token base units). */
  network: { difficulty: bigint; blockReward: bigint; style: DifficultyModel };
  /** Market input: payment-token units (the quote currency) per whole payout coin; enables payback. */
  coinPrice?: string | bigint;
  /** Market input: the pool's fee, bps of what the rig mines (default 0: gross as the oracle expects it). */
  poolFeeBps?: bigint | number;
};

export type OnChainRoiResult = {
  model: DifficultyModel;
  /** `HashrateOracle.expectedDailyRevenue`: MiningMath.expectedReward(nominal, 1 day), payout base units. */
  dailyExpectedReward: bigint;
  dailyPoolFee: bigint;
  /** What a day's reports would carry as gross: expected reward less the pool fee. */
  dailyGross: bigint;
  /** W × 24. */
  dailyEnergyWh: bigint;
  /** MiningMath.electricityCost(dailyEnergyWh, tariff). */
  dailyElectricity: bigint;
  /** gross × serviceFeeBps / 10,000, rounded down, as the funder charges it. */
  dailyServiceFee: bigint;
  /** MiningMath.settle without prior debt: what holders would receive for the day. */
  dailyNet: bigint;
  /** Costs above gross: the fee debt a day would carry (holders never receive a negative). */
  dailyShortfall: bigint;
  /** dailyNet / totalShares, rounded down to a base unit. */
  dailyNetPerShare: bigint;
  /** With `coinPrice`: the rig's net over its shares in the quote currency, X18 (not floored to a base unit). */
  dailyNetPerShareQuoteX18: bigint | null;
  /** Price of one share in the quote currency, X18. */
  sharePriceX18: bigint;
  /** Days until a share's net repays its price, X18; null without `coinPrice` or when the net is zero. */
  paybackDaysX18: bigint | null;
  /** The rig's hashprice: expected reward per PH/s per day (before the pool fee), payout base units. */
  hashpricePerPHDay: bigint;
  /**
   * Break-even electricity: the highest tariff (payout base units per kWh) at which the day's electricity
   * and service fee do not exceed its gross (no fee debt; one more unit and there is). 0 when the rig draws
   * no power.
   */
  breakEvenTariffPerKWh: bigint;
  /**
   * Shut-off hashprice (payout base units per PH/s per day): below it, electricity and the service fee take
   * the whole gross and the funder's fee-debt rule starts (holders receive nothing until the debt is repaid).
   * Rounded up; null when the pool and service fees together take everything (no hashprice is enough).
   */
  shutOffHashpricePerPHDay: bigint | null;
};

/**
 * The ROI of a rig with the contracts' own parameters and math (MiningMath: expectedReward, electricityCost,
 * settle; the funder's fee rounding), for one day of nominal delivery at full power: every amount in
 * payout-token base units, exactly what a day's report at the expected gross would settle to.
 */
export function computeOnChainRoi(inputs: OnChainRoiInputs): OnChainRoiResult {
  if (inputs.totalShares <= 0n) throw new RoiInputError("the rig has no shares");
  const serviceFeeBps = BigInt(inputs.serviceFeeBps);
  const poolFeeBps = BigInt(inputs.poolFeeBps ?? 0);
  if (poolFeeBps < 0n || poolFeeBps > BPS) throw new RoiInputError("pool fee must be between 0 and 10000 bps");
  const { difficulty, blockReward, style } = inputs.network;
  const expected = expectedReward(inputs.hashrate, SECONDS_PER_DAY, difficulty, blockReward, style);
  const poolFee = (expected * poolFeeBps) / BPS;
  const gross = expected - poolFee;
  const energyWh = BigInt(inputs.powerWatts) * 24n;
  const electricity = electricityCost(energyWh, inputs.tariffPerKWh);
  const serviceFee = (gross * serviceFeeBps) / BPS;
  const costs = electricity + serviceFee;
  const net = gross >= costs ? gross - costs : 0n;
  const netPerShare = net / inputs.totalShares;
  const sharePrice =
    inputs.paymentDecimals <= 18
      ? inputs.pricePerShare * 10n ** BigInt(18 - inputs.paymentDecimals)
      : inputs.pricePerShare / 10n ** BigInt(inputs.paymentDecimals - 18);
  // From the rig's whole net, not the per-share figure above: that one is floored to a base unit, which for
  // a rig of 1,000 shares netting ≈ 2,500 sats a day would overstate the payback by up to a fifth.
  const netPerShareQuote =
    inputs.coinPrice === undefined
      ? null
      : (net * x18(inputs.coinPrice, "coin price")) / (10n ** BigInt(inputs.payoutDecimals) * inputs.totalShares);
  return {
    model: style,
    dailyExpectedReward: expected,
    dailyPoolFee: poolFee,
    dailyGross: gross,
    dailyEnergyWh: energyWh,
    dailyElectricity: electricity,
    dailyServiceFee: serviceFee,
    dailyNet: net,
    dailyShortfall: costs > gross ? costs - gross : 0n,
    dailyNetPerShare: netPerShare,
    dailyNetPerShareQuoteX18: netPerShareQuote,
    sharePriceX18: sharePrice,
    paybackDaysX18: netPerShareQuote !== null && netPerShareQuote > 0n ? (sharePrice * SCALE) / netPerShareQuote : null,
    ...breakEven(inputs.hashrate, expected, gross, serviceFee, electricity, energyWh, poolFeeBps, serviceFeeBps),
  };
}

const PH = 10n ** 15n;
const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;

/** Where the day stops paying: the break-even tariff and the shut-off hashprice (see OnChainRoiResult). */
function breakEven(
  hashrate: bigint,
  expected: bigint,
  gross: bigint,
  serviceFee: bigint,
  electricity: bigint,
  energyWh: bigint,
  poolFeeBps: bigint,
  serviceFeeBps: bigint,
) {
  const hashpricePerPHDay = hashrate > 0n ? (expected * PH) / hashrate : 0n;
  // MiningMath.electricityCost floors: the highest tariff t with ⌊Wh × t / 1,000⌋ ≤ gross − fee.
  const breakEvenTariffPerKWh = energyWh > 0n ? ceilDiv((gross - serviceFee + 1n) * 1_000n, energyWh) - 1n : 0n;
  // The expected reward whose gross after the pool fee, less the service fee, still covers electricity:
  // expected × (1 − pool) × (1 − fee) ≥ electricity, per PH/s of the rig.
  const kept = (BPS - poolFeeBps) * (BPS - serviceFeeBps);
  const shutOffHashpricePerPHDay =
    kept === 0n || hashrate === 0n ? null : ceilDiv(electricity * BPS * BPS * PH, kept * hashrate);
  return { hashpricePerPHDay, breakEvenTariffPerKWh, shutOffHashpricePerPHDay };
}
