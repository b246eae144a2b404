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
