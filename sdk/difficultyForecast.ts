// The difficulty forecast the ROI calculator and `rigshare roi` show: fitted to the oracle's recorded
// history when it holds enough adjustments, otherwise (for SHA-256 rigs only, and labelled as such) to the
// committed real dataset of Bitcoin difficulty (sdk/data/bitcoinDifficulty.ts). The model, the band and the
// backtest are sdk/forecast.ts's; this only picks the history and says which one it used.
import { BITCOIN_DIFFICULTY_DATASET_NAME, bitcoinDifficultySeries } from "./data/bitcoinDifficulty.js";
import {
  DEFAULT_TREND_WINDOW,
  type DifficultyObservation,
  type DifficultyTrend,
  ForecastInputError,
  backtest,
  describeForecast,
  fitDifficultyTrend,
} from "./forecast.js";
import type { AlgorithmName } from "./types.js";

export type DifficultyForecast = {
  /** "chain": the oracle's NetworkSet history; "dataset": the real Bitcoin dataset (the chain has too little). */
  source: "chain" | "dataset";
  /** What the chain holds and what the fit needs: "not enough history (have of need adjustments)" below. */
  chainObservations: number;
  window: number;
  /** Set when the chain's history was not enough (the reason, in words). */
  shortfall?: string;
  /** The history the trend was fitted to and backtested on, by name. */
  dataset: string;
  trend: DifficultyTrend;
  mape30: number | null;
  mape90: number | null;
  /** describeForecast's sentence. */
  description: string;
};

let datasetCache: { trend: DifficultyTrend; mape30: number | null; mape90: number | null } | undefined;
const datasetFit = (window: number) => {
  if (window === DEFAULT_TREND_WINDOW && datasetCache) return datasetCache;
  const series = bitcoinDifficultySeries();
  const fit = {
    trend: fitDifficultyTrend(series, { window }),
    mape30: backtest(series, 30, { window }).mape,
    mape90: backtest(series, 90, { window }).mape,
  };
  if (window === DEFAULT_TREND_WINDOW) datasetCache = fit;
  return fit;
};

/**
 * The forecast for a coin whose oracle history is `history`; undefined when the chain has too little and
 * the rig's algorithm has no real dataset (only Bitcoin's, for SHA-256 rigs, is committed).
 */
export function difficultyForecast(
  history: readonly DifficultyObservation[],
  { algorithm, window = DEFAULT_TREND_WINDOW }: { algorithm: AlgorithmName; window?: number },
):
  | DifficultyForecast
  | (Omit<DifficultyForecast, "trend" | "mape30" | "mape90" | "description" | "dataset"> & { trend?: undefined }) {
  let shortfall: string;
  try {
    const trend = fitDifficultyTrend(history, { window });
    const mape30 = backtest(history, 30, { window }).mape;
    const mape90 = backtest(history, 90, { window }).mape;
    const dataset = "the oracle's recorded history";
    return {
      source: "chain",
      chainObservations: history.length,
      window,
      dataset,
      trend,
      mape30,
      mape90,
      description: describeForecast(trend, { mape30, mape90, dataset }),
    };
  } catch (e) {
    if (!(e instanceof ForecastInputError)) throw e;
    shortfall =
      history.length < window
        ? `not enough history (${history.length} of ${window} adjustments)`
        : `no usable history: ${e.message}`;
  }
  if (algorithm !== "SHA256") return { source: "dataset", chainObservations: history.length, window, shortfall };
  const { trend, mape30, mape90 } = datasetFit(window);
  const dataset = BITCOIN_DIFFICULTY_DATASET_NAME;
  return {
    source: "dataset",
    chainObservations: history.length,
    window,
    shortfall,
    dataset,
    trend,
    mape30,
    mape90,
    description: describeForecast(trend, { mape30, mape90, dataset }),
  };
}
