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

// The Scrypt rig (Antminer L9, 16 GH/s, 3,360 W) paid in WLTC. Late-November-2025 figures (read on
// 2026-12-07 from the public pages named):
// - Litecoin difficulty 102.65 M: the record rfq.news reported at ≈ 3.08 PH/s
//   (https://rfq.news/litecoin/litecoin-network-hash-rate-and-mining-difficulty-hit-new-all-time-highs),
//   after a 3.01 PH/s peak on 28 September (rfq.news, litecoin-hashrate-hits-three-petahash-...); neither
//   excerpt read shows a publication date, so "late 2025" rests on their order and on the hashrate. Check:
//   102.65 M × 2^32 / 150 s ≈ 2.94 PH/s.
// - Subsidy 6.25 LTC a block since the August 2023 halving. Litecoin's average fees: no source found, so
//   none are counted (the LTC part is slightly understated).
// - LTC ≈ $83 on 23 Nov 2025 (https://digitap.app/news/why-is-litecoin-down-today; FXEmpire had $95 on
//   17 Nov 2025).
// - Merged-mined DOGE: Dogecoin pays a fixed 10,000 DOGE a block every minute, 14.4 M DOGE a day
//   (https://crypto.bi/dogecoin-halving/); DOGE ≈ $0.152 on 25 Nov 2025 (abcmoney.co.uk, "Dogecoin price
//   jumps 5% to $0.15"); Dogecoin's hashrate is that of Litecoin's merge-mining pools (The Block,
//   theblock.co/linked/103969: both ≈ 350 TH/s in 2021; blocking.net: nearly 90% of Dogecoin's hashrate
//   from the large Litecoin pools, 2019). No late-2025 figure for that was found: equal hashrates are
//   assumed.
//   With equal hashrates a hash earns 2.5 DOGE blocks (1-minute blocks) per LTC block (2.5 minutes):
//   10,000 × 2.5 × 0.152 / 83 ≈ 45.78 LTC of DOGE per LTC block, 7.3 times the 6.25 LTC subsidy.
// - The protocol pays one payout token per rig, so the L9 rig's WLTC carries the DOGE converted to LTC at
//   these prices: the oracle's WLTC network states 6.25 + 45.78 = 52.03 LTC a block. That is how
//   MiningMath expresses it (reward is linear in the block reward at one difficulty and one hashrate); the
//   oracle's luck bound then admits reports of the converted total. The demo also prints the LTC-only day.
// - The L9's price: NO late-2025 source found. $40,000 for the rig (80 USDC a share, 500 shares) is the
//   figure the demo has carried since late 2024, kept and labelled unsourced.
// - Hashrate/power 16 GH/s at 3,360 W: 0.21 J/MH, the L9 spec (astera.ru's L9 review of 27 Nov 2025,
//   astera.ru/articles/antminer-l9-15-gh-s-podrobnyj-obzor-i-raschyot-rentabelnosti: 3,150–3,360 W at
//   the wall, ≈ 0.21 J/MH; it reviews the 15 GH/s variant).
// - Electricity and pool fee as for the Bitcoin rig: $0.06/kWh, 2.5%.
export const LTC_USD = 83n;
/** DOGE's price in US dollars ×10^6 ($0.152). */
export const DOGE_USD_X6 = 152_000n;
/** Litecoin's difficulty (the record 102.65 M of late 2025). */
export const LITECOIN_DIFFICULTY = 102_650_000n;
/** 6.25 LTC subsidy, in litoshis. */
export const LITECOIN_SUBSIDY = 625_000_000n;
/** Merged-mined DOGE per LTC block, converted to litoshis: 10,000 DOGE × 2.5 blocks × DOGE/LTC. */
export const DOGE_PER_LTC_BLOCK_IN_LITOSHIS = (10_000n * 25n * 10n ** 8n * DOGE_USD_X6) / (10n * LTC_USD * 10n ** 6n);
export const LITECOIN_NETWORK_NOW = {
  difficulty: LITECOIN_DIFFICULTY,
  blockReward: LITECOIN_SUBSIDY + DOGE_PER_LTC_BLOCK_IN_LITOSHIS,
  style: 0,
};
/** The same network without the DOGE: what an LTC-only rig would be paid. */
export const LITECOIN_NETWORK_LTC_ONLY = { difficulty: LITECOIN_DIFFICULTY, blockReward: LITECOIN_SUBSIDY, style: 0 };
/** $0.06 per kWh at $83/LTC, in litoshis (rounded down). */
export const LTC_TARIFF_PER_KWH = tariffPerKWh(ELECTRICITY_USD_CENTS_X100, LTC_USD, 8);
/** Unsourced (see above): $40,000 the rig, as since late 2024. */
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
