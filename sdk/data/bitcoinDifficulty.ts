// Real Bitcoin network difficulty, 2023–2025: the observations below are every one whose date and value we
// could source from a public page (read 2026 from stored copies of the pages named; each row names its own).
// This is NOT every retarget of those years: Bitcoin retargets every 2,016 blocks (≈ 14 days, ≈ 26 a year);
// the rows are the ones a page stated with a date, so they are irregularly spaced (the forecast fits against
// time, not against the row index, so gaps are fine). Values are as the page printed them, in trillions
// (1 T = 10^12), with the page's precision (2 decimals where given, else 1 or 0). Block heights are given
// only where the page gave one. A row's date is the retarget's date where the page gave it, or else the
// date the page said the value was in force ("as of"); no time of day is known: 00:00 UTC is used.
// Nothing here is interpolated or invented; a figure derived from others (e.g. from a percentage) is left out.
import { parseDecimal } from "../decimal.js";
import type { DifficultyObservation } from "../forecast.js";

export type SourcedDifficulty = {
  /** UTC date, YYYY-MM-DD. */
  date: string;
  /** Block height of the retarget, when the source gives it. */
  height?: number;
  /** Difficulty in trillions, as the source printed it. */
  trillions: string;
  /** "retarget": the value set at that date's adjustment; "in force": the value on that date. */
  kind: "retarget" | "in force";
  source: string;
};

export const BITCOIN_DIFFICULTY_DATASET_NAME = "Bitcoin difficulty 2023–2025 (sourced observations)";

export const BITCOIN_DIFFICULTY_2023_2025: readonly SourcedDifficulty[] = [
  {
    date: "2023-02-12",
    height: 776_160,
    trillions: "39.16",
    kind: "retarget",
    source:
      "https://archyde.com/the-biggest-difficulty-increase-of-the-year-so-far-on-the-bitcoin-network-is-coming-soon",
  },
  {
    date: "2023-04-07",
    trillions: "47.89",
    kind: "in force",
    source: "https://bitcoinke.io/2023/04/bitcoin-miner-revenue-in-march-2023",
  },
  {
    date: "2023-04-20",
    height: 786_240,
    trillions: "48.71",
    kind: "retarget",
    source:
      "https://coinprologue.com/news/56121-bitcoin-miners-contend-with-fifth-network-difficulty-increase-of-2023/amp/",
  },
  // The page: 48.01 T at block 788,256 "for approximately two weeks" before the 18 May retarget.
  {
    date: "2023-05-04",
    height: 788_256,
    trillions: "48.01",
    kind: "retarget",
    source: "https://www.bullionbite.com/2023/05/bitcoin-mining-difficulty-hits-record.html",
  },
  {
    date: "2023-05-18",
    height: 790_272,
    trillions: "49.55",
    kind: "retarget",
    source: "https://www.bullionbite.com/2023/05/bitcoin-mining-difficulty-hits-record.html",
  },
  {
    date: "2023-07-11",
    trillions: "53.91",
    kind: "retarget",
    source: "http://hyipadviser.net/category/bitcoin-investment/page/12",
  },
  {
    date: "2023-12-23",
    trillions: "72.01",
    kind: "retarget",
    source:
      "https://cryptokentop.com/bitcoin-concludes-2023-with-27-difficulty-adjustments-resulting-in-a-74-increase-in-mining-difficulty/",
  },
  {
    date: "2024-01-05",
    height: 824_544,
    trillions: "73.2",
    kind: "retarget",
    source:
      "https://lolacoin.org/bitcoins-difficulty-increases-by-1-65-in-first-retarget-of-2024-setting-new-yearly-high",
  },
  {
    date: "2024-02-02",
    height: 828_576,
    trillions: "75.50",
    kind: "retarget",
    source: "http://crypto-news.club/?p=174515",
  },
  {
    date: "2024-03-28",
    trillions: "83",
    kind: "retarget",
    source: "https://bitcoinke.io/2024/04/bitcoin-mining-difficulty-reaches-all-time-high-ahead-of-2024-halving",
  },
  {
    date: "2024-04-10",
    height: 838_656,
    trillions: "86.39",
    kind: "retarget",
    source: "https://garminexpress.us/bitcoin-mining-difficulty-reaches-new-record-on-the-eve-of-halving/",
  },
  // 88.10 T from the first page; the date of that adjustment (24 April) from the second.
  {
    date: "2024-04-24",
    trillions: "88.10",
    kind: "retarget",
    source:
      "https://bitvaluezoo.com/bitcoin-difficulty-drops-significantly-post-halving-hashrate-falls-below-600-eh-s https://bulbapp.io/p/53cf92c2-570c-4527-8269-dd93731aac36/bitcoin-mining-difficulty-records-largest-decrease-in-1-5-years",
  },
  // "Last Thursday" before 10 May 2024 (cryptonewsz): 9 May.
  {
    date: "2024-05-09",
    height: 842_688,
    trillions: "83.15",
    kind: "retarget",
    source:
      "https://bitvaluezoo.com/bitcoin-difficulty-drops-significantly-post-halving-hashrate-falls-below-600-eh-s https://cryptonewsz.com/bitcoin-mining-difficulty-sees-biggest-drop-since-bear-market-lows",
  },
  {
    date: "2024-09-11",
    height: 860_832,
    trillions: "92.67",
    kind: "retarget",
    source:
      "https://www.nasdaq.com/articles/bitcoin-mining-difficulty-hits-record-92-trillion https://bothcoin.com/bitcoin-mining-difficulty-hits-a-new-high.html",
  },
  {
    date: "2024-10-23",
    trillions: "95.67",
    kind: "retarget",
    source:
      "https://encrypted.ink/bitcoin-mining-difficulty-reaches-record-high-of-95-67-terahashes-amid-rising-hashrate-and-consolidation-trends-oct-23/",
  },
  {
    date: "2025-01-01",
    trillions: "109.8",
    kind: "in force",
    source: "https://cryptonews.net/news/mining/32202946/ (via https://miniapp.gate.com/tr/post/status/17281613)",
  },
  {
    date: "2025-01-12",
    height: 878_976,
    trillions: "110.45",
    kind: "retarget",
    source: "https://cryptodnes.bg/en/bitcoin-mining-difficulty-hits-record-high-as-network-strengthens",
  },
  {
    date: "2025-04-05",
    trillions: "121.50",
    kind: "retarget",
    source:
      "https://rupool.pro/en/news/cryptonews/another_adjustment_bitcoin_mining_difficulty_increased_by_6_81_percent",
  },
  // The page: 119.12 T after the retarget at block 895,104, "as of Sunday, May 4th".
  {
    date: "2025-05-04",
    height: 895_104,
    trillions: "119.12",
    kind: "in force",
    source: "https://freecryptozone.com/bitcoin-miner-catches-breaks-community-issue-slide-3-34",
  },
  {
    date: "2025-08-04",
    trillions: "127.6",
    kind: "retarget",
    source: "https://www.coinspeaker.com/bitcoin-mining-difficulty-hits-ath-as-btc-price-consolidates",
  },
  { date: "2025-09-08", trillions: "136.04", kind: "in force", source: "https://insidecrypto.net/?p=12269" },
  {
    date: "2025-11-11",
    trillions: "156",
    kind: "retarget",
    source:
      "https://cryptonews.net/news/mining/32202946/ (via https://satoshibrother.com/bitcoin-network-mining-difficulty-climbs-to-148-2-trillion-by-year-end-2025)",
  },
  {
    date: "2025-11-27",
    height: 925_344,
    trillions: "149.30",
    kind: "retarget",
    source: "https://www.binance.bh/en-NG/square/post/32984221404897",
  },
];

/** The dataset as forecast observations (timestamp: the date at 00:00 UTC; difficulty: trillions × 10^12). */
export function bitcoinDifficultySeries(): DifficultyObservation[] {
  return BITCOIN_DIFFICULTY_2023_2025.map((row) => ({
    timestamp: BigInt(Date.parse(`${row.date}T00:00:00Z`) / 1000),
    difficulty: parseDecimal(row.trillions, 12),
  }));
}
