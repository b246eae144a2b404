// Holder commands: mint, claim, split, merge, burn, transfer. Value-moving ones (mint, claim, burn,
// transfer) ask for confirmation after the pre-flight checks and before the first transaction.
import { getPosition } from "../../sdk/actions/getPosition.js";
import { getPositions } from "../../sdk/actions/getPositions.js";
import { getRig } from "../../sdk/actions/getRig.js";
import { burn as burnAction } from "../../sdk/actions/burn.js";
import { claim as claimAction } from "../../sdk/actions/claim.js";
import { claimBalance } from "../../sdk/actions/claimBalance.js";
import { merge as mergeAction } from "../../sdk/actions/merge.js";
import { mint as mintAction } from "../../sdk/actions/mint.js";
import { split as splitAction } from "../../sdk/actions/split.js";
import { transfer as transferAction } from "../../sdk/actions/transfer.js";
import { parseAddress, parseCount, parseId, parseApproveMode } from "../args.js";
import { loadCursor, saveCursor } from "../cache.js";
import { type Command, write } from "../command.js";
import { CliError, UsageError } from "../errors.js";
import { amount } from "../format.js";

export const mint: Command = {
  path: ["mint"],
  usage: "<rigId> <shares> [--approve-max | --no-approve]",
  summary: "buy shares of a rig's sale (approves the payment token when needed)",
  options: ["approve-max", "no-approve"],
  async run(ctx, [rigText, sharesText], options) {
    const rigId = parseId(rigText, "rig id");
    const shares = parseCount(sharesText, "shares");
    const approve = parseApproveMode(options);
    const wallet = await ctx.wallet();
    const rig = await getRig(ctx.client, { contracts: ctx.contracts, rigId });
    const payment = await ctx.token(rig.paymentToken);
    const cost = amount(shares * rig.pricePerShare, payment.decimals, payment.symbol);
    const result = await write(
      ctx,
      { question: `Mint ${shares} shares of rig ${rigId} (${rig.name}) for ${cost}?`, valueMoving: true },
      (hooks) =>
        mintAction(wallet, {
          contracts: ctx.contracts,
          rigId,
          shares,
          approve,
          ...hooks,
        }),
    );
    return {
      json: {
        hash: result.hash,
        positionId: result.positionId,
        rigId,
        shares,
        cost: result.cost,
        fee: result.fee,
        approvalHash: result.approvalHash,
      },
      human: `minted position ${result.positionId}: ${shares} shares of rig ${rigId} for ${amount(result.cost, payment.decimals, payment.symbol)} (tx ${result.hash})`,
    };
  },
};

export const claim: Command = {
  path: ["claim"],
  usage: "[positionId...] | --balance <token>",
  summary: "claim the rewards of positions (default: all yours), or a settled balance",
  options: ["balance"],
  async run(ctx, ids, options) {
    const wallet = await ctx.wallet();
    if (options.balance !== undefined) {
      if (ids.length > 0) throw new UsageError("give position ids or --balance, not both");
      const token = await ctx.resolveToken(String(options.balance));
      const result = await write(
        ctx,
        { question: `Claim your settled ${token.symbol} balance?`, valueMoving: true },
        (hooks) => claimBalance(wallet, { contracts: ctx.contracts, token: token.address, ...hooks }),
      );
      return {
        json: { hash: result.hash, paid: result.paid, token: token.address, symbol: token.symbol },
        human: `claimed ${amount(result.paid, token.decimals, token.symbol)} (tx ${result.hash})`,
      };
    }
    let positionIds = ids.map((id) => parseId(id, "position id"));
    if (positionIds.length === 0) {
      const cursor = await loadCursor(ctx, wallet.account.address);
      const found = await getPositions(ctx.client, {
        contracts: ctx.contracts,
        account: wallet.account.address,
        ...(cursor ? { cursor } : {}),
        indexer: ctx.indexer,
      });
      await saveCursor(ctx, found.cursor);
      positionIds = found.positions.map((p) => p.positionId);
      if (positionIds.length === 0)
        throw new CliError(
          `${wallet.account.address} holds no positions (for a settled balance: claim --balance <token>)`,
        );
    } else {
      // Unknown ids fail here, before anything is asked or sent.
      await Promise.all(
        positionIds.map((positionId) => getPosition(ctx.client, { contracts: ctx.contracts, positionId })),
      );
    }
    const result = await write(
      ctx,
      {
        question: `Claim the rewards of position${positionIds.length > 1 ? "s" : ""} ${positionIds.join(", ")}?`,
        valueMoving: true,
      },
      (hooks) => claimAction(wallet, { contracts: ctx.contracts, positionIds, ...hooks }),
    );
    const paid = await Promise.all(
      result.paidByToken.map(async (p) => {
        const meta = await ctx.token(p.token);
        return { ...p, symbol: meta.symbol, decimals: meta.decimals };
      }),
    );
    return {
      json: { hash: result.hash, positionIds, paid: result.paid, paidByToken: paid },
      human:
        paid.length === 0
          ? `nothing to pay yet; positions ${positionIds.join(", ")} settled (tx ${result.hash})`
          : `claimed ${paid.map((p) => amount(p.amount, p.decimals, p.symbol)).join(" + ")} (tx ${result.hash})`,
    };
  },
};

export const split: Command = {
  path: ["split"],
  usage: "<positionId> <shares>",
  summary: "move shares of a position into a new position",
  async run(ctx, [idText, sharesText]) {
    const positionId = parseId(idText, "position id");
    const shares = parseCount(sharesText, "shares");
    const wallet = await ctx.wallet();
    const position = await getPosition(ctx.client, { contracts: ctx.contracts, positionId });
    if (shares >= position.shares)
      throw new CliError(`position ${positionId} holds ${position.shares} shares: split off fewer than that`);
    const result = await write(
      ctx,
      { question: `Split ${shares} shares off position ${positionId}?`, valueMoving: false },
      (hooks) => splitAction(wallet, { contracts: ctx.contracts, positionId, shares, ...hooks }),
    );
    return {
      json: { hash: result.hash, positionId, newPositionId: result.newPositionId, shares },
      human: `split ${shares} shares off position ${positionId} into position ${result.newPositionId} (tx ${result.hash})`,
    };
  },
};

export const merge: Command = {
  path: ["merge"],
  usage: "<keptId> <burnedId>",
  summary: "merge a position into another of the same rig",
  async run(ctx, [keptText, burnedText]) {
    const keptId = parseId(keptText, "kept position id");
    const burnedId = parseId(burnedText, "merged position id");
    const wallet = await ctx.wallet();
    await Promise.all(
      [keptId, burnedId].map((positionId) => getPosition(ctx.client, { contracts: ctx.contracts, positionId })),
    );
    const result = await write(
      ctx,
      { question: `Merge position ${burnedId} into ${keptId}?`, valueMoving: false },
      (hooks) => mergeAction(wallet, { contracts: ctx.contracts, keptId, burnedId, ...hooks }),
    );
    return {
      json: { hash: result.hash, keptId, burnedId },
      human: `merged position ${burnedId} into ${keptId} (tx ${result.hash})`,
    };
  },
};

export const burn: Command = {
  path: ["burn"],
  usage: "<positionId>",
  summary: "burn a position (its accrued rewards stay claimable with claim --balance)",
  async run(ctx, [idText]) {
    const positionId = parseId(idText, "position id");
    const wallet = await ctx.wallet();
    const position = await getPosition(ctx.client, { contracts: ctx.contracts, positionId });
    const result = await write(
      ctx,
      {
        question: `Burn position ${positionId} (${position.shares} shares of rig ${position.rigId})?`,
        valueMoving: true,
      },
      (hooks) => burnAction(wallet, { contracts: ctx.contracts, positionId, ...hooks }),
    );
    return { json: { hash: result.hash, positionId }, human: `burned position ${positionId} (tx ${result.hash})` };
  },
};

export const transfer: Command = {
  path: ["transfer"],
  usage: "<positionId> <to>",
  summary: "send a position (what it accrued so far stays yours)",
  async run(ctx, [idText, toText]) {
    const positionId = parseId(idText, "position id");
    const to = parseAddress(toText, "receiver");
    const wallet = await ctx.wallet();
    const position = await getPosition(ctx.client, { contracts: ctx.contracts, positionId });
    const result = await write(
      ctx,
      {
        question: `Transfer position ${positionId} (${position.shares} shares of rig ${position.rigId}) to ${to}?`,
        valueMoving: true,
      },
      (hooks) => transferAction(wallet, { contracts: ctx.contracts, positionId, to, ...hooks }),
    );
    return {
      json: { hash: result.hash, positionId, from: position.owner, to },
      human: `transferred position ${positionId} to ${to} (tx ${result.hash})`,
    };
  },
};
