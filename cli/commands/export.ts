// export --csv: an account's rewards as CSV (sdk/export.ts), for taxes: per position, each credit
// (exact), each claim with its transaction (exact) and each epoch held (pro-rata, informational), with a
// value column at a coin price the user gives. Written to stdout, or to --out <file>.
import { writeFile } from "node:fs/promises";

import { exportCsv, exportFileName } from "../../sdk/export.js";
import { parseAddress, parseId } from "../args.js";
import type { Command } from "../command.js";
import { UsageError } from "../errors.js";
import { amount } from "../format.js";

export const exportCommand: Command = {
  path: ["export"],
  usage: "--csv [--account <address>] [--position <id>] [--coin-price <p>] [--currency <code>] [--out <file>]",
  summary: "an account's rewards (default: yours) as CSV: credits, claims and epochs per position",
  options: ["csv", "account", "position", "coin-price", "currency", "out"],
  async run(ctx, args, options) {
    if (options.csv !== true) throw new UsageError("give --csv (the only export format)");
    if (args.length > 0) throw new UsageError(`unexpected argument "${args[0]}"`);
    const account =
      options.account !== undefined
        ? parseAddress(String(options.account), "account")
        : (await ctx.wallet()).account.address;
    const positionId = options.position !== undefined ? parseId(String(options.position), "position id") : undefined;
    const coinPrice = options["coin-price"] !== undefined ? String(options["coin-price"]) : undefined;
    const currency = options.currency !== undefined ? String(options.currency) : "USD";
    if (!/^[A-Za-z0-9$€£¥._-]{1,12}$/.test(currency)) throw new UsageError(`invalid currency "${currency}"`);
    const result = await exportCsv(ctx.client, {
      contracts: ctx.contracts,
      account,
      ...(positionId !== undefined ? { positionId } : {}),
      ...(coinPrice !== undefined ? { coinPrice } : {}),
      currency,
      indexer: ctx.indexer,
    });
    const totals = result.history.totals.map((t) => ({
      token: t.token,
      symbol: result.tokens[t.token]?.symbol ?? "",
      credited: t.credited,
      claimed: t.claimed,
    }));
    const out = options.out !== undefined ? String(options.out) : undefined;
    if (out !== undefined) await writeFile(out, result.csv);
    const summary = totals
      .map((t) => {
        const decimals = result.tokens[t.token]?.decimals ?? 0;
        return `${t.symbol}: credited ${amount(t.credited, decimals, t.symbol)}, claimed ${amount(t.claimed, decimals, t.symbol)}`;
      })
      .join("; ");
    return {
      json: {
        account,
        blockNumber: result.history.blockNumber,
        rows: result.history.entries.length,
        totals,
        ...(out !== undefined ? { out } : { csv: result.csv }),
      },
      human:
        out !== undefined
          ? `wrote ${result.history.entries.length} rows for ${account} to ${out} (suggested name ${exportFileName(account)})${summary ? `: ${summary}` : ""}`
          : result.csv,
    };
  },
};
