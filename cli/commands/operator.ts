// Operator commands: rig register, rig retire, sale open/close, epoch push, proceeds withdraw.
import { type Address, getAddress } from "viem";

import { getProceeds } from "../../sdk/actions/getProceeds.js";
import { getRig } from "../../sdk/actions/getRig.js";
import { getRigs } from "../../sdk/actions/getRigs.js";
import { pushEpoch } from "../../sdk/actions/pushEpoch.js";
import { registerRig } from "../../sdk/actions/registerRig.js";
import { retireRig } from "../../sdk/actions/retireRig.js";
import { setSaleOpen } from "../../sdk/actions/setSaleOpen.js";
import { withdrawProceeds } from "../../sdk/actions/withdrawProceeds.js";
import { ALGORITHMS, type AlgorithmName } from "../../sdk/types.js";
import { parseAmount, parseBps, parseCount, parseDuration, parseHashrate, parseId, required } from "../args.js";
import { type Command, write } from "../command.js";
import { CliError, UsageError } from "../errors.js";
import { amount, hashrate, isoTime } from "../format.js";

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

export const epochPush: Command = {
  path: ["epoch", "push"],
  usage: "<rigId> <amount> [--epoch <n>] [--no-approve]",
  summary: "fund the rig's next ended epoch with <amount> of its payout token",
  options: ["epoch", "no-approve"],
  async run(ctx, [id, amountText], o) {
    const rigId = parseId(id, "rig id");
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
