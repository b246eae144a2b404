// Market commands: list / buy / cancel (on-chain listings), listing sign|buy|cancel (EIP-712 signed
// listings, gasless for the seller) and offer create|fill|cancel (EIP-712 offers), both kept in a JSON
// order file (cli/orderFile.ts), order status|cancel-all (any signed order), rent list|take (rentals),
// market withdraw (proceeds). Every check the SDK can make runs before the confirmation (stale, cancelled
// or expired order, price above --max-price, wrong rig, balance and allowance), so a bad input is a
// one-line error with nothing sent.
import { constants } from "node:fs";
import { access, writeFile } from "node:fs/promises";
import path from "node:path";

import { type Address, type Hash, type Hex, getAddress } from "viem";

import { shareMarketAbi } from "../../sdk/abis.js";
import { buyShares } from "../../sdk/actions/buyShares.js";
import { buySignedListing } from "../../sdk/actions/buySignedListing.js";
import { cancelListing } from "../../sdk/actions/cancelListing.js";
import { cancelOrder } from "../../sdk/actions/cancelOrder.js";
import { fillOffer } from "../../sdk/actions/fillOffer.js";
import { getListing } from "../../sdk/actions/getListing.js";
import { getMarketFee } from "../../sdk/actions/getMarketFee.js";
import { getOrderState } from "../../sdk/actions/getOrderState.js";
import { getRentalListing } from "../../sdk/actions/getRentalListing.js";
import { getRig } from "../../sdk/actions/getRig.js";
import { incrementCounter } from "../../sdk/actions/incrementCounter.js";
import { listForRent } from "../../sdk/actions/listForRent.js";
import { listPosition } from "../../sdk/actions/listPosition.js";
import { rentPosition } from "../../sdk/actions/rentPosition.js";
import { signListing } from "../../sdk/actions/signListing.js";
import { signOffer } from "../../sdk/actions/signOffer.js";
import { getMarketProceeds, withdrawMarketProceeds } from "../../sdk/actions/withdrawMarketProceeds.js";
import { formatDecimal } from "../../sdk/decimal.js";
import { MarketNoListingError, MissingContractError } from "../../sdk/errors.js";
import { decodePositionId } from "../../sdk/positionId.js";
import { type RelayOrder, type RelayOrderStatus, getOrders, submitOrder } from "../../sdk/relay.js";
import { parseAmount, parseCount, parseDuration, parseId, required, parseApproveMode } from "../args.js";
import { type Command, write } from "../command.js";
import type { Context, TokenMeta } from "../context.js";
import { CliError, UsageError } from "../errors.js";
import { amount, details, isoTime } from "../format.js";
import { type OrderFile, type OrderKind, encodeOrderFile, orderFileJson, readOrderFile } from "../orderFile.js";

async function now(ctx: Context): Promise<bigint> {
  return (await ctx.client.getBlock({ blockTag: "latest" })).timestamp;
}

/** The payment token: --token, else the rig's own payment token. */
async function paymentToken(ctx: Context, rigId: bigint, tokenText: unknown): Promise<TokenMeta> {
  if (tokenText !== undefined) return ctx.resolveToken(String(tokenText));
  const rig = await getRig(ctx.client, { contracts: ctx.contracts, rigId });
  return ctx.token(rig.paymentToken);
}

/**
 * The market fee a maker pays out of its proceeds, for the confirmation of a listing: and, when the admin
 * scheduled an increase (it applies only after ShareMarket.FEE_INCREASE_DELAY), when it comes.
 */
async function feeNote(ctx: Context): Promise<string> {
  const fee = await getMarketFee(ctx.client, { contracts: ctx.contracts });
  const pct = (bps: bigint) => `${formatDecimal(bps, 2)}%`;
  const coming = fee.pending
    ? `; it rises to ${pct(fee.pending.feeBps)} from ${isoTime(fee.pending.effectiveAt)} — fills from then pay it`
    : "";
  return `market fee ${pct(fee.feeBps)} of each fill, from your proceeds${coming}`;
}

/** The terms of a listing (`list`, `listing sign`): position, smallest fill, price and expiry, and the wallet. */
async function listingTerms(ctx: Context, idText: string | undefined, options: Record<string, unknown>) {
  const positionId = parseId(idText, "position id");
  const minFill = options["min-fill"] === undefined ? 1n : parseCount(String(options["min-fill"]), "--min-fill");
  const lifetime = BigInt(parseDuration(options.expiry === undefined ? "7d" : String(options.expiry), "--expiry"));
  const wallet = await ctx.wallet();
  const token = await paymentToken(ctx, decodePositionId(positionId).rigId, options.token);
  const price = parseAmount(required(options.price as string | undefined, "--price"), token.decimals, "--price");
  if (price === 0n) throw new UsageError("--price must be positive");
  const expiry = (await now(ctx)) + lifetime;
  const label = `${amount(price, token.decimals, token.symbol)} a share`;
  return { positionId, minFill, wallet, token, price, expiry, label };
}

export const list: Command = {
  path: ["list"],
  usage: "<positionId> --price <perShare> [--min-fill <shares>] [--expiry <duration>] [--token <token>]",
  summary: "list a position on the market (approves the market for your positions when needed)",
  options: ["price", "min-fill", "expiry", "token"],
  async run(ctx, [idText], options) {
    const { positionId, minFill, wallet, token, price, expiry, label } = await listingTerms(ctx, idText, options);
    const result = await write(
      ctx,
      {
        question: `List position ${positionId} at ${label} until ${isoTime(expiry)} (${await feeNote(ctx)})?`,
        valueMoving: true,
      },
      (hooks) =>
        listPosition(wallet, {
          contracts: ctx.contracts,
          positionId,
          paymentToken: token.address,
          pricePerShare: price,
          minFill,
          expiry,
          ...hooks,
        }),
    );
    return {
      json: { hash: result.hash, positionId, pricePerShare: price, token: token.address, minFill, expiry },
      human: `listed position ${positionId} at ${label} (min fill ${minFill}) until ${isoTime(expiry)} (tx ${result.hash})`,
    };
  },
};

export const buy: Command = {
  path: ["buy"],
  usage: "<positionId> <shares> [--max-price <perShare>] [--approve-max | --no-approve]",
  summary: "buy shares of a listed position (default limit: the listed price)",
  options: ["max-price", "approve-max", "no-approve"],
  async run(ctx, [idText, sharesText], options) {
    const positionId = parseId(idText, "position id");
    const shares = parseCount(sharesText, "shares");
    const approve = parseApproveMode(options);
    const wallet = await ctx.wallet();
    const listing = await getListing(ctx.client, { contracts: ctx.contracts, positionId });
    if (listing.status === "none") throw new MarketNoListingError({ positionId });
    const token = await ctx.token(listing.paymentToken);
    const maxPrice =
      options["max-price"] === undefined
        ? undefined
        : parseAmount(String(options["max-price"]), token.decimals, "--max-price");
    const cost = amount(shares * listing.pricePerShare, token.decimals, token.symbol);
    const result = await write(
      ctx,
      { question: `Buy ${shares} shares of position ${positionId} for ${cost}?`, valueMoving: true },
      (hooks) =>
        buyShares(wallet, {
          contracts: ctx.contracts,
          positionId,
          shares,
          ...(maxPrice === undefined ? {} : { maxPricePerShare: maxPrice }),
          approve,
          ...hooks,
        }),
    );
    return bought(result, shares, token);
  },
};

/** What `buy` and `listing buy` print: the position bought and what it cost. */
function bought(
  result: { hash: Hash; boughtId: bigint; price: bigint; royalty: bigint; fee: bigint; approvalHash?: Hash },
  shares: bigint,
  token: { decimals: number; symbol: string },
) {
  return {
    json: {
      hash: result.hash,
      positionId: result.boughtId,
      shares,
      price: result.price,
      royalty: result.royalty,
      fee: result.fee,
      approvalHash: result.approvalHash,
    },
    human: `bought position ${result.boughtId}: ${shares} shares for ${amount(result.price, token.decimals, token.symbol)} (tx ${result.hash})`,
  };
}

export const cancel: Command = {
  path: ["cancel"],
  usage: "<positionId>",
  summary: "cancel your listing of a position",
  async run(ctx, [idText]) {
    const positionId = parseId(idText, "position id");
    const wallet = await ctx.wallet();
    const listing = await getListing(ctx.client, { contracts: ctx.contracts, positionId });
    if (listing.status === "none" || listing.seller !== getAddress(wallet.account.address))
      throw new MarketNoListingError({ positionId });
    const result = await write(ctx, { question: `Cancel the listing of ${positionId}?`, valueMoving: false }, (hooks) =>
      cancelListing(wallet, { contracts: ctx.contracts, positionId, ...hooks }),
    );
    return {
      json: { hash: result.hash, positionId },
      human: `cancelled the listing of ${positionId} (tx ${result.hash})`,
    };
  },
};

// ─────────────────────── signed orders: shared pieces ───────────────────────

/**
 * Reads an order file (cli/orderFile.ts) of `kind` (any kind when omitted) and checks it was signed for
 * this network's market, when the file says which.
 */
async function loadOrder<K extends OrderKind = OrderKind>(
  ctx: Context,
  name: string | undefined,
  kind?: K,
): Promise<Extract<OrderFile, { kind: K }>> {
  const file = await readOrderFile(name, kind);
  const market = ctx.contracts.market;
  if (
    (file.chainId !== undefined && file.chainId !== ctx.chainId) ||
    (file.market !== undefined && market !== undefined && file.market !== getAddress(market))
  )
    throw new CliError(
      `${name} holds an order for the market ${file.market ?? "?"} on chain ${file.chainId ?? "?"}, not for this network's (${market ?? "none"} on chain ${ctx.chainId})`,
    );
  return file as Extract<OrderFile, { kind: K }>;
}

/** The order's EIP-712 struct hash as the market computes it (the key of its fill state). */
async function orderHashOf(ctx: Context, file: OrderFile): Promise<Hex> {
  const market = ctx.contracts.market;
  if (!market) throw new MissingContractError("ShareMarket");
  return file.kind === "listing"
    ? ctx.client.readContract({ address: market, abi: shareMarketAbi, functionName: "hashListing", args: [file.order] })
    : ctx.client.readContract({ address: market, abi: shareMarketAbi, functionName: "hashOffer", args: [file.order] });
}

/** Fails early (before anything is signed or sent) when --out cannot be written. */
async function outputFile(out: unknown): Promise<string | undefined> {
  if (out === undefined) return undefined;
  const name = String(out);
  try {
    await access(path.dirname(path.resolve(name)), constants.W_OK);
  } catch {
    throw new UsageError(`cannot write ${name}: its directory does not exist or is not writable`);
  }
  return name;
}

/** Writes a freshly signed order to --out, or prints it (as the file's JSON) on stdout. */
/**
 * Writes the signed order to `out` (or prints it) and, with a relay configured, publishes it there so any
 * taker sees it. A refusal by the relay is an error that says where the signed order is: nothing is lost.
 */
async function emitOrder(ctx: Context, file: OrderFile, out: string | undefined, extra: { approvalHash?: Hex } = {}) {
  const text = encodeOrderFile(file);
  if (out !== undefined) await writeFile(out, text);
  let published: RelayOrder | undefined;
  if (ctx.relayUrl !== undefined) {
    try {
      published = await submitOrder(ctx.relayUrl, file);
    } catch (e) {
      const kept = out === undefined ? `the signed ${file.kind}:\n${text.trimEnd()}` : `it is in ${out}`;
      throw new CliError(`signed, but not published: ${(e as Error).message}; ${kept}`);
    }
  }
  const approved = extra.approvalHash ? `; approved the market for your positions (tx ${extra.approvalHash})` : "";
  const relayed = published ? `; published to ${ctx.relayUrl} (${published.status})` : "";
  return {
    json: {
      ...orderFileJson(file),
      ...extra,
      ...(published ? { relay: { url: ctx.relayUrl, status: published.status } } : {}),
    },
    human:
      out === undefined
        ? `${text.trimEnd()}${published ? `\n${relayed.slice(2)}` : ""}`
        : `${file.kind} written to ${out} (order ${file.orderHash}${approved}${relayed})`,
  };
}

// ───────────────────────────── offers ─────────────────────────────

export const offerCreate: Command = {
  path: ["offer", "create"],
  usage: "<rigId> <shares> --price <perShare> [--expiry <duration>] [--token <token>] [--out <file>]",
  summary: "sign an offer for up to <shares> shares of a rig (approves the payment token when needed)",
  options: ["price", "expiry", "token", "out", "approve-max", "no-approve"],
  async run(ctx, [rigText, sharesText], options) {
    const rigId = parseId(rigText, "rig id");
    const maxShares = parseCount(sharesText, "shares");
    const lifetime = BigInt(parseDuration(options.expiry === undefined ? "7d" : String(options.expiry), "--expiry"));
    const out = await outputFile(options.out);
    const approve = parseApproveMode(options);
    const wallet = await ctx.wallet();
    const token = await paymentToken(ctx, rigId, options.token);
    const price = parseAmount(required(options.price as string | undefined, "--price"), token.decimals, "--price");
    if (price === 0n) throw new UsageError("--price must be positive");
    const expiry = (await now(ctx)) + lifetime;
    const total = amount(maxShares * price, token.decimals, token.symbol);
    const { offer, signature, orderHash } = await write(
      ctx,
      { question: `Offer up to ${total} for ${maxShares} shares of rig ${rigId}?`, valueMoving: true },
      async (hooks) => {
        const signed = await signOffer(wallet, {
          contracts: ctx.contracts,
          rigId,
          maxShares,
          paymentToken: token.address,
          pricePerShare: price,
          expiry,
          approve,
          ...hooks,
        });
        await hooks.beforeSend();
        return signed;
      },
    );
    return emitOrder(
      ctx,
      { kind: "offer", order: offer, signature, orderHash, chainId: ctx.chainId, market: ctx.contracts.market },
      out,
    );
  },
};

export const offerFill: Command = {
  path: ["offer", "fill"],
  usage: "<offerFile> <positionId> <shares>",
  summary: "sell shares of your position into a signed offer",
  async run(ctx, [file, idText, sharesText]) {
    const { order: offer, signature } = await loadOrder(ctx, file, "offer");
    const positionId = parseId(idText, "position id");
    const shares = parseCount(sharesText, "shares");
    const wallet = await ctx.wallet();
    const token = await ctx.token(offer.paymentToken);
    const total = amount(shares * offer.pricePerShare, token.decimals, token.symbol);
    const result = await write(
      ctx,
      { question: `Sell ${shares} shares of position ${positionId} for ${total}?`, valueMoving: true },
      (hooks) => fillOffer(wallet, { contracts: ctx.contracts, offer, signature, positionId, shares, ...hooks }),
    );
    return {
      json: { hash: result.hash, positionId: result.boughtId, shares, price: result.price, fee: result.fee },
      human: `sold ${shares} shares for ${amount(result.price, token.decimals, token.symbol)}: the buyer holds position ${result.boughtId} (tx ${result.hash})`,
    };
  },
};

export const offerCancel: Command = {
  path: ["offer", "cancel"],
  usage: "<offerFile>",
  summary: "cancel an offer you signed",
  async run(ctx, [file]) {
    const { order: offer } = await loadOrder(ctx, file, "offer");
    const wallet = await ctx.wallet();
    if (offer.buyer !== getAddress(wallet.account.address))
      throw new CliError(`the offer was signed by ${offer.buyer}, not by ${getAddress(wallet.account.address)}`);
    const result = await write(ctx, { question: "Cancel the offer?", valueMoving: false }, (hooks) =>
      cancelOrder(wallet, { contracts: ctx.contracts, kind: "offer", order: offer, ...hooks }),
    );
    return {
      json: { hash: result.hash, orderHash: result.orderHash },
      human: `cancelled offer ${result.orderHash} (tx ${result.hash})`,
    };
  },
};

// ───────────────────────────── signed listings ─────────────────────────────

export const listingSign: Command = {
  path: ["listing", "sign"],
  usage: "<positionId> --price <perShare> [--min-fill <shares>] [--expiry <duration>] [--token <token>] [--out <file>]",
  summary:
    "sign a listing of a whole position, gasless: buyers fill it from the file (approves the market for your positions when needed)",
  options: ["price", "min-fill", "expiry", "token", "out"],
  async run(ctx, [idText], options) {
    const out = await outputFile(options.out);
    const { positionId, minFill, wallet, token, price, expiry, label } = await listingTerms(ctx, idText, options);
    const signed = await write(
      ctx,
      {
        question: `Sign a listing of position ${positionId} at ${label} until ${isoTime(expiry)} (${await feeNote(ctx)})?`,
        valueMoving: true,
      },
      async (hooks) => {
        const result = await signListing(wallet, {
          contracts: ctx.contracts,
          positionId,
          paymentToken: token.address,
          pricePerShare: price,
          minFill,
          expiry,
          approveMarket: true,
          ...hooks,
        });
        await hooks.beforeSend();
        return result;
      },
    );
    return emitOrder(
      ctx,
      {
        kind: "listing",
        order: signed.order,
        signature: signed.signature,
        orderHash: signed.orderHash,
        chainId: ctx.chainId,
        market: ctx.contracts.market,
      },
      out,
      signed.approvalHash ? { approvalHash: signed.approvalHash } : {},
    );
  },
};

export const listingBuy: Command = {
  path: ["listing", "buy"],
  usage: "<listingFile> <shares> [--max-price <perShare>] [--approve-max | --no-approve]",
  summary: "buy shares of a signed listing (default limit: the signed price)",
  options: ["max-price", "approve-max", "no-approve"],
  async run(ctx, [file, sharesText], options) {
    const { order, signature } = await loadOrder(ctx, file, "listing");
    const shares = parseCount(sharesText, "shares");
    const approve = parseApproveMode(options);
    const wallet = await ctx.wallet();
    const token = await ctx.token(order.paymentToken);
    const maxPrice =
      options["max-price"] === undefined
        ? undefined
        : parseAmount(String(options["max-price"]), token.decimals, "--max-price");
    const cost = amount(shares * order.pricePerShare, token.decimals, token.symbol);
    const result = await write(
      ctx,
      { question: `Buy ${shares} shares of position ${order.positionId} for ${cost}?`, valueMoving: true },
      (hooks) =>
        buySignedListing(wallet, {
          contracts: ctx.contracts,
          order,
          signature,
          shares,
          ...(maxPrice === undefined ? {} : { maxPricePerShare: maxPrice }),
          approve,
          ...hooks,
        }),
    );
    return bought(result, shares, token);
  },
};

export const listingCancel: Command = {
  path: ["listing", "cancel"],
  usage: "<listingFile>",
  summary: "cancel a signed listing of yours",
  async run(ctx, [name]) {
    const file = await loadOrder(ctx, name, "listing");
    const wallet = await ctx.wallet();
    const me = getAddress(wallet.account.address);
    if (file.order.seller !== me) throw new CliError(`the listing was signed by ${file.order.seller}, not by ${me}`);
    const orderHash = await orderHashOf(ctx, file);
    const state = await getOrderState(ctx.client, {
      contracts: ctx.contracts,
      orderHash,
      maker: file.order.seller,
      counter: file.order.counter,
    });
    if (state.cancelled || state.voided)
      throw new CliError(
        `the listing ${orderHash} is already ${state.cancelled ? "cancelled" : "void (your counter moved on)"}`,
      );
    const result = await write(ctx, { question: "Cancel the signed listing?", valueMoving: false }, (hooks) =>
      cancelOrder(wallet, { contracts: ctx.contracts, kind: "listing", order: file.order, ...hooks }),
    );
    return {
      json: { hash: result.hash, orderHash: result.orderHash },
      human: `cancelled signed listing ${result.orderHash} (tx ${result.hash})`,
    };
  },
};

// ───────────────────────────── any signed order ─────────────────────────────

export const orderCancelAll: Command = {
  path: ["order", "cancel-all"],
  usage: "",
  summary: "void every signed listing and offer you signed so far (increments your counter)",
  async run(ctx) {
    const wallet = await ctx.wallet();
    const me = getAddress(wallet.account.address);
    const result = await write(
      ctx,
      { question: `Void every signed listing and offer of ${me} signed so far?`, valueMoving: true },
      (hooks) => incrementCounter(wallet, { contracts: ctx.contracts, ...hooks }),
    );
    return {
      json: { hash: result.hash, account: me, counter: result.counter },
      human: `voided every order ${me} signed before: its counter is now ${result.counter} (tx ${result.hash})`,
    };
  },
};

const STATUSES: readonly RelayOrderStatus[] = [
  "open",
  "partial",
  "unfillable",
  "filled",
  "cancelled",
  "voided",
  "expired",
];

export const orders: Command = {
  path: ["orders"],
  usage: "[--rig <rigId>] [--side listing|offer] [--maker <address>] [--status <s,s|all>] [--limit <n>]",
  summary: "the order relay's book, best price first, each order with its live status (default: open and partial)",
  options: ["rig", "side", "maker", "status", "limit"],
  async run(ctx, _args, options) {
    if (ctx.relayUrl === undefined)
      throw new UsageError("no order relay: pass --relay <url> or --indexer <url>, or set RIGSHARE_RELAY_URL");
    const side = options.side === undefined ? undefined : String(options.side);
    if (side !== undefined && side !== "listing" && side !== "offer")
      throw new UsageError("--side must be listing or offer");
    const statusText = options.status === undefined ? undefined : String(options.status);
    const status =
      statusText === undefined || statusText === "all"
        ? statusText
        : statusText.split(",").map((s) => {
            if (!STATUSES.includes(s as RelayOrderStatus))
              throw new UsageError(`--status: ${s} is not one of ${STATUSES.join(", ")}, all`);
            return s as RelayOrderStatus;
          });
    const limit = options.limit === undefined ? undefined : Number(parseCount(String(options.limit), "--limit"));
    const book = await getOrders(ctx.relayUrl, {
      ...(options.rig === undefined ? {} : { rig: parseId(String(options.rig), "--rig") }),
      ...(side === undefined ? {} : { side }),
      ...(options.maker === undefined ? {} : { maker: getAddress(String(options.maker)) }),
      ...(status === undefined ? {} : { status: status as RelayOrderStatus[] | "all" }),
      ...(limit === undefined ? {} : { limit }),
    });
    const lines = await Promise.all(
      book.orders.map(async (o) => {
        const token = await ctx.token(o.paymentToken);
        const what = o.side === "listing" ? `listing of position ${o.positionId}` : `offer for rig ${o.rigId}`;
        const state = o.status === "unfillable" && o.reason ? `unfillable (${o.reason})` : o.status;
        return `${o.orderHash.slice(0, 10)}…  ${what.padEnd(34)} ${amount(o.pricePerShare, token.decimals, token.symbol)}/share  ${o.remaining} of ${o.shares} left  ${state}  by ${o.maker}`;
      }),
    );
    return {
      json: { orders: book.orders, blockNumber: book.blockNumber, truncated: book.truncated ?? false },
      human: lines.length === 0 ? "no orders" : lines.join("\n"),
    };
  },
};

export const orderStatus: Command = {
  path: ["order", "status"],
  usage: "<orderFile>",
  summary: "state of a signed listing or offer: filled, remaining, cancelled, voided, expired",
  async run(ctx, [name]) {
    const file = await loadOrder(ctx, name);
    const orderHash = await orderHashOf(ctx, file);
    if (file.orderHash !== undefined && file.orderHash !== orderHash.toLowerCase())
      throw new UsageError(`${name}: its orderHash does not match its order (was the file edited?)`);
    const { order } = file;
    const maker = file.kind === "listing" ? file.order.seller : file.order.buyer;
    const total = file.kind === "listing" ? file.order.shares : file.order.maxShares;
    const [state, head, token] = await Promise.all([
      getOrderState(ctx.client, { contracts: ctx.contracts, orderHash, maker, counter: order.counter }),
      now(ctx),
      ctx.token(order.paymentToken),
    ]);
    const filled = state.filled;
    const remaining = total > filled ? total - filled : 0n;
    // The next block's timestamp is above the head's: an order expiring at the head can no longer fill.
    const expired = head >= order.expiry;
    const status = state.cancelled
      ? "cancelled"
      : state.voided
        ? "voided"
        : remaining === 0n
          ? "filled"
          : expired
            ? "expired"
            : "open";
    const subject = file.kind === "listing" ? { positionId: file.order.positionId } : { rigId: file.order.rigId };
    const yesNo = (b: boolean) => (b ? "yes" : "no");
    return {
      json: {
        kind: file.kind,
        orderHash,
        maker,
        ...subject,
        paymentToken: order.paymentToken,
        pricePerShare: order.pricePerShare,
        shares: total,
        filled,
        remaining,
        cancelled: state.cancelled,
        voided: state.voided,
        expired,
        expiry: order.expiry,
        status,
      },
      human: details([
        [
          "order",
          file.kind === "listing"
            ? `signed listing of position ${file.order.positionId}`
            : `offer for shares of rig ${file.order.rigId}`,
        ],
        ["hash", orderHash],
        [file.kind === "listing" ? "seller" : "buyer", maker],
        ["price", `${amount(order.pricePerShare, token.decimals, token.symbol)} a share`],
        ["filled", `${filled} of ${total} shares`],
        ["remaining", `${remaining} shares`],
        ["cancelled", yesNo(state.cancelled)],
        ["voided", `${yesNo(state.voided)}${state.voided ? " (its signer's counter moved on)" : ""}`],
        ["expires", `${isoTime(order.expiry)}${expired ? " (expired)" : ""}`],
        ["status", status],
      ]),
    };
  },
};

// ───────────────────────────── rentals ─────────────────────────────

export const rentList: Command = {
  path: ["rent", "list"],
  usage: "<positionId> --price <perDay> [--min-days <n>] [--max-days <n>] [--expiry <duration>] [--token <token>]",
  summary: "list your position for rent (approves the market for your positions when needed)",
  options: ["price", "min-days", "max-days", "expiry", "token"],
  async run(ctx, [idText], options) {
    const positionId = parseId(idText, "position id");
    const minDays = options["min-days"] === undefined ? 1n : parseCount(String(options["min-days"]), "--min-days");
    const maxDays = options["max-days"] === undefined ? 30n : parseCount(String(options["max-days"]), "--max-days");
    if (minDays > maxDays) throw new UsageError("--min-days must not exceed --max-days");
    const lifetime = BigInt(parseDuration(options.expiry === undefined ? "7d" : String(options.expiry), "--expiry"));
    const wallet = await ctx.wallet();
    const token = await paymentToken(ctx, decodePositionId(positionId).rigId, options.token);
    const price = parseAmount(required(options.price as string | undefined, "--price"), token.decimals, "--price");
    if (price === 0n) throw new UsageError("--price must be positive");
    const expiry = (await now(ctx)) + lifetime;
    const label = `${amount(price, token.decimals, token.symbol)} a day`;
    const result = await write(
      ctx,
      {
        question: `List position ${positionId} for rent at ${label} (${minDays}–${maxDays} days; ${await feeNote(ctx)})?`,
        valueMoving: true,
      },
      (hooks) =>
        listForRent(wallet, {
          contracts: ctx.contracts,
          positionId,
          paymentToken: token.address,
          pricePerDay: price,
          minDays,
          maxDays,
          expiry,
          ...hooks,
        }),
    );
    return {
      json: { hash: result.hash, positionId, pricePerDay: price, token: token.address, minDays, maxDays, expiry },
      human: `listed position ${positionId} for rent at ${label}, ${minDays} to ${maxDays} days, until ${isoTime(expiry)} (tx ${result.hash})`,
    };
  },
};

export const rentTake: Command = {
  path: ["rent", "take"],
  usage: "<positionId> <days> [--max-price <perDay>] [--approve-max | --no-approve]",
  summary: "rent a listed position: its rewards are yours until the rental ends",
  options: ["max-price", "approve-max", "no-approve"],
  async run(ctx, [idText, daysText], options) {
    const positionId = parseId(idText, "position id");
    const days = parseCount(daysText, "days");
    const approve = parseApproveMode(options);
    const wallet = await ctx.wallet();
    const listing = await getRentalListing(ctx.client, { contracts: ctx.contracts, positionId });
    if (listing.status === "none") throw new MarketNoListingError({ positionId });
    const token = await ctx.token(listing.paymentToken);
    const maxPrice =
      options["max-price"] === undefined
        ? undefined
        : parseAmount(String(options["max-price"]), token.decimals, "--max-price");
    const cost = amount(days * listing.pricePerDay, token.decimals, token.symbol);
    const result = await write(
      ctx,
      { question: `Rent position ${positionId} for ${days} days for ${cost}?`, valueMoving: true },
      (hooks) =>
        rentPosition(wallet, {
          contracts: ctx.contracts,
          positionId,
          days,
          ...(maxPrice === undefined ? {} : { maxPricePerDay: maxPrice }),
          approve,
          ...hooks,
        }),
    );
    return {
      json: { hash: result.hash, positionId, days, expires: result.expires, price: result.price, fee: result.fee },
      human: `rented position ${positionId} until ${isoTime(result.expires)} for ${amount(result.price, token.decimals, token.symbol)} (tx ${result.hash})`,
    };
  },
};

export const marketWithdraw: Command = {
  path: ["market", "withdraw"],
  usage: "<token>",
  summary: "withdraw your market proceeds (sales, royalties, rentals) in a token",
  async run(ctx, [tokenText]) {
    const token = await ctx.resolveToken(required(tokenText, "token"));
    const wallet = await ctx.wallet();
    const me: Address = getAddress(wallet.account.address);
    const due = await getMarketProceeds(ctx.client, { contracts: ctx.contracts, account: me, token: token.address });
    if (due === 0n) throw new CliError(`nothing to withdraw for ${me} in ${token.symbol}`);
    const label = amount(due, token.decimals, token.symbol);
    const result = await write(ctx, { question: `Withdraw ${label} of market proceeds?`, valueMoving: true }, (hooks) =>
      withdrawMarketProceeds(wallet, { contracts: ctx.contracts, token: token.address, ...hooks }),
    );
    return {
      json: { hash: result.hash, token: token.address, symbol: token.symbol, amount: result.amount },
      human: `withdrew ${amount(result.amount, token.decimals, token.symbol)} (tx ${result.hash})`,
    };
  },
};
