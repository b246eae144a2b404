// The ROI calculator: the contracts' own parameters (network difficulty and block reward from the oracle,
// tariff and service fee from the funder) pre-filled and editable, plus the market inputs only the user
// knows (coin price, pool fee). The math is the SDK's computeOnChainRoi, i.e. the contracts' MiningMath.
import { useState } from "react";

import { getRigRoi } from "../../../sdk/actions/getRigRoi.js";
import type { RigInfo } from "../../../sdk/actions/getRig.js";
import { formatDecimal, parseDecimal, parseInteger } from "../../../sdk/decimal.js";
import { computeOnChainRoi } from "../../../sdk/roi.js";
import { type TokenMeta, formatToken } from "../format.js";
import { useChainQuery } from "../protocol/useChainQuery.js";
import { Card, Field, ReadError, Stat } from "./ui.js";

type Inputs = { coinPrice: string; poolFeePct: string; difficulty: string; blockReward: string; tariff: string };

export function RoiCalculator({ rig, payment, payout }: { rig: RigInfo; payment?: TokenMeta; payout?: TokenMeta }) {
  const { data: onChain, error } = useChainQuery(
    ({ publicClient, contracts }) =>
      contracts.oracle && contracts.funder
        ? getRigRoi(publicClient, { contracts, rigId: rig.rigId })
        : Promise.resolve(undefined),
    [rig.rigId],
  );
  // The chain's parameters as defaults; what the user typed wins and is kept across blocks.
  const [edits, setEdits] = useState<Partial<Inputs>>({});
  const inputs: Inputs | undefined =
    onChain && payout
      ? {
          coinPrice: "65000",
          poolFeePct: "2",
          difficulty: onChain.network.difficulty.toString(),
          blockReward: formatDecimal(onChain.network.blockReward, payout.decimals),
          tariff: formatDecimal(onChain.tariffPerKWh, payout.decimals),
          ...edits,
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
  let problem: string | undefined;
  try {
    result = computeOnChainRoi({
      hashrate: rig.hashrate,
      powerWatts: rig.powerWatts,
      totalShares: rig.totalShares,
      pricePerShare: rig.pricePerShare,
      paymentDecimals: payment.decimals,
      payoutDecimals: payout.decimals,
      tariffPerKWh: parseDecimal(inputs.tariff, payout.decimals),
      serviceFeeBps: onChain.serviceFeeBps,
      network: {
        difficulty: parseInteger(inputs.difficulty, "network difficulty"),
        blockReward: parseDecimal(inputs.blockReward, payout.decimals),
        style: onChain.network.style,
      },
      coinPrice: inputs.coinPrice,
      poolFeeBps: parseDecimal(inputs.poolFeePct, 2),
    });
  } catch (e) {
    problem = (e as Error).message;
  }
  const amount = (v: bigint) => formatToken(v, payout);
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
        <Field label="Block reward" value={inputs.blockReward} onChange={set("blockReward")} suffix={payout.symbol} />
        <Field label="Electricity" value={inputs.tariff} onChange={set("tariff")} suffix={`${payout.symbol}/kWh`} />
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
        </div>
      )}
    </Card>
  );
}
