// rigshare: command-line client of the Rigshare protocol (see `rigshare help`). Parses the command line
// once, resolves the network, address book and account (cli/context.ts), runs one command and prints a
// human table or, with --json, one JSON document on stdout. Errors are one line on stderr (and a JSON
// `{ "error": … }` on stdout with --json); exit codes: 0 success, 1 failure, 2 bad usage.
import { parseArgs } from "node:util";

import { BaseError, HttpRequestError, TimeoutError } from "viem";

import { InvalidDecimalError } from "../sdk/decimal.js";
import { RigshareError } from "../sdk/errors.js";
import type { Command, Options } from "./command.js";
import { exportCommand } from "./commands/export.js";
import { burn, claim, merge, mint, split, transfer } from "./commands/holder.js";
import {
  buy,
  cancel,
  list,
  listingBuy,
  listingCancel,
  listingSign,
  marketWithdraw,
  offerCancel,
  offerCreate,
  offerFill,
  orderCancelAll,
  orderStatus,
  orders,
  rentList,
  rentTake,
} from "./commands/market.js";
import { epochPush, proceedsWithdraw, rigRegister, rigRetire, saleClose, saleOpen } from "./commands/operator.js";
import {
  backupDeclare,
  backupOff,
  backupOn,
  bondDeposit,
  bondRequest,
  bondWithdraw,
  oracleStatus,
  termsConfigure,
  termsPropose,
  termsShow,
} from "./commands/oracle.js";
import { deployInfo, positions, rig, rigs, roi } from "./commands/read.js";
import { type Context, type GlobalOptions, NETWORKS, createContext } from "./context.js";
import { CliError, UsageError } from "./errors.js";
import { toJson } from "./format.js";
import { AbortedError } from "./io.js";

const COMMANDS: Command[] = [
  rigs,
  rigRegister,
  rigRetire,
  rig,
  roi,
  mint,
  positions,
  claim,
  split,
  merge,
  burn,
  transfer,
  list,
  buy,
  cancel,
  listingSign,
  listingBuy,
  listingCancel,
  offerCreate,
  offerFill,
  offerCancel,
  orderStatus,
  orders,
  orderCancelAll,
  rentList,
  rentTake,
  marketWithdraw,
  saleOpen,
  saleClose,
  epochPush,
  proceedsWithdraw,
  termsShow,
  termsConfigure,
  termsPropose,
  bondDeposit,
  bondRequest,
  bondWithdraw,
  backupDeclare,
  backupOn,
  backupOff,
  oracleStatus,
  exportCommand,
  deployInfo,
];

const GLOBAL_OPTIONS = {
  network: { type: "string", short: "n" },
  "rpc-url": { type: "string" },
  indexer: { type: "string" },
  relay: { type: "string" },
  "account-index": { type: "string" },
  json: { type: "boolean" },
  yes: { type: "boolean", short: "y" },
  help: { type: "boolean", short: "h" },
} as const;
const BOOLEAN_OPTIONS = new Set(["no-cache", "approve-max", "no-approve", "csv"]);

function help(): string {
  const lines = COMMANDS.map((c) => `  rigshare ${[...c.path, c.usage].filter(Boolean).join(" ")}\n      ${c.summary}`);
  return [
    "usage: rigshare <command> [options]",
    "",
    "commands:",
    ...lines,
    "",
    "global options:",
    `  -n, --network <name>    ${Object.keys(NETWORKS).join(" | ")} (default localhost); reads deployments/<chainId>.json`,
    "      --rpc-url <url>     RPC endpoint (default: the network's; env RIGSHARE_RPC_URL)",
    "      --indexer <url>     the indexer: positions and history from it, only newer blocks scanned (env",
    "                          RIGSHARE_INDEXER_URL; default none: log scans through the RPC)",
    "      --relay <url>       the order relay (env RIGSHARE_RELAY_URL; default: the indexer's /orders)",
    "      --account-index <n> Hardhat test account n (local chains only); otherwise env RIGSHARE_PRIVATE_KEY",
    "                          or the network's keystore key (SEPOLIA_PRIVATE_KEY)",
    "      --json              machine-readable output (amounts in base units, as strings)",
    "  -y, --yes               skip the confirmation of value-moving commands (required without a terminal)",

    "exit codes: 0 success, 1 failure (nothing sent unless the output says so), 2 bad usage",
  ].join("\n");
}

function parse(argv: string[]) {
  const commandOptions = Object.fromEntries(
    [...new Set(COMMANDS.flatMap((c) => c.options ?? []))].map((name) => [
      name,
      { type: BOOLEAN_OPTIONS.has(name) ? "boolean" : "string" } as const,
    ]),
  );
  try {
    return parseArgs({
      args: argv,
      options: { ...GLOBAL_OPTIONS, ...commandOptions },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    const message = (e as Error).message;
    const negative = /'(-\d[\d.]*)'/.exec(message);
    if (negative) throw new UsageError(`invalid value ${negative[1]}: negative numbers are not allowed`);
    throw new UsageError(message.split("\n")[0].replace(/\. To specify a positional argument.*$/, ""));
  }
}

function findCommand(positionals: string[]): { command: Command; args: string[] } {
  const matches = COMMANDS.filter((c) => c.path.every((word, i) => positionals[i] === word)).sort(
    (a, b) => b.path.length - a.path.length,
  );
  if (matches.length > 0) return { command: matches[0], args: positionals.slice(matches[0].path.length) };
  const word = positionals[0];
  throw new UsageError(
    word === undefined
      ? "missing command (rigshare help)"
      : `unknown command "${positionals.join(" ")}" (rigshare help)`,
  );
}

function describe(error: unknown): { message: string; code: number; name: string } {
  if (error instanceof UsageError) return { message: error.message, code: 2, name: error.name };
  if (error instanceof InvalidDecimalError) return { message: error.message, code: 2, name: error.name };
  if (error instanceof CliError || error instanceof AbortedError)
    return { message: error.message, code: 1, name: error.name };
  if (error instanceof RigshareError) return { message: error.shortMessage, code: 1, name: error.name };
  if (error instanceof BaseError) {
    const unreachable = error.walk((e) => e instanceof HttpRequestError || e instanceof TimeoutError);
    if (unreachable)
      return {
        message: `cannot reach the RPC: ${(unreachable as BaseError).shortMessage}`,
        code: 1,
        name: "RpcUnreachableError",
      };
    return { message: error.shortMessage.split("\n")[0], code: 1, name: error.name };
  }
  return {
    message: (error as Error)?.message?.split("\n")[0] ?? String(error),
    code: 1,
    name: (error as Error)?.name ?? "Error",
  };
}

async function main(argv: string[]): Promise<number> {
  let json = argv.includes("--json");
  try {
    const { values, positionals } = parse(argv);
    json = values.json === true;
    if (values.help || positionals[0] === "help" || positionals.length === 0) {
      process.stdout.write(`${help()}\n`);
      return positionals.length === 0 && !values.help ? 2 : 0;
    }
    const { command, args } = findCommand(positionals);
    const allowed = new Set([...Object.keys(GLOBAL_OPTIONS), ...(command.options ?? [])]);
    for (const name of Object.keys(values)) {
      if (!allowed.has(name)) throw new UsageError(`option --${name} does not apply to \`${command.path.join(" ")}\``);
    }
    const accountIndex = values["account-index"] === undefined ? undefined : Number(values["account-index"]);
    if (accountIndex !== undefined && (!Number.isSafeInteger(accountIndex) || accountIndex < 0))
      throw new UsageError("--account-index must be a whole number");
    const options: GlobalOptions = {
      network: values.network ?? "localhost",
      ...(values["rpc-url"] ? { rpcUrl: values["rpc-url"] } : {}),
      ...(values.indexer ? { indexerUrl: values.indexer } : {}),
      ...(values.relay ? { relayUrl: values.relay } : {}),
      json,
      yes: values.yes === true,
      ...(accountIndex === undefined ? {} : { accountIndex }),
    };
    const ctx: Context = await createContext(options);
    for (const warning of ctx.warnings) process.stderr.write(`${warning}\n`);
    const output = await command.run(ctx, args, values as Options);
    const text = json ? toJson(output.json) : output.human;
    // The CSV export ends with its own line end (CRLF): no second one.
    process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
    return 0;
  } catch (error) {
    const { message, code, name } = describe(error);
    if (process.env.RIGSHARE_DEBUG) console.error(error);
    process.stderr.write(`rigshare: ${message}\n`);
    if (json) process.stdout.write(`${toJson({ error: { name, message, exitCode: code } })}\n`);
    return code;
  }
}

process.exitCode = await main(process.argv.slice(2));
