// Market commands: list / buy / cancel (on-chain listings), offer create|fill|cancel (EIP-712 offers kept
// in a JSON file), rent list|take (rentals), market withdraw (proceeds). Every check the SDK can make runs
// before the confirmation (stale or expired listing, price above --max-price, wrong rig, balance and
// allowance), so a bad input is a one-line error with nothing sent.
import { readFile, writeFile } from "node:fs/promises";

import { type Address, type Hex, getAddress, isHex } from "viem";

import { buyShares } from "../../sdk/actions/buyShares.js";
import { cancelListing } from "../../sdk/actions/cancelListing.js";
import { cancelOrder } from "../../sdk/actions/cancelOrder.js";
import { fillOffer } from "../../sdk/actions/fillOffer.js";
import { getListing } from "../../sdk/actions/getListing.js";
import { getRentalListing } from "../../sdk/actions/getRentalListing.js";
import { getRig } from "../../sdk/actions/getRig.js";
import { listForRent } from "../../sdk/actions/listForRent.js";
import { listPosition } from "../../sdk/actions/listPosition.js";
import { rentPosition } from "../../sdk/actions/rentPosition.js";
import { type OfferOrder, signOffer } from "../../sdk/actions/signOffer.js";
import { getMarketProceeds, withdrawMarketProceeds } from "../../sdk/actions/withdrawMarketProceeds.js";
import { MarketNoListingError } from "../../sdk/errors.js";
import { decodePositionId } from "../../sdk/positionId.js";
import { parseAmount, parseCount, parseDuration, parseId, required } from "../args.js";
import { type Command, write } from "../command.js";
import type { Context, TokenMeta } from "../context.js";
import { CliError, UsageError } from "../errors.js";
import { amount, isoTime } from "../format.js";

async function now(ctx: Context): Promise<bigint> {
  return (await ctx.client.getBlock({ blockTag: "latest" })).timestamp;
}

/** The payment token: --token, else the rig's own payment token. */
async function paymentToken(ctx: Context, rigId: bigint, tokenText: unknown): Promise<TokenMeta> {
  if (tokenText !== undefined) return ctx.resolveToken(String(tokenText));
  const rig = await getRig(ctx.client, { contracts: ctx.contracts, rigId });
  return ctx.token(rig.paymentToken);
}

export const list: Command = {
  path: ["list"],
  usage: "<positionId> --price <perShare> [--min-fill <shares>] [--expiry <duration>] [--token <token>]",
  summary: "list a position on the market (approves the market for your positions when needed)",
  options: ["price", "min-fill", "expiry", "token"],
  async run(ctx, [idText], options) {
    const positionId = parseId(idText, "position id");
    const minFill = options["min-fill"] === undefined ? 1n : parseCount(String(options["min-fill"]), "--min-fill");
    const lifetime = BigInt(parseDuration(options.expiry === undefined ? "7d" : String(options.expiry), "--expiry"));
    const wallet = await ctx.wallet();
    const token = await paymentToken(ctx, decodePositionId(positionId).rigId, options.token);
    const price = parseAmount(required(options.price as string | undefined, "--price"), token.decimals, "--price");
    if (price === 0n) throw new UsageError("--price must be positive");
    const expiry = (await now(ctx)) + lifetime;
    const label = `${amount(price, token.decimals, token.symbol)} a share`;
    const result = await write(
      ctx,
      { question: `List position ${positionId} at ${label} until ${isoTime(expiry)}?`, valueMoving: true },
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
    if (options["approve-max"] && options["no-approve"])
      throw new UsageError("--approve-max and --no-approve exclude each other");
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
          approve: options["no-approve"] ? false : options["approve-max"] ? "max" : "exact",
          ...hooks,
        }),
    );
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
  },
};

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

// ───────────────────────────── offers ─────────────────────────────

type OfferFile = { offer: Record<keyof OfferOrder, string>; signature: Hex };

async function readOffer(file: string | undefined): Promise<{ offer: OfferOrder; signature: Hex }> {
  const name = required(file, "offer file");
  let parsed: OfferFile;
  try {
    parsed = JSON.parse(await readFile(name, "utf8")) as OfferFile;
  } catch (e) {
    throw new UsageError(`cannot read the offer file ${name}: ${(e as Error).message.split("\n")[0]}`);
  }
  try {
    const o = parsed.offer;
    if (!isHex(parsed.signature)) throw new Error("signature");
    return {
      offer: {
        buyer: getAddress(o.buyer),
        rigId: BigInt(o.rigId),
        maxShares: BigInt(o.maxShares),
        paymentToken: getAddress(o.paymentToken),
        pricePerShare: BigInt(o.pricePerShare),
        expiry: BigInt(o.expiry),
        counter: BigInt(o.counter),
        salt: BigInt(o.salt),
      },
      signature: parsed.signature,
    };
  } catch {
    throw new UsageError(`${name} is not an offer file (rigshare offer create --out <file>)`);
  }
}

export const offerCreate: Command = {
  path: ["offer", "create"],
  usage: "<rigId> <shares> --price <perShare> [--expiry <duration>] [--token <token>] [--out <file>]",
  summary: "sign an offer for up to <shares> shares of a rig (approves the payment token when needed)",
  options: ["price", "expiry", "token", "out", "approve-max", "no-approve"],
  async run(ctx, [rigText, sharesText], options) {
    const rigId = parseId(rigText, "rig id");
    const maxShares = parseCount(sharesText, "shares");
    const lifetime = BigInt(parseDuration(options.expiry === undefined ? "7d" : String(options.expiry), "--expiry"));
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
          approve: options["no-approve"] ? false : options["approve-max"] ? "max" : "exact",
          ...hooks,
        });
        await hooks.beforeSend();
        return signed;
      },
    );
    const file: OfferFile = {
      offer: Object.fromEntries(Object.entries(offer).map(([k, v]) => [k, String(v)])) as OfferFile["offer"],
      signature,
    };
    if (options.out !== undefined) await writeFile(String(options.out), `${JSON.stringify(file, null, 2)}\n`);
    return {
      json: { ...file, orderHash },
      human: `${options.out === undefined ? JSON.stringify(file) : `offer written to ${String(options.out)}`} (order ${orderHash})`,
    };
  },
};

export const offerFill: Command = {
  path: ["offer", "fill"],
  usage: "<offerFile> <positionId> <shares>",
  summary: "sell shares of your position into a signed offer",
  async run(ctx, [file, idText, sharesText]) {
    const { offer, signature } = await readOffer(file);
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
    const { offer } = await readOffer(file);
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
      { question: `List position ${positionId} for rent at ${label} (${minDays}–${maxDays} days)?`, valueMoving: true },
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
    if (options["approve-max"] && options["no-approve"])
      throw new UsageError("--approve-max and --no-approve exclude each other");
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
          approve: options["no-approve"] ? false : options["approve-max"] ? "max" : "exact",
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
