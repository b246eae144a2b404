// Operator commands: rig register, rig retire, sale open/close, epoch push (from a signed oracle report
// through the epoch funder, or with an amount on deployments without one), proceeds withdraw.
import { readFile } from "node:fs/promises";

import { type Address, getAddress, zeroAddress } from "viem";

import { rewardDistributorAbi } from "../../sdk/abis.js";
import { getProceeds } from "../../sdk/actions/getProceeds.js";
import { getRig } from "../../sdk/actions/getRig.js";
import { getRigs } from "../../sdk/actions/getRigs.js";
import { previewBreakdown } from "../../sdk/actions/previewBreakdown.js";
import { pushEpoch } from "../../sdk/actions/pushEpoch.js";
import { pushEpochWithReport } from "../../sdk/actions/pushEpochWithReport.js";
import { pushReportedEpoch } from "../../sdk/actions/pushReportedEpoch.js";
import { registerRig } from "../../sdk/actions/registerRig.js";
import { retireRig } from "../../sdk/actions/retireRig.js";
import { setSaleOpen } from "../../sdk/actions/setSaleOpen.js";
import { withdrawProceeds } from "../../sdk/actions/withdrawProceeds.js";
import { ALGORITHMS, type AlgorithmName } from "../../sdk/types.js";
import {
  parseAmount,
  parseBps,
  parseCount,
  parseDuration,
  parseHashrate,
  parseId,
  parseReportJson,
  parseSignatures,
  required,
} from "../args.js";
import { type Command, type Options, write } from "../command.js";
import type { Context } from "../context.js";
import { CliError, UsageError } from "../errors.js";
import { amount, details, hashrate, isoTime } from "../format.js";
import { breakdownLines } from "./oracle.js";

const ALGORITHM_NAMES: Record<string, AlgorithmName> = Object.fromEntries(
  ALGORITHMS.flatMap((a) => [
    [a.toLowerCase(), a],
    [a.toLowerCase().replace("sha256", "sha-256"), a],
  ]),
);

export const rigRegister: Command = {
  path: ["rig", "register"],
  usage:
    "--name <name> --algorithm <sha256|scrypt|randomx|ethash|kheavyhash> --hashrate <200T> --power <watts> --shares <n> --price <amount> --payment-token <token> --payout-token <token> [--epoch-length 1d] --max-payout <amount> [--royalty-bps 500]",
  summary: "register a rig (you become its operator; the sale starts closed)",
  options: [
    "name",
    "algorithm",
    "hashrate",
    "power",
    "shares",
    "price",
    "payment-token",
    "payout-token",
    "epoch-length",
    "max-payout",
    "royalty-bps",
  ],
  async run(ctx, args, o) {
    if (args.length > 0) throw new UsageError(`unexpected argument "${args[0]}"`);
    const name = required(o.name as string | undefined, "--name");
    const algorithm = ALGORITHM_NAMES[required(o.algorithm as string | undefined, "--algorithm").toLowerCase()];
    if (!algorithm)
      throw new UsageError(
        `unknown algorithm "${o.algorithm}" (one of ${ALGORITHMS.map((a) => a.toLowerCase()).join(", ")})`,
      );
    const rate = parseHashrate(o.hashrate as string | undefined);
    const powerWatts = Number(parseCount(o.power as string | undefined, "--power"));
    const totalShares = parseCount(o.shares as string | undefined, "--shares");
    const epochLength = parseDuration((o["epoch-length"] as string | undefined) ?? "1d", "--epoch-length");
    const royaltyBps =
      o["royalty-bps"] === undefined ? 0 : parseBps(o["royalty-bps"] as string, "--royalty-bps", 1_000);
    required(o.price as string | undefined, "--price");
    required(o["max-payout"] as string | undefined, "--max-payout");
    const wallet = await ctx.wallet();
    const [payment, payout] = await Promise.all([
      ctx.resolveToken(required(o["payment-token"] as string | undefined, "--payment-token")),
      ctx.resolveToken(required(o["payout-token"] as string | undefined, "--payout-token")),
    ]);
    const pricePerShare = parseAmount(o.price as string, payment.decimals, "--price");
    const maxEpochPayout = parseAmount(o["max-payout"] as string, payout.decimals, "--max-payout");
    const params = {
      name,
      algorithm,
      hashrate: rate,
      powerWatts,
      totalShares,
      pricePerShare,
      paymentToken: payment.address,
      payoutToken: payout.address,
      epochLength,
      maxEpochPayout,
      royaltyBps,
    };
    const result = await write(ctx, { question: `Register rig "${name}"?`, valueMoving: false }, (hooks) =>
      registerRig(wallet, { contracts: ctx.contracts, params, ...hooks }),
    );
    return {
      json: { hash: result.hash, rigId: result.rigId, params },
      human: `registered rig ${result.rigId}: ${name}, ${hashrate(rate)}, ${totalShares} shares at ${amount(pricePerShare, payment.decimals, payment.symbol)} (sale closed: \`rigshare sale open ${result.rigId}\`) (tx ${result.hash})`,
    };
  },
};

export const rigRetire: Command = {
  path: ["rig", "retire"],
  usage: "<rigId>",
  summary: "retire a rig for good (its sale closes; positions keep what was funded)",
  async run(ctx, [id]) {
    const rigId = parseId(id, "rig id");
    const wallet = await ctx.wallet();
    const rig = await getRig(ctx.client, { contracts: ctx.contracts, rigId });
    const result = await write(
      ctx,
      { question: `Retire rig ${rigId} (${rig.name}) for good?`, valueMoving: true },
      (hooks) => retireRig(wallet, { contracts: ctx.contracts, rigId, ...hooks }),
    );
    return { json: { hash: result.hash, rigId }, human: `retired rig ${rigId} (tx ${result.hash})` };
  },
};

function saleCommand(open: boolean): Command {
  return {
    path: ["sale", open ? "open" : "close"],
    usage: "<rigId>",
    summary: open ? "open a rig's primary sale" : "close a rig's primary sale",
    async run(ctx, [id]) {
      const rigId = parseId(id, "rig id");
      const wallet = await ctx.wallet();
      await getRig(ctx.client, { contracts: ctx.contracts, rigId });
      const result = await write(
        ctx,
        { question: `${open ? "Open" : "Close"} the sale of rig ${rigId}?`, valueMoving: false },
        (hooks) => setSaleOpen(wallet, { contracts: ctx.contracts, rigId, open, ...hooks }),
      );
      return {
        json: { hash: result.hash, rigId, saleOpen: open },
        human: `sale of rig ${rigId} ${open ? "opened" : "closed"} (tx ${result.hash})`,
      };
    },
  };
}
export const saleOpen = saleCommand(true);
export const saleClose = saleCommand(false);

/** Reads `--report <file>`: the report and any signatures it carries. */
async function readReport(file: string) {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new UsageError(
      `cannot read report file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  return parseReportJson(text, file);
}

export const epochPush: Command = {
  path: ["epoch", "push"],
  usage: "<rigId> --report <file.json> [--signatures <sig,...>] [--no-approve]   |   <rigId> <amount> [--epoch <n>]",
  summary:
    "fund the rig's next ended epoch: from a signed oracle report through the epoch funder (or, on deployments without one, with <amount>)",
  options: ["epoch", "no-approve", "report", "signatures"],
  async run(ctx, [id, amountText], o) {
    const rigId = parseId(id, "rig id");
    if (o.report !== undefined) return pushWithReport(ctx, rigId, amountText, o);
    if (o.signatures !== undefined) throw new UsageError("--signatures goes with --report <file.json>");
    // Deployments with an epoch funder take epochs from oracle reports only.
    const funder = await ctx.client.readContract({
      address: ctx.contracts.distributor,
      abi: rewardDistributorAbi,
      functionName: "funder",
    });
    if (funder !== zeroAddress)
      throw new CliError(
        `epochs of rig ${rigId} are funded from signed oracle reports on this deployment: run the oracle updater (\`npm run oracle -- --network ${ctx.network}\`), or pass --report <file.json> --signatures <sig,...>`,
      );
    required(amountText, "amount");
    const epoch = o.epoch === undefined ? undefined : parseCount(o.epoch as string, "--epoch", { allowZero: true });
    const wallet = await ctx.wallet();
    const rig = await getRig(ctx.client, { contracts: ctx.contracts, rigId });
    const payout = await ctx.token(rig.payoutToken);
    const value = parseAmount(amountText, payout.decimals, "amount");
    const target = epoch ?? rig.nextEpoch;
    const result = await write(
      ctx,
      {
        question: `Push epoch ${target} of rig ${rigId} with ${amount(value, payout.decimals, payout.symbol)}?`,
        valueMoving: true,
      },
      (hooks) =>
        pushEpoch(wallet, {
          contracts: ctx.contracts,
          rigId,
          amount: value,
          ...(epoch === undefined ? {} : { epoch }),
          approve: o["no-approve"] ? false : "exact",
          ...hooks,
        }),
    );
    return {
      json: {
        hash: result.hash,
        rigId,
        epoch: result.epoch,
        amount: value,
        rateX18: result.rateX18,
        periodEnd: result.periodEnd,
        approvalHash: result.approvalHash,
      },
      human: `pushed epoch ${result.epoch} of rig ${rigId} with ${amount(value, payout.decimals, payout.symbol)}; streaming until ${isoTime(result.periodEnd)} (tx ${result.hash})`,
    };
  },
};

/**
 * `epoch push --report`: with signatures, relays the report and pushes in one transaction
 * (pushEpochWithReport); without, pushes a report the oracle already accepted (the funder's pushEpoch).
 */
async function pushWithReport(ctx: Context, rigId: bigint, amountText: string | undefined, o: Options) {
  if (amountText !== undefined)
    throw new UsageError("with --report the epoch's amount comes from the report: drop the amount");
  if (o.epoch !== undefined) throw new UsageError("with --report the epoch is the report's: drop --epoch");
  const { report, signatures: inFile } = await readReport(o.report as string);
  if (report.rigId !== rigId) throw new UsageError(`the report is for rig ${report.rigId}, not rig ${rigId}`);
  const signatures = o.signatures === undefined ? inFile : parseSignatures(o.signatures as string);
  const wallet = await ctx.wallet();
  const rig = await getRig(ctx.client, { contracts: ctx.contracts, rigId });
  const payout = await ctx.token(rig.payoutToken);
  const preview = await previewBreakdown(ctx.client, { contracts: ctx.contracts, report });
  const a = (v: bigint) => amount(v, payout.decimals, payout.symbol);
  const approve = o["no-approve"] ? false : ("exact" as const);
  const question = `Push epoch ${report.epoch} of rig ${rigId} from its oracle report: gross ${a(preview.gross)}, net ${a(preview.net)} funded by the operator${preview.slaRefund > 0n ? ` + ${a(preview.slaRefund)} SLA refund from the bond` : ""}?`;
  const result = await write(ctx, { question, valueMoving: true }, (hooks) =>
    signatures.length > 0
      ? pushEpochWithReport(wallet, { contracts: ctx.contracts, report, signatures, approve, ...hooks })
      : pushReportedEpoch(wallet, { contracts: ctx.contracts, report, approve, ...hooks }),
  );
  const b = result.breakdown;
  return {
    json: {
      hash: result.hash,
      rigId,
      epoch: result.epoch,
      reportHash: "reportHash" in result ? result.reportHash : undefined,
      breakdown: b,
      streamed: b.net + b.slaRefund,
      approvalHash: result.approvalHash,
      payoutSymbol: payout.symbol,
      payoutDecimals: payout.decimals,
    },
    human: [
      `pushed epoch ${result.epoch} of rig ${rigId} from its oracle report: ${a(b.net + b.slaRefund)} streamed to holders (tx ${result.hash})`,
      details(breakdownLines(b, payout)),
    ].join("\n"),
  };
}

export const proceedsWithdraw: Command = {
  path: ["proceeds", "withdraw"],
  usage: "[token]",
  summary: "withdraw your primary-sale proceeds (default: every payment token of your rigs)",
  async run(ctx, [tokenText]) {
    const wallet = await ctx.wallet();
    const me = wallet.account.address;
    let tokens: Address[];
    if (tokenText !== undefined) tokens = [(await ctx.resolveToken(tokenText)).address];
    else {
      const mine = (await getRigs(ctx.client, { contracts: ctx.contracts })).filter(
        (r) => getAddress(r.operator) === me,
      );
      tokens = [...new Set(mine.map((r) => r.paymentToken))];
    }
    const balances = await Promise.all(
      tokens.map(async (token) => ({
        token,
        meta: await ctx.token(token),
        amount: await getProceeds(ctx.client, { contracts: ctx.contracts, account: me, token }),
      })),
    );
    const due = balances.filter((b) => b.amount > 0n);
    if (due.length === 0) throw new CliError(`nothing to withdraw for ${me}`);
    const total = due.map((b) => amount(b.amount, b.meta.decimals, b.meta.symbol)).join(" + ");
    const withdrawn: { token: Address; symbol: string; amount: bigint; hash: string }[] = [];
    await write(ctx, { question: `Withdraw ${total} of sale proceeds?`, valueMoving: true }, async (hooks) => {
      for (const b of due) {
        const result = await withdrawProceeds(wallet, { contracts: ctx.contracts, token: b.token, ...hooks });
        withdrawn.push({ token: b.token, symbol: b.meta.symbol, amount: result.amount, hash: result.hash });
      }
    });
    return {
      json: { withdrawn },
      human: withdrawn
        .map(
          (w) =>
            `withdrew ${amount(w.amount, due.find((b) => b.token === w.token)!.meta.decimals, w.symbol)} (tx ${w.hash})`,
        )
        .join("\n"),
    };
  },
};
