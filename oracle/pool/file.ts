// FilePoolAdapter: telemetry exported to files (a pool's CSV download, or a collector that appends to
// them). Files are re-read on every call, so an exporter can keep appending.
//   hashrate  "{worker}"-templated path; CSV `t,hashrate[,unit]` or JSON `{ unit?, interval?, samples: [{ t, hashrate }] }`
//   earnings  CSV `date,amount[,account]` or JSON `{ earnings: [{ date, amount, account? }] }` / a bare array
// Paths are relative to the config file. A missing earnings row means "not published yet".
import { readFile } from "node:fs/promises";
import path from "node:path";

import { PoolDataError, PoolDataNotReadyError, PoolUnreachableError } from "../errors.js";
import { parseJsonExact } from "../units.js";
import { earningsToBase, parseCsv, parseEarningsRecords, parseSeries } from "./parse.js";
import type { FilePoolConfig, PoolAdapter, SampleSeries } from "./types.js";

export class FilePoolAdapter implements PoolAdapter {
  constructor(
    readonly name: string,
    readonly config: FilePoolConfig,
    private readonly baseDir: string = process.cwd(),
  ) {}

  async hashrateSamples(worker: string, from: number, to: number): Promise<SampleSeries> {
    const file = this.resolve(this.config.hashrate.replaceAll("{worker}", worker));
    const text = await this.read(file);
    const where = `pool ${this.name} ${path.basename(file)}`;
    const series = file.endsWith(".csv")
      ? parseSeries({ samples: parseCsv(text, where) }, this.config.hashrateUnit, where)
      : parseSeries(this.json(text, where), this.config.hashrateUnit, where);
    return { ...series, samples: series.samples.filter((s) => s.t >= from && s.t < to) };
  }

  async dailyEarnings(date: string, decimals: number, account?: string): Promise<bigint> {
    const file = this.resolve(this.config.earnings);
    const text = await this.read(file);
    const where = `pool ${this.name} ${path.basename(file)}`;
    const records = file.endsWith(".csv") ? parseCsv(text, where) : parseEarningsRecords(this.json(text, where), where);
    const rows = records.filter(
      (r) => r.date === date && (account === undefined || (r.account ?? account) === account),
    );
    if (rows.length === 0) throw new PoolDataNotReadyError(`pool ${this.name}: earnings of ${date} not published yet`);
    if (rows.length > 1)
      throw new PoolDataError(`${where}: ${rows.length} earnings rows for ${date}${account ? ` (${account})` : ""}`);
    return earningsToBase(rows[0].amount, this.config.earningsUnit, decimals, `${where} earnings of ${date}`);
  }

  async ping(): Promise<void> {
    await this.read(this.resolve(this.config.earnings));
  }

  private resolve(file: string): string {
    return path.resolve(this.baseDir, file);
  }

  private async read(file: string): Promise<string> {
    try {
      return await readFile(file, "utf8");
    } catch (error) {
      throw new PoolUnreachableError(
        `pool ${this.name}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? "error"})`,
      );
    }
  }

  private json(text: string, where: string): unknown {
    try {
      return parseJsonExact(text);
    } catch {
      throw new PoolDataError(`${where}: not valid JSON`);
    }
  }
}
