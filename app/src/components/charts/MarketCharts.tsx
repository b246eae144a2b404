// The market's charts for one rig (chosen here):
//   - Fill prices: each fill's price per share (the indexer's /fills: ShareMarket `Sold`, price ÷ shares,
//     floored to 6 digits past the payment token's decimals), in chain order, with the shares it bought.
//     Fill history needs the indexer; without one the chart says so.
//   - Order book depth: at each price, the shares offered at that price or less (on-chain sale listings and
//     the relay's signed listings, what a buyer can take now) and the shares bid at that price or more (the
//     relay's open offers), cumulated from the best price outward.
import { useState } from "react";

import type { RigInfo } from "../../../../sdk/actions/getRig.js";
import type { GetListingReturnType } from "../../../../sdk/actions/getListing.js";
import { formatDecimal } from "../../../../sdk/decimal.js";
import { indexerGet } from "../../../../sdk/indexer.js";
import { decodePositionId } from "../../../../sdk/positionId.js";
import { getOrders } from "../../../../sdk/relay.js";
import { formatTime } from "../../format.js";
import { useChainQuery } from "../../protocol/useChainQuery.js";
import { useToken } from "../../protocol/useToken.js";
import { Chart } from "./Chart.js";
import { RATIO_DIGITS } from "./RigCharts.js";

type Fill = { id: string; shares: string; price: string; timestamp: string; kind: string };
export type DepthLevel = { price: bigint; asks: bigint; bids: bigint };

/** Cumulative depth per price level: asks summed up from the lowest price, bids down from the highest. */
export function depthOf(asks: { price: bigint; shares: bigint }[], bids: { price: bigint; shares: bigint }[]) {
  const prices = [...new Set([...asks, ...bids].map((o) => o.price))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return prices.map((price) => ({
    price,
    asks: asks.filter((o) => o.price <= price).reduce((s, o) => s + o.shares, 0n),
    bids: bids.filter((o) => o.price >= price).reduce((s, o) => s + o.shares, 0n),
  }));
}

export function MarketCharts({ rigs, listings }: { rigs: RigInfo[]; listings: GetListingReturnType[] }) {
  const [chosen, setChosen] = useState<bigint | undefined>(rigs[0]?.rigId);
  const rig = rigs.find((r) => r.rigId === chosen) ?? rigs[0];
  const payment = useToken(rig?.paymentToken);
  const fills = useChainQuery(
    async ({ indexer }) =>
      rig && indexer
        ? (await indexerGet<{ items: Fill[] }>(indexer, "/fills", { rig: rig.rigId, limit: 1_000 })).items
        : undefined,
    [rig?.rigId],
  );
  const book = useChainQuery(
    async ({ relayUrl }) => {
      if (!rig || !relayUrl) return { listings: [], offers: [] };
      const [l, o] = await Promise.all([
        getOrders(relayUrl, { rig: rig.rigId, side: "listing" }),
        getOrders(relayUrl, { rig: rig.rigId, side: "offer" }),
      ]);
      return { listings: l.orders, offers: o.orders };
    },
    [rig?.rigId],
  );
  if (!rig) return null;
  const decimals = payment?.decimals ?? 0;
  const unit = payment?.symbol ?? "units";
  const scale = 10n ** BigInt(RATIO_DIGITS);
  const rows = fills.data ?? [];
  const asks = [
    ...listings
      .filter((l) => decodePositionId(l.positionId).rigId === rig.rigId)
      .map((l) => ({ price: l.pricePerShare, shares: l.shares })),
    ...(book.data?.listings ?? []).map((o) => ({ price: o.pricePerShare, shares: o.remaining })),
  ].filter((o) => o.shares > 0n);
  const bids = (book.data?.offers ?? []).map((o) => ({ price: o.pricePerShare, shares: o.remaining }));
  const depth = depthOf(
    asks,
    bids.filter((o) => o.shares > 0n),
  );
  return (
    <div className="charts" data-testid="market-charts">
      <label className="field">
        <span>Rig</span>
        <select
          data-testid="market-chart-rig"
          value={rig.rigId.toString()}
          onChange={(e) => setChosen(BigInt(e.target.value))}
        >
          {rigs.map((r) => (
            <option key={r.rigId.toString()} value={r.rigId.toString()}>
              {r.name} (#{r.rigId.toString()})
            </option>
          ))}
        </select>
      </label>
      <Chart
        testId="chart-fills"
        title="Fill prices per share"
        caption="One point per fill (listing, signed listing or offer), in chain order: price ÷ shares."
        xLabel="Fill"
        x={rows.map((f, i) => ({ key: BigInt(i), label: formatTime(BigInt(f.timestamp)) }))}
        loading={fills.loading || !payment}
        error={fills.error}
        empty={
          fills.data === undefined
            ? "Fill history needs the indexer, which this chain has not configured."
            : "No fill yet."
        }
        series={[
          {
            label: "Price per share",
            unit,
            decimals: decimals + RATIO_DIGITS,
            maxFraction: decimals + 2,
            kind: "line",
            color: "#f7931a",
            values: rows.map((f) => (BigInt(f.price) * scale) / BigInt(f.shares)),
          },
          {
            label: "Shares",
            unit: "shares",
            decimals: 0,
            kind: "bar",
            scale: "y2",
            color: "#2a3541",
            values: rows.map((f) => BigInt(f.shares)),
          },
        ]}
      />
      <Chart
        testId="chart-depth"
        title="Order book depth"
        caption="Asks: shares for sale at this price per share or less (on-chain and signed listings). Bids: shares the relay's open offers want at this price or more."
        xLabel={`Price per share (${unit})`}
        x={depth.map((d) => ({ key: d.price, label: formatDecimal(d.price, decimals) }))}
        loading={book.loading || !payment}
        error={book.error}
        empty="No open listing or offer."
        series={[
          {
            label: "Asks",
            unit: "shares",
            decimals: 0,
            kind: "step",
            color: "#f85149",
            values: depth.map((d) => d.asks),
          },
          {
            label: "Bids",
            unit: "shares",
            decimals: 0,
            kind: "step",
            color: "#3fb950",
            values: depth.map((d) => d.bids),
          },
        ]}
      />
    </div>
  );
}
