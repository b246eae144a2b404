// The portfolio's charts, from the account's history (getAccountHistory: the indexer's
// /accounts/:address/history and /rigs/:id/epochs when one is configured, else a log scan through the RPC),
// per UTC day, in the payout token of the account's first position (others are named in the caption):
//   - Earnings per day per position: each epoch's pro-rata part (⌊net × shares ÷ rig shares⌋ + ⌊SLA refund × shares ÷ rig
//     shares⌋, what the epoch's stream funded for the position), stacked, on the day it was pushed.
//   - Cumulative: each position's running sum, the account's total across positions, and the claims (the
//     distributor's RewardsClaimed payments) marked on the day they were paid, with a running sum of them.
import type { Address } from "viem";

import { type HistoryEntry, getAccountHistory } from "../../../../sdk/actions/getAccountHistory.js";
import { decodePositionId } from "../../../../sdk/positionId.js";
import { useChainQuery } from "../../protocol/useChainQuery.js";
import { useToken } from "../../protocol/useToken.js";
import { Chart } from "./Chart.js";
import { cumulative } from "./RigCharts.js";

const COLORS = ["#f7931a", "#58a6ff", "#3fb950", "#d29922", "#a371f7", "#db61a2", "#39c5cf", "#8b98a5"];
export const utcDay = (t: bigint) => new Date(Number(t) * 1_000).toISOString().slice(0, 10);
export const positionLabel = (id: bigint) => {
  const { rigId, serial } = decodePositionId(id);
  return `Position ${rigId}-${serial}`;
};
type EpochEntry = Extract<HistoryEntry, { kind: "epoch" }>;
type ClaimEntry = Extract<HistoryEntry, { kind: "claim" }>;

/** The charts' rows: days, per position earnings per day, and claims per day (exact, in `token`). */
export function portfolioSeries(entries: HistoryEntry[], token: Address | undefined) {
  const epochs = entries.filter((e): e is EpochEntry => e.kind === "epoch" && e.token === token);
  const claims = entries.filter((e): e is ClaimEntry => e.kind === "claim" && e.token === token);
  const days = [...new Set([...epochs, ...claims].map((e) => utcDay(e.timestamp)))].sort();
  const positions = [...new Set(epochs.map((e) => e.positionId))].sort((a, b) => (a < b ? -1 : 1));
  const perDay = positions.map((id) =>
    days.map((d) =>
      epochs
        .filter((e) => e.positionId === id && utcDay(e.timestamp) === d)
        .reduce((s, e) => s + e.part.net + e.part.slaRefund, 0n),
    ),
  );
  const claimed = days.map((d) => claims.filter((c) => utcDay(c.timestamp) === d).reduce((s, c) => s + c.amount, 0n));
  return { days, positions, perDay, claimed };
}

export function PortfolioCharts({ account }: { account: Address }) {
  const { data, error, loading } = useChainQuery(
    ({ publicClient, contracts, indexer }) => getAccountHistory(publicClient, { contracts, account, indexer }),
    [account],
  );
  const entries = data?.entries ?? [];
  const tokens = [...new Set(entries.filter((e) => e.kind === "epoch" || e.kind === "claim").map((e) => e.token))];
  const token = useToken(tokens[0]);
  const { days, positions, perDay, claimed } = portfolioSeries(entries, tokens[0]);
  const decimals = token?.decimals ?? 0;
  const unit = token?.symbol ?? "units";
  const x = days.map((d) => ({ key: BigInt(Date.parse(d) / 1_000), label: d }));
  const waiting = loading || (tokens.length > 0 && !token);
  const others = tokens.length > 1 ? ` Positions paying other tokens (${tokens.length - 1}) are not drawn.` : "";
  const perPosition = perDay.map(cumulative);
  const total = days.map((_, i) => perPosition.reduce((s, p) => s + p[i]!, 0n));
  return (
    <div className="charts" data-testid="portfolio-charts">
      <Chart
        testId="chart-earnings"
        title="Earnings per day per position"
        caption={`Per UTC day of the epoch's push: each position's pro-rata part of the epochs pushed while it was held, ⌊net × shares ÷ rig shares⌋ + ⌊SLA refund × shares ÷ rig shares⌋, in ${unit}.${others}`}
        xLabel="Day (UTC)"
        x={x}
        loading={waiting}
        error={error}
        empty="No epoch has paid your positions yet."
        series={positions.map((id, i) => ({
          label: positionLabel(id),
          unit,
          decimals,
          kind: "bar" as const,
          stacked: true,
          color: COLORS[i % COLORS.length]!,
          values: perDay[i]!,
        }))}
      />
      <Chart
        testId="chart-cumulative"
        title="Cumulative earnings and claims"
        caption={`Running sums per position and across them (the account's total); a ring marks a day a claim was paid, and "Claimed" is their running sum.${others}`}
        xLabel="Day (UTC)"
        x={x}
        loading={waiting}
        error={error}
        empty="Nothing earned or claimed yet."
        series={[
          ...positions.map((id, i) => ({
            label: positionLabel(id),
            unit,
            decimals,
            kind: "line" as const,
            color: COLORS[i % COLORS.length]!,
            values: perPosition[i]!,
          })),
          { label: "Account total", unit, decimals, kind: "line", color: "#e6edf3", values: total },
          { label: "Claimed", unit, decimals, kind: "step", color: "#f85149", values: cumulative(claimed) },
          { label: "Claim", unit, decimals, kind: "marker", color: "#f85149", values: claimed },
        ]}
      />
    </div>
  );
}
