// The ROI calculator: the contracts' own parameters (network difficulty and block reward from the oracle,
// tariff and service fee from the funder) pre-filled and editable, plus the market inputs only the user
// knows (coin price, pool fee). Electricity is entered in the payment currency per kWh (dollars, for USDC)
// and converted to the payout coin at the coin price, as the funder charges it. The math is the SDK's
// computeOnChainRoi, i.e. the contracts' MiningMath: net, payback, the break-even electricity price and the
// shut-off hashprice (below it electricity and fees take the whole gross and the fee-debt rule starts).
import { useState } from "react";

import { getDifficultyHistory } from "../../../sdk/actions/getDifficultyHistory.js";
import { getRigRoi } from "../../../sdk/actions/getRigRoi.js";
import type { RigInfo } from "../../../sdk/actions/getRig.js";
import { formatDecimal, parseDecimal, parseInteger } from "../../../sdk/decimal.js";
import { difficultyForecast } from "../../../sdk/difficultyForecast.js";
import { forecastPaybacks, formatPaybackDays } from "../../../sdk/forecast.js";
import { type OnChainRoiInputs, computeOnChainRoi } from "../../../sdk/roi.js";
import { type TokenMeta, formatToken } from "../format.js";
import { useChainQuery } from "../protocol/useChainQuery.js";
import { Card, Field, ReadError, Stat } from "./ui.js";

type Inputs = { coinPrice: string; poolFeePct: string; difficulty: string; blockReward: string; electricity: string };

/**
 * Coin prices to start from, in US dollars, late November 2025 (BTC between $86,000 and $106,935 that month,
 * Hashrate Index; scripts/lib/economics.ts): only a default, the user enters today's.
 */
const DEFAULT_COIN_PRICES: Record<string, string> = { WBTC: "90000", BTC: "90000", WLTC: "100", LTC: "100" };
const PRICE_DECIMALS = 18;

/** Payout base units per kWh → payment currency per kWh, at `coinPrice` (a decimal string), as decimal text. */
function tariffInPayment(tariff: bigint, coinPrice: string, payoutDecimals: number): string {
  try {
    const price = parseDecimal(coinPrice, PRICE_DECIMALS);
    return formatDecimal((tariff * price) / 10n ** BigInt(payoutDecimals), PRICE_DECIMALS, 4);
  } catch {
    return "";
  }
}

/** Payment currency per kWh → payout base units per kWh at `coinPrice`, rounded down as the demo converts. */
function tariffInPayout(electricity: string, coinPrice: string, payoutDecimals: number): bigint {
  const price = parseDecimal(coinPrice, PRICE_DECIMALS);
  if (price === 0n) throw new Error("the coin price must be above 0");
  return (parseDecimal(electricity, PRICE_DECIMALS) * 10n ** BigInt(payoutDecimals)) / price;
}

export function RoiCalculator({ rig, payment, payout }: { rig: RigInfo; payment?: TokenMeta; payout?: TokenMeta }) {
  const { data: onChain, error } = useChainQuery(
    ({ publicClient, contracts }) =>
      contracts.oracle && contracts.funder
        ? getRigRoi(publicClient, { contracts, rigId: rig.rigId })
        : Promise.resolve(undefined),
    [rig.rigId],
  );
  // The oracle's recorded difficulties of the payout coin (NetworkSet), for the forecast.
  const { data: history } = useChainQuery(
    ({ publicClient, contracts, indexer }) =>
      contracts.oracle
        ? getDifficultyHistory(publicClient, { contracts, payoutToken: rig.payoutToken, indexer })
        : Promise.resolve(undefined),
    [rig.rigId, rig.payoutToken],
  );
  // The chain's parameters as defaults; what the user typed wins and is kept across blocks.
  const [edits, setEdits] = useState<Partial<Inputs>>({});
  const coinPrice = edits.coinPrice ?? (payout ? (DEFAULT_COIN_PRICES[payout.symbol] ?? "") : "");
  const inputs: Inputs | undefined =
    onChain && payout
      ? {
          poolFeePct: "2.5",
          difficulty: onChain.network.difficulty.toString(),
          blockReward: formatDecimal(onChain.network.blockReward, payout.decimals),
          // The funder's tariff shown at the coin price; what the user types replaces it.
          electricity: tariffInPayment(onChain.tariffPerKWh, coinPrice, payout.decimals),
          ...edits,
          coinPrice,
        }
      : undefined;

  if (error)
    return (
      <Card title="ROI calculator">
        <ReadError error={error} />
      </Card>
    );
  if (!onChain || !inputs || !payout || !payment)
    return (
      <Card title="ROI calculator">
        <p className="muted">The oracle has no network parameters for this rig's coin yet.</p>
      </Card>
    );

  const set = (key: keyof Inputs) => (value: string) => setEdits({ ...edits, [key]: value });
  let result: ReturnType<typeof computeOnChainRoi> | undefined;
  let roiInputs: OnChainRoiInputs | undefined;
  let problem: string | undefined;
  try {
    roiInputs = {
      hashrate: rig.hashrate,
      powerWatts: rig.powerWatts,
      totalShares: rig.totalShares,
      pricePerShare: rig.pricePerShare,
      paymentDecimals: payment.decimals,
      payoutDecimals: payout.decimals,
      tariffPerKWh: tariffInPayout(inputs.electricity, inputs.coinPrice, payout.decimals),
      serviceFeeBps: onChain.serviceFeeBps,
      network: {
        difficulty: parseInteger(inputs.difficulty, "network difficulty"),
        blockReward: parseDecimal(inputs.blockReward, payout.decimals),
        style: onChain.network.style,
      },
      coinPrice: inputs.coinPrice,
      poolFeeBps: parseDecimal(inputs.poolFeePct, 2),
    };
    result = computeOnChainRoi(roiInputs);
  } catch (e) {
    problem = (e as Error).message;
  }
  const amount = (v: bigint) => formatToken(v, payout);
  // Payout base units in the payment currency at the coin price entered (4 decimals: cents and below).
  const inPayment = (v: bigint, per = 1n) => {
    const price = parseDecimal(inputs.coinPrice || "0", PRICE_DECIMALS);
    const value = (v * price) / 10n ** BigInt(payout.decimals) / per;
    return `${formatDecimal(value, PRICE_DECIMALS, 4)} ${payment.symbol}`;
  };
  // Hashprice per PH/s for SHA-256 rigs, per GH/s for the others (whose rigs are measured in GH/s).
  const [unit, perUnit] = rig.algorithm === "SHA256" ? ["PH/s", 1n] : ["GH/s", 1_000_000n];
  return (
    <Card title="ROI calculator" testId="roi">
      <div className="form-grid">
        <Field
          label={`${payout.symbol} price`}
          value={inputs.coinPrice}
          onChange={set("coinPrice")}
          suffix={payment.symbol}
          testId="roi-coin-price"
        />
        <Field
          label="Pool fee"
          value={inputs.poolFeePct}
          onChange={set("poolFeePct")}
          suffix="%"
          testId="roi-pool-fee"
        />
        <Field
          label="Network difficulty"
          value={inputs.difficulty}
          onChange={set("difficulty")}
          testId="roi-difficulty"
        />
        <Field
          label="Block reward (subsidy + average fees)"
          value={inputs.blockReward}
          onChange={set("blockReward")}
          suffix={payout.symbol}
        />
        <Field
          label="Electricity"
          value={inputs.electricity}
          onChange={set("electricity")}
          suffix={`${payment.symbol}/kWh`}
          testId="roi-electricity"
        />
      </div>
      {problem && <p className="error">{problem}</p>}
      {result && (
        <div className="stats">
          <Stat label="Gross per day" value={amount(result.dailyGross)} />
          <Stat label="Electricity per day" value={amount(result.dailyElectricity)} />
          <Stat label="Service fee per day" value={amount(result.dailyServiceFee)} />
          <Stat label="Net per day" value={amount(result.dailyNet)} />
          <Stat label="Net per share per day" value={amount(result.dailyNetPerShare)} testId="roi-net-per-share" />
          <Stat
            label="Payback"
            testId="roi-payback"
            value={
              result.paybackDaysX18 === null
                ? "never at these inputs"
                : `${formatDecimal(result.paybackDaysX18, 18, 1)} days`
            }
          />
          <Stat
            label={`Hashprice (per ${unit} per day)`}
            value={inPayment(result.hashpricePerPHDay, perUnit)}
            testId="roi-hashprice"
          />
          <Stat
            label="Break-even electricity"
            value={`${inPayment(result.breakEvenTariffPerKWh)}/kWh`}
            testId="roi-break-even"
          />
          <Stat
            label={`Shut-off hashprice (per ${unit} per day)`}
            testId="roi-shut-off"
            value={
              result.shutOffHashpricePerPHDay === null
                ? "none: the fees take everything"
                : inPayment(result.shutOffHashpricePerPHDay, perUnit)
            }
          />
        </div>
      )}
      {result && roiInputs && history && <DifficultyForecastView inputs={roiInputs} rig={rig} history={history} />}
    </Card>
  );
}

/**
 * The forecast band: the model in words, expected / pessimistic / optimistic payback through the same
 * computeOnChainRoi at each 14-day step of difficulty, and what the model is not.
 */
function DifficultyForecastView({
  inputs,
  rig,
  history,
}: {
  inputs: OnChainRoiInputs;
  rig: RigInfo;
  history: { timestamp: bigint; difficulty: bigint }[];
}) {
  const forecast = difficultyForecast(history, { algorithm: rig.algorithm });
  const paybacks = forecast.trend ? forecastPaybacks(inputs, forecast.trend) : undefined;
  return (
    <div className="forecast" data-testid="roi-forecast">
      <h3>Difficulty forecast</h3>
      {forecast.shortfall && (
        <p className="muted" data-testid="roi-forecast-shortfall">
          {forecast.shortfall}
          {forecast.trend
            ? ": fitted instead to a real dataset, not this chain's history (labelled below)."
            : ": no forecast for this coin."}
        </p>
      )}
      {forecast.trend && paybacks && (
        <>
          <p data-testid="roi-forecast-model">{forecast.description}</p>
          <div className="stats">
            <Stat
              label="Payback, expected"
              value={formatPaybackDays(paybacks.expected)}
              testId="roi-payback-expected"
            />
            <Stat
              label="Payback, pessimistic (difficulty at the band's top)"
              value={formatPaybackDays(paybacks.pessimistic)}
              testId="roi-payback-pessimistic"
            />
            <Stat
              label="Payback, optimistic (the band's bottom)"
              value={formatPaybackDays(paybacks.optimistic)}
              testId="roi-payback-optimistic"
            />
          </div>
          <p className="muted">
            What this is: a straight line through ln(difficulty) against time, its 90% band from the slope's
            uncertainty, and its error on held-out history. What it is not: a forecast of price, fees, hashrate or the
            next halving (block reward, price and costs stay as entered), and no promise.
          </p>
        </>
      )}
    </div>
  );
}
