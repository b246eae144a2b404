// A generic chart: typed series of exact bigint values drawn with uPlot (canvas, ~50 kB, loaded on demand by a
// dynamic import so it is not in the app's first load), with a loading, an empty and an error state, a
// tooltip of the exact values under the cursor, and a "Table" toggle showing the same rows.
//
// Exactness: every value is a bigint with its decimals (payout-token base units, H/s as TH/s with 12
// decimals, basis points as % with 2…). The tooltip and the table print them with formatDecimal, from the
// bigints; only the canvas gets floats. The container's `data-points` attribute holds what is drawn, as JSON
// of the exact integers ({ x: [{ key, label }], series: [{ label, unit, decimals, values: [string|null] }] }),
// so a browser test can compare it with the indexer's API.
import { type CSSProperties, useEffect, useMemo, useRef, useState } from "react";
import type uPlot from "uplot";

import { formatDecimal } from "../../../../sdk/decimal.js";
import { describeError } from "../../tx/describeError.js";
import "./charts.css";

export type ChartSeries = {
  label: string;
  unit: string;
  /** Decimals of `values` (the value is `values[i] / 10^decimals` of `unit`). */
  decimals: number;
  /** One per x; null: nothing at that x. */
  values: (bigint | null)[];
  /**
   * bar: bars, stacked on the bars before it when `stacked`; line, step: lines; marker: a point at the top of
   * the stack (or at its own value without a stack) wherever the value is non-zero.
   */
  kind: "bar" | "line" | "step" | "marker";
  color: string;
  stacked?: boolean;
  /** "y" (left axis, the default) or "y2" (right axis). */
  scale?: "y" | "y2";
  /** Digits kept after the point in the tooltip and table (default: all `decimals`). */
  maxFraction?: number;
};

export type ChartProps = {
  testId: string;
  title: string;
  /** What one x is, shown under the chart (e.g. "one bar per epoch; epochs are 1 d long"). */
  caption?: string;
  /** The x header of the table. */
  xLabel: string;
  /** One per point: a stable key (an epoch number, a timestamp) and how it is shown. */
  x: { key: bigint; label: string }[];
  series: ChartSeries[];
  loading: boolean;
  error?: unknown;
  empty: string;
  height?: number;
};

/** Axis ticks: four significant digits, never rounded to 0 (0.00005 WBTC stays 0.00005). */
const tickLabels = (_u: uPlot, splits: number[]) =>
  splits.map((v) => v.toLocaleString("en-US", { maximumSignificantDigits: 4, useGrouping: false }));
const toNumber = (v: bigint, decimals: number) => Number(formatDecimal(v, decimals));
const exact = (s: ChartSeries, v: bigint | null) =>
  v === null ? "—" : `${formatDecimal(v, s.decimals, s.maxFraction ?? s.decimals)}${s.unit ? ` ${s.unit}` : ""}`;

/** The series as uPlot draws them: stacked bars cumulated from the bottom, drawn top first. */
function plotted(props: ChartProps): { order: number[]; data: (number | null)[][] } {
  const n = props.x.length;
  const stack = new Array<number>(n).fill(0);
  const cumulated = new Map<number, (number | null)[]>();
  props.series.forEach((s, i) => {
    if (s.kind !== "bar" || !s.stacked) return;
    cumulated.set(
      i,
      s.values.map((v, j) => (stack[j]! += v === null ? 0 : toNumber(v, s.decimals))),
    );
  });
  const hasStack = cumulated.size > 0;
  const data = props.series.map((s, i) => {
    if (cumulated.has(i)) return cumulated.get(i)!;
    if (s.kind === "marker")
      return s.values.map((v, j) => (v === null || v === 0n ? null : hasStack ? stack[j]! : toNumber(v, s.decimals)));
    return s.values.map((v) => (v === null ? null : toNumber(v, s.decimals)));
  });
  const stacked = [...cumulated.keys()].reverse();
  const others = props.series.map((_, i) => i).filter((i) => !cumulated.has(i));
  return { order: [...stacked, ...others], data };
}

export function Chart(props: ChartProps) {
  const { testId, title, caption, xLabel, x, series, loading, error, empty, height = 220 } = props;
  const [table, setTable] = useState(false);
  const [hover, setHover] = useState<{ idx: number; left: number }>();
  const [drawn, setDrawn] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const ready = !loading && !error && x.length > 0;
  const points = useMemo(
    () =>
      JSON.stringify({
        x: x.map((p) => ({ key: p.key.toString(), label: p.label })),
        series: series.map((s) => ({
          label: s.label,
          unit: s.unit,
          decimals: s.decimals,
          values: s.values.map((v) => (v === null ? null : v.toString())),
        })),
      }),
    [x, series],
  );

  useEffect(() => {
    const el = box.current;
    if (!ready || table || !el) return;
    let chart: uPlot | undefined;
    let stopped = false;
    let observer: ResizeObserver | undefined;
    void import("uplot").then(({ default: UPlot }) => {
      if (stopped) return;
      const { order, data } = plotted(props);
      const labels = x.map((p) => p.label);
      const bars = UPlot.paths.bars!({ size: [0.6, 48] });
      const stepped = UPlot.paths.stepped!({ align: 1 });
      const hasY2 = series.some((s) => s.scale === "y2");
      const axisOf = (scale: "y" | "y2") => series.find((s) => (s.scale ?? "y") === scale)?.unit ?? "";
      const grid = { stroke: "#2a3541", width: 1 };
      const opts: uPlot.Options = {
        width: el.clientWidth || 600,
        height,
        legend: { show: false },
        cursor: { drag: { x: false, y: false }, points: { show: false } },
        scales: {
          x: { time: false, range: [-0.5, Math.max(0.5, x.length - 0.5)] },
          y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
        },
        axes: [
          {
            stroke: "#8b98a5",
            grid,
            splits: () => x.map((_, i) => i),
            values: (_u, splits) =>
              splits.map((i) => (x.length <= 12 || i % Math.ceil(x.length / 12) === 0 ? (labels[i] ?? "") : "")),
          },
          { stroke: "#8b98a5", grid, label: axisOf("y"), size: 80, values: tickLabels },
          ...(hasY2
            ? [
                {
                  scale: "y2",
                  side: 1,
                  stroke: "#8b98a5",
                  grid: { show: false },
                  label: axisOf("y2"),
                  size: 60,
                  values: tickLabels,
                },
              ]
            : []),
        ],
        series: [
          {},
          ...order.map((i) => {
            const s = series[i]!;
            return {
              label: s.label,
              scale: s.scale ?? "y",
              stroke: s.color,
              width: s.kind === "marker" ? 0 : 2,
              ...(s.kind === "bar" ? { fill: s.color, paths: bars, points: { show: false } } : {}),
              ...(s.kind === "step" ? { paths: stepped, points: { show: x.length < 40 } } : {}),
              ...(s.kind === "line" ? { points: { show: x.length < 40 } } : {}),
              ...(s.kind === "marker"
                ? { paths: () => null, points: { show: true, size: 11, stroke: s.color, fill: "#0f1419", width: 3 } }
                : {}),
            } satisfies uPlot.Series;
          }),
        ],
        hooks: {
          setCursor: [
            (u) => {
              const idx = u.cursor.idx;
              setHover(idx == null ? undefined : { idx, left: u.valToPos(idx, "x") });
            },
          ],
        },
      };
      chart = new UPlot(opts, [x.map((_, i) => i), ...order.map((i) => data[i]!)], el);
      setDrawn(true);
      observer = new ResizeObserver(() => chart?.setSize({ width: el.clientWidth || 600, height }));
      observer.observe(el);
    });
    return () => {
      stopped = true;
      observer?.disconnect();
      chart?.destroy();
      setDrawn(false);
      setHover(undefined);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- redrawn when what is drawn changes (`points`)
  }, [ready, table, points, height]);

  const state = error ? "error" : loading ? "loading" : x.length === 0 ? "empty" : "ready";
  const tipStyle: CSSProperties | undefined = hover && { left: Math.max(0, hover.left - 90) };
  return (
    <section
      className="card chart"
      data-testid={testId}
      data-state={state}
      data-drawn={drawn && !table ? "true" : "false"}
      data-points={state === "ready" || state === "empty" ? points : undefined}
    >
      <div className="chart-head">
        <h2>{title}</h2>
        {ready && (
          <button type="button" className="link" data-testid="chart-toggle" onClick={() => setTable((t) => !t)}>
            {table ? "Chart" : "Table"}
          </button>
        )}
      </div>
      {state === "error" && (
        <p className="error" role="alert">
          {describeError(error).message}
        </p>
      )}
      {state === "loading" && (
        <p className="muted chart-placeholder" data-testid="chart-loading" style={{ height }}>
          Loading…
        </p>
      )}
      {state === "empty" && (
        <p className="muted chart-placeholder" data-testid="chart-empty" style={{ height }}>
          {empty}
        </p>
      )}
      {ready && !table && (
        <>
          <div className="chart-legend">
            {series.map((s) => (
              <span key={s.label}>
                <i style={{ background: s.color, borderRadius: s.kind === "marker" ? "50%" : 0 }} />
                {s.label}
              </span>
            ))}
          </div>
          <div className="chart-canvas" ref={box} onMouseLeave={() => setHover(undefined)}>
            {hover && x[hover.idx] && (
              <div className="chart-tooltip" data-testid="chart-tooltip" style={tipStyle}>
                <strong>{x[hover.idx]!.label}</strong>
                {series.map((s) => (
                  <div key={s.label}>
                    <i style={{ background: s.color }} />
                    {s.label}: <span className="mono">{exact(s, s.values[hover.idx] ?? null)}</span>
                  </div>
                ))}
              </div>
            )}
          </div>
        </>
      )}
      {ready && table && (
        <div className="table-scroll">
          <table data-testid="chart-table">
            <thead>
              <tr>
                <th>{xLabel}</th>
                {series.map((s) => (
                  <th key={s.label}>
                    {s.label}
                    {s.unit ? ` (${s.unit})` : ""}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {x.map((p, i) => (
                <tr key={p.key.toString()} data-testid="chart-row" data-key={p.key.toString()}>
                  <td>{p.label}</td>
                  {series.map((s) => (
                    <td key={s.label} className="mono">
                      {s.values[i] == null ? "—" : formatDecimal(s.values[i]!, s.decimals, s.maxFraction ?? s.decimals)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {caption && <p className="muted chart-caption">{caption}</p>}
    </section>
  );
}
