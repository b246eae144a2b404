// The CSV export of an account's rewards (issue 13): one row per credit, payment and held epoch, from
// getAccountHistory. Amounts are decimal strings in token units (exact: base units / 10^decimals, never a
// float); dates ISO 8601 in UTC; the value column is amount × the coin price the user entered, in exact
// decimal arithmetic (nothing rounded). RFC 4180 quoting (sdk/csv.ts).
//
// Rows (`type`):
//   settled       a PositionSettled credit to the claimable balance: `credited` exact
//   claim-direct  the part of a claim paid straight from the positions it settled: `credited` exact
//   claim         a RewardsClaimed payment (the token transfer to the account): `claimed` exact
//   epoch         informational: a rig epoch while the account held the position, the rig's breakdown
//                 scaled by shares / rig shares at the push, each column rounded down like the contract
// Σ credited = Σ claimed + claimableBalance; Σ claimed = the distributor's transfers to the account.
import { type Address, erc20Abi } from "viem";
import { readContract } from "viem/actions";

import {
  type GetAccountHistoryParameters,
  type GetAccountHistoryReturnType,
  type HistoryEntry,
  getAccountHistory,
} from "./actions/getAccountHistory.js";
import { toCsv } from "./csv.js";
import { formatDecimal, parseDecimal } from "./decimal.js";
import { read } from "./internal/send.js";
import { POSITION_STRIDE } from "./positionId.js";
import type { ReadClient } from "./types.js";

/** Decimals the coin price may carry (more are rejected). */
const PRICE_DECIMALS = 18;

export type ExportCsvParameters = GetAccountHistoryParameters & {
  /** Price of one coin of the payout token, as the user typed it (e.g. "97000.50"); no value column without it. */
  coinPrice?: string;
  /** Currency of the price, for the column header (default "USD"). */
  currency?: string;
};

export type ExportCsvReturnType = {
  csv: string;
  history: GetAccountHistoryReturnType;
  tokens: Record<Address, { symbol: string; decimals: number }>;
};

export const EXPORT_COLUMNS = [
  "date (UTC)",
  "type",
  "account",
  "position",
  "rig",
  "epoch",
  "shares",
  "rig shares",
  "gross (pro-rata, informational)",
  "electricity (pro-rata, informational)",
  "fee (pro-rata, informational)",
  "fee debt carried out (pro-rata, informational)",
  "SLA refund (pro-rata, informational)",
  "net (pro-rata, informational)",
  "credited (exact)",
  "claimed (exact)",
  "token",
  "transaction",
] as const;

/** The value column's header for `coinPrice` in `currency`. */
export function valueColumn(coinPrice: string, currency = "USD"): string {
  return `value at ${coinPrice.trim()} ${currency} per coin`;
}

/** `amount` base units of a `decimals` token at `price` (scaled by 10^PRICE_DECIMALS): exact decimal text. */
function valueOf(amount: bigint, decimals: number, price: bigint): string {
  return formatDecimal(amount * price, decimals + PRICE_DECIMALS);
}

/** The account's history as CSV text (header first). */
export async function exportCsv(client: ReadClient, parameters: ExportCsvParameters): Promise<ExportCsvReturnType> {
  // A bad price fails before any read.
  if (parameters.coinPrice !== undefined && parameters.coinPrice.trim() !== "")
    parseDecimal(parameters.coinPrice, PRICE_DECIMALS);
  const history = await getAccountHistory(client, parameters);
  const tokens: ExportCsvReturnType["tokens"] = {};
  const addresses = [...new Set(history.entries.map((e) => e.token))];
  await Promise.all(
    addresses.map(async (address) => {
      const [symbol, decimals] = await read(() =>
        Promise.all([
          readContract(client, { address, abi: erc20Abi, functionName: "symbol" }),
          readContract(client, { address, abi: erc20Abi, functionName: "decimals" }),
        ]),
      );
      tokens[address] = { symbol, decimals };
    }),
  );
  return { csv: historyCsv(history, tokens, parameters.coinPrice, parameters.currency), history, tokens };
}

/** CSV of a history already read (the app formats what it read itself). */
export function historyCsv(
  history: GetAccountHistoryReturnType,
  tokens: Record<Address, { symbol: string; decimals: number }>,
  coinPrice?: string,
  currency = "USD",
): string {
  const price =
    coinPrice === undefined || coinPrice.trim() === "" ? undefined : parseDecimal(coinPrice, PRICE_DECIMALS);
  const header: string[] = [...EXPORT_COLUMNS];
  if (price !== undefined) header.push(valueColumn(coinPrice!, currency));
  const rows = history.entries.map((e) => row(history.account, e, tokens[e.token]!, price));
  return toCsv([header, ...rows]);
}

function row(account: Address, e: HistoryEntry, token: { symbol: string; decimals: number }, price?: bigint): string[] {
  const amount = (v: bigint) => formatDecimal(v, token.decimals);
  const date = new Date(Number(e.timestamp) * 1000).toISOString();
  const blank = ["", "", "", "", "", ""];
  let cells: string[];
  let valued: bigint | undefined;
  switch (e.kind) {
    case "epoch":
      cells = [
        date,
        "epoch",
        account,
        e.positionId.toString(),
        e.rigId.toString(),
        e.epoch.toString(),
        e.shares.toString(),
        e.rigShares.toString(),
        amount(e.part.gross),
        amount(e.part.electricity),
        amount(e.part.serviceFee),
        amount(e.part.debtOut),
        amount(e.part.slaRefund),
        amount(e.part.net),
        "",
        "",
      ];
      valued = e.part.net;
      break;
    case "settled":
      cells = [
        date,
        "settled",
        account,
        e.positionId.toString(),
        e.rigId.toString(),
        "",
        "",
        "",
        ...blank,
        amount(e.amount),
        "",
      ];
      valued = e.amount;
      break;
    case "claimDirect":
      cells = [
        date,
        "claim-direct",
        account,
        e.positionIds.join(" "),
        rigsOf(e.positionIds),
        "",
        "",
        "",
        ...blank,
        amount(e.amount),
        "",
      ];
      valued = e.amount;
      break;
    case "claim":
      cells = [
        date,
        "claim",
        account,
        e.positionIds.join(" "),
        rigsOf(e.positionIds),
        "",
        "",
        "",
        ...blank,
        "",
        amount(e.amount),
      ];
      valued = undefined;
      break;
  }
  cells.push(token.symbol, e.transactionHash);
  if (price !== undefined) cells.push(valued === undefined ? "" : valueOf(valued, token.decimals, price));
  return cells;
}

function rigsOf(positionIds: bigint[]): string {
  return [...new Set(positionIds.map((id) => (id / POSITION_STRIDE).toString()))].join(" ");
}

/** A file name for the export: rigshare-<account>-<YYYY-MM-DD>.csv (the date in UTC). */
export function exportFileName(account: Address, at: Date = new Date()): string {
  return `rigshare-${account.toLowerCase()}-${at.toISOString().slice(0, 10)}.csv`;
}
