// The rig page's charts, from the rig's paid epochs (getRigEpochs: the indexer's /rigs/:id/epochs when one is
// configured, else a log scan through the RPC): one point per epoch, dated by the start of the stream it
// funded.
//   - Payouts: stacked bars of electricity, service fee and net (EpochSettled), SLA refunds marked on top.
//   - Hashrate: delivered (the signed report's average) against nominal, with uptime on the right axis.
//   - Cumulative paid per share: Σ funded (EpochPushed amount, = net + SLA refund) ÷ the rig's shares.
//   - Hashprice of the rig: net per nominal TH/s per day, net × 10¹² × 86,400 ÷ (hashrate × epoch length).
// Ratios are floored to 6 digits past the token's decimals, from the bigints.
import { getRigEpochs } from "../../../../sdk/actions/getRigEpochs.js";
import type { RigInfo } from "../../../../sdk/actions/getRig.js";
import { type TokenMeta, formatDuration } from "../../format.js";
import { useChainQuery } from "../../protocol/useChainQuery.js";
import { Chart } from "./Chart.js";

/** Extra digits of the per-share and per-TH ratios. */
export const RATIO_DIGITS = 6;
/** Running sums. */
export function cumulative(values: bigint[]): bigint[] {
  const out: bigint[] = [];
  for (const v of values) out.push((out.at(-1) ?? 0n) + v);
  return out;
}
const day = (t: bigint) => new Date(Number(t) * 1_000).toISOString().slice(0, 10);

export function RigCharts({ rigId, rig, payout }: { rigId: bigint; rig: RigInfo; payout?: TokenMeta }) {
  const { data, error, loading } = useChainQuery(
    ({ publicClient, contracts, indexer }) => getRigEpochs(publicClient, { contracts, rigId, indexer }),
    [rigId],
  );
  const epochs = data ?? [];
  const decimals = payout?.decimals ?? 0;
  const unit = payout?.symbol ?? "units";
  const label = (e: { epoch: bigint; streamStart: bigint }) => `#${e.epoch} ${day(e.streamStart)}`;
  const settled = epochs.filter((e) => e.breakdown);
  const reported = epochs.filter((e) => e.report);
  const waiting = loading || !payout;
  const scale = 10n ** BigInt(RATIO_DIGITS);
  const perShare = cumulative(epochs.map((e) => e.amount)).map((paid) =>
    rig.totalShares > 0n ? (paid * scale) / rig.totalShares : 0n,
  );
  const perThDay = (net: bigint) =>
    rig.hashrate > 0n && rig.epochLength > 0n
      ? (net * 10n ** 12n * 86_400n * scale) / (rig.hashrate * rig.epochLength)
      : 0n;
  const perEpoch = `One point per epoch (epochs are ${formatDuration(rig.epochLength)} long), dated by the start of its stream.`;
  return (
    <div className="charts" data-testid="rig-charts">
      <Chart
        testId="chart-payouts"
        title="Payouts per epoch"
        caption={`${perEpoch} Bars: electricity, service fee and net stacked; a ring marks an SLA refund.`}
        xLabel="Epoch"
        x={settled.map((e) => ({ key: e.epoch, label: label(e) }))}
        loading={waiting}
        error={error}
        empty="No epoch has been settled yet."
        series={[
          {
            label: "Electricity",
            unit,
            decimals,
            kind: "bar",
            stacked: true,
            color: "#d29922",
            values: settled.map((e) => e.breakdown!.electricity),
          },
          {
            label: "Service fee",
            unit,
            decimals,
            kind: "bar",
            stacked: true,
            color: "#8b98a5",
            values: settled.map((e) => e.breakdown!.serviceFee),
          },
          {
            label: "Net",
            unit,
            decimals,
            kind: "bar",
            stacked: true,
            color: "#3fb950",
            values: settled.map((e) => e.breakdown!.net),
          },
          {
            label: "SLA refund",
            unit,
            decimals,
            kind: "marker",
            color: "#f85149",
            values: settled.map((e) => e.breakdown!.slaRefund),
          },
        ]}
      />
      <Chart
        testId="chart-hashrate"
        title="Delivered hashrate and uptime"
        caption={`${perEpoch} From each epoch's accepted signed report.`}
        xLabel="Epoch"
        x={reported.map((e) => ({ key: e.epoch, label: label(e) }))}
        loading={waiting}
        error={error}
        empty="No signed report has been accepted yet."
        series={[
          {
            label: "Delivered",
            unit: "TH/s",
            decimals: 12,
            maxFraction: 3,
            kind: "line",
            color: "#58a6ff",
            values: reported.map((e) => e.report!.deliveredHashrate),
          },
          {
            label: "Nominal",
            unit: "TH/s",
            decimals: 12,
            maxFraction: 3,
            kind: "step",
            color: "#8b98a5",
            values: reported.map(() => rig.hashrate),
          },
          {
            label: "Uptime",
            unit: "%",
            decimals: 2,
            kind: "line",
            scale: "y2",
            color: "#3fb950",
            values: reported.map((e) => e.report!.uptimeBps),
          },
        ]}
      />
      <Chart
        testId="chart-per-share"
        title="Cumulative paid per share"
        caption={`${perEpoch} Σ funded to the stream (net + SLA refund) ÷ the share cap, ${rig.totalShares} shares.`}
        xLabel="Epoch"
        x={epochs.map((e) => ({ key: e.epoch, label: label(e) }))}
        loading={waiting}
        error={error}
        empty="No epoch has been paid yet."
        series={[
          {
            label: "Paid per share",
            unit,
            decimals: decimals + RATIO_DIGITS,
            kind: "line",
            color: "#f7931a",
            values: perShare,
          },
        ]}
      />
      <Chart
        testId="chart-hashprice"
        title="Hashprice of the rig"
        caption={`${perEpoch} Net per nominal TH/s per day: net × 86,400 s ÷ (nominal TH/s × epoch length).`}
        xLabel="Epoch"
        x={settled.map((e) => ({ key: e.epoch, label: label(e) }))}
        loading={waiting}
        error={error}
        empty="No epoch has been settled yet."
        series={[
          {
            label: "Net per TH/s per day",
            unit,
            decimals: decimals + RATIO_DIGITS,
            kind: "line",
            color: "#f7931a",
            values: settled.map((e) => perThDay(e.breakdown!.net)),
          },
        ]}
      />
    </div>
  );
}
