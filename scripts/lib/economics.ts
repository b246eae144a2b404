// The market the demo's Bitcoin rig lives in: late-2025 figures, each with where it comes from, and the
// conversions from them to what the contracts take (payout-token base units). The demo prints each rig's
// payback from these through the SDK's getRigRoi, i.e. the oracle's own MiningMath on chain.
//
// Sources (read on 2026-12-07 from the public pages named; figures of late November 2025):
// - Difficulty 149.30 T: the retarget of 27 Nov 2025 at block 925,344 (−1.95% from 152.27 T), as reported
//   from CoinWarz / mempool.space data.
// - Transaction fees were 0.62% of block rewards in the week to 3 Nov 2025 (Hashrate Index weekly roundup):
//   3.125 BTC subsidy × 0.62 / 99.38 ≈ 0.0195 BTC of fees a block, so 3.145 BTC a block in all.
// - BTC ≈ $90,000: between $86,000 (23 Nov 2025) and $106,935 (3 Nov 2025) in the same reports.
// - Hashprice: $38.3 per PH/s per day (Hashrate Index, late Nov 2025); what the figures above give is
//   printed by the demo (`hashprice:` line) so that the two can be compared.
// - Hardware: a 200 TH/s, 17.5 J/TH machine (Antminer S21 class) at about $17 per TH, the sub-19 J/TH
//   band of Hashrate Index's ASIC price index (their S21 XP, 13.5 J/TH, was $25.70/TH): $3,400 the rig.
// - Electricity $0.06 per kWh (industrial hosting, the $0.05–0.08 band) and a 2.5% pool fee (FPPS pools
//   charge 2–4%).
import { Algorithm, USDC } from "./protocol.js";

export const BTC_USD = 90_000n;
/** Bitcoin's difficulty after the retarget of 27 Nov 2025 (block 925,344). */
export const BITCOIN_DIFFICULTY = 149_300_000_000_000n;
/** 3.125 BTC subsidy (since the April 2024 halving) + ≈ 0.0195 BTC average fees, in sats. */
export const BITCOIN_BLOCK_REWARD_SATS = 314_500_000n;
export const BITCOIN_NETWORK_NOW = { difficulty: BITCOIN_DIFFICULTY, blockReward: BITCOIN_BLOCK_REWARD_SATS, style: 0 };
/** Electricity in US cents per kWh ×100 (6.00 ¢ = $0.06). */
export const ELECTRICITY_USD_CENTS_X100 = 600n;
export const POOL_FEE_BPS = 250n;
/** 200 TH/s at $17/TH = $3,400, sold as 1,000 shares. */
export const S21_PRICE_PER_SHARE = (3_400n * USDC) / 1_000n;

/**
 * A tariff in USD per kWh (as cents ×100) converted to payout-token base units per kWh at `coinUsd` dollars
 * a coin of `decimals` decimals, rounded down: holders are never charged more than the stated tariff.
 */
export function tariffPerKWh(usdCentsX100: bigint, coinUsd: bigint, decimals: number): bigint {
  return (usdCentsX100 * 10n ** BigInt(decimals)) / (coinUsd * 10_000n);
}

/** Hashprice (USD per PH/s per day, ×100) of a network at `coinUsd`, by MiningMath's Bitcoin-style formula. */
export function hashpriceUsdX100(network: { difficulty: bigint; blockReward: bigint }, coinUsd: bigint): bigint {
  const coinsPerPhDayX8 = (10n ** 15n * 86_400n * network.blockReward) / (network.difficulty << 32n);
  return (coinsPerPhDayX8 * coinUsd * 100n) / 10n ** 8n;
}

// The Scrypt rig (Antminer L9, 16 GH/s, 3,360 W) paid in LTC. NOT yet today's market: these are the figures
// the demo has carried since late 2024 (Litecoin difficulty ≈ 40 M; 6.25 LTC subsidy since the August 2023
// halving + fees; $100/LTC), kept until a checked late-2025 source is at hand. The demo's payback line for
// this rig is computed from them all the same, and says what they give.
export const LTC_USD = 100n;
export const LITECOIN_NETWORK_DEMO = { difficulty: 40_000_000n, blockReward: 630_000_000n, style: 0 };
/** $0.04 per kWh at $100/LTC, in litoshis. */
export const LTC_TARIFF_PER_KWH = 40_000n;
export const L9_PRICE_PER_SHARE = 80n * USDC;

/** The demo's Scrypt rig, as overrides of sha256RigParams. */
export const L9_RIG = {
  name: "Antminer L9 #1",
  algorithm: Algorithm.Scrypt,
  hashrate: 16n * 10n ** 9n,
  powerWatts: 3_360n,
  totalShares: 500n,
  pricePerShare: L9_PRICE_PER_SHARE,
  maxEpochPayout: 10n * 10n ** 8n,
};
