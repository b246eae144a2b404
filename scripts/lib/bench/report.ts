// The indexer benchmark's report: one row per metric with its target and whether it is met, rendered as a
// Markdown table (formatted with Prettier, so bench/indexer.md and the README's copy pass `format:check`)
// and written with the run's JSON to bench/indexer.json and bench/indexer.md.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

import { format } from "prettier";

export type Row = {
  metric: string;
  value: string;
  target: string;
  /** undefined: no target (information only). */
  within?: boolean;
};

const cell = (s: string) => s.replaceAll("|", "\\|");

/** The rows as a Prettier-formatted Markdown table. */
export async function markdownTable(rows: readonly Row[]): Promise<string> {
  const lines = [
    "| metric | value | target | within target |",
    "|---|---|---|---|",
    ...rows.map(
      (r) =>
        `| ${cell(r.metric)} | ${cell(r.value)} | ${cell(r.target || "—")} | ${r.within === undefined ? "—" : r.within ? "yes" : "**no**"} |`,
    ),
  ];
  return (await format(lines.join("\n"), { parser: "markdown" })).trimEnd();
}

/** Writes `<dir>/indexer.json` and `<dir>/indexer.md` (the table, then `notes` as paragraphs). */
export async function writeReport(
  dir: string,
  json: unknown,
  table: string,
  notes: readonly string[],
): Promise<{ jsonFile: string; mdFile: string }> {
  await mkdir(dir, { recursive: true });
  const jsonFile = path.join(dir, "indexer.json");
  const mdFile = path.join(dir, "indexer.md");
  await writeFile(jsonFile, JSON.stringify(json, null, 2) + "\n");
  const md = await format([table, ...notes].join("\n\n"), { parser: "markdown" });
  await writeFile(mdFile, md);
  return { jsonFile, mdFile };
}

/** 12345.6 → "12,346" (or with `digits` decimals). */
export function num(n: number, digits = 0): string {
  return n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
