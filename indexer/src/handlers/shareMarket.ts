// ShareMarket: on-chain listings and their fills, signed-order fills and cancels, counters, rental listings
// and market rentals. `Sold` does not say which entry point filled it, nor the signed order's hash: the
// handler decodes the transaction's call to the market (buy, buySigned, fillOffer) and hashes the order the
// way ShareMarket does (EIP-712 struct hash). A fill made through another contract calling the market is
// still recorded, as kind "listing" when it matches the position's on-chain listing and "unknown" otherwise.
import { fill, listing, orderCounter, position, rental, rentalListing, signedOrder } from "ponder:schema";
import { type Hex, decodeFunctionData, hashStruct } from "viem";

import { shareMarketAbi } from "../../../sdk/abis.js";
import { OFFER_TYPES, SIGNED_LISTING_TYPES } from "../../../sdk/internal/market.js";
import { book } from "../../book.js";
import { type Db, on } from "../lib/register.js";
import { lower, rigOfPosition } from "../lib/values.js";
import { setParameter } from "./rigShares.js";

const MARKET = book.contracts.ShareMarket ? lower(book.contracts.ShareMarket.address) : undefined;

type MarketCall = ReturnType<typeof decodeFunctionData<typeof shareMarketAbi>>;

/** The market function the transaction called directly, if it did. */
function marketCall(tx: { to: Hex | null; input: Hex }): MarketCall | undefined {
  if (tx.to === null || lower(tx.to) !== MARKET) return undefined;
  try {
    return decodeFunctionData({ abi: shareMarketAbi, data: tx.input });
  } catch {
    return undefined;
  }
}

type SignedListingArg = {
  seller: Hex;
  positionId: bigint;
  shares: bigint;
  version: bigint;
  paymentToken: Hex;
  pricePerShare: bigint;
  minFill: bigint;
  expiry: bigint;
  counter: bigint;
  salt: bigint;
};
type OfferArg = {
  buyer: Hex;
  rigId: bigint;
  maxShares: bigint;
  paymentToken: Hex;
  pricePerShare: bigint;
  expiry: bigint;
  counter: bigint;
  salt: bigint;
};

const hashListing = (o: SignedListingArg) =>
  hashStruct({ types: SIGNED_LISTING_TYPES, primaryType: "SignedListing", data: o });
const hashOffer = (o: OfferArg) => hashStruct({ types: OFFER_TYPES, primaryType: "Offer", data: o });

async function upsertOrder(
  db: Db,
  hash: Hex,
  block: bigint,
  known: { kind: string; signer: Hex; positionId: bigint | null; rigId: bigint },
  change: { filled?: bigint; version?: number; cancelled?: true },
): Promise<void> {
  await db
    .insert(signedOrder)
    .values({
      hash,
      ...known,
      signer: lower(known.signer),
      filled: change.filled ?? 0n,
      version: change.version ?? 0,
      cancelled: change.cancelled ?? false,
      updatedBlock: block,
    })
    .onConflictDoUpdate((o) => ({
      ...known,
      signer: lower(known.signer),
      filled: o.filled + (change.filled ?? 0n),
      version: change.version ?? o.version,
      cancelled: change.cancelled ?? o.cancelled,
      updatedBlock: block,
    }));
}

on("ShareMarket:Listed", async ({ event, context }) => {
  const { positionId, seller, listing: l } = event.args;
  const p = await context.db.find(position, { id: positionId });
  // The market keeps one listing per position: a new one replaces the one before.
  if (p?.listingId) {
    const previous = await context.db.find(listing, { id: p.listingId });
    if (previous?.status === "active") {
      await context.db
        .update(listing, { id: p.listingId })
        .set({ status: "replaced", closedBlock: event.block.number });
    }
  }
  await context.db.insert(listing).values({
    id: event.id,
    positionId,
    rigId: rigOfPosition(positionId),
    seller: lower(seller),
    shares: l.shares,
    listedShares: l.shares,
    version: l.version,
    paymentToken: lower(l.paymentToken),
    pricePerShare: l.pricePerShare,
    minFill: l.minFill,
    expiry: l.expiry,
    status: "active",
    fills: 0,
    createdBlock: event.block.number,
    createdAt: event.block.timestamp,
  });
  await context.db.update(position, { id: positionId }).set({ listingId: event.id });
});

on("ShareMarket:ListingCancelled", async ({ event, context }) => {
  const p = await context.db.find(position, { id: event.args.positionId });
  if (!p?.listingId) return;
  await context.db.update(listing, { id: p.listingId }).set({ status: "cancelled", closedBlock: event.block.number });
});

on("ShareMarket:Sold", async ({ event, context }) => {
  const { positionId, boughtId, seller, buyer, shares, price, royalty, fee } = event.args;
  const partial = boughtId !== positionId;
  const call = marketCall(event.transaction);
  // The position sold from, after the market's own split (PositionSplit came just before this event).
  const p = await context.db.find(position, { id: positionId });
  if (!p) throw new Error(`Sold: unknown position ${positionId}`);
  let kind = "unknown";
  let listingId: string | null = null;
  let orderHash: Hex | null = null;

  if (call?.functionName === "buySigned") {
    const order = call.args[0];
    kind = "signedListing";
    orderHash = hashListing(order);
    // ShareMarket.buySigned records the version its split leaves, so that the rest stays fillable.
    await upsertOrder(
      context.db,
      orderHash,
      event.block.number,
      { kind: "listing", signer: order.seller, positionId: order.positionId, rigId: rigOfPosition(order.positionId) },
      { filled: shares, ...(partial ? { version: p.version } : {}) },
    );
  } else if (call?.functionName === "fillOffer") {
    const offer = call.args[0];
    kind = "offer";
    orderHash = hashOffer(offer);
    await upsertOrder(
      context.db,
      orderHash,
      event.block.number,
      { kind: "offer", signer: offer.buyer, positionId: null, rigId: offer.rigId },
      { filled: shares },
    );
  } else if (p.listingId) {
    const l = await context.db.find(listing, { id: p.listingId });
    if (
      l &&
      l.status === "active" &&
      l.seller === lower(seller) &&
      (call === undefined || call.functionName === "buy")
    ) {
      kind = "listing";
      listingId = l.id;
      // ShareMarket.buy: the whole rest ends the listing; a partial fill lowers its shares and moves it to
      // the version the market's split left.
      const filled = l.shares === shares;
      await context.db.update(listing, { id: l.id }).set({
        shares: filled ? 0n : l.shares - shares,
        version: filled ? l.version : p.version,
        fills: l.fills + 1,
        ...(filled ? { status: "filled", closedBlock: event.block.number } : {}),
      });
    }
  }

  await context.db.insert(fill).values({
    id: event.id,
    kind,
    listingId,
    orderHash,
    positionId,
    boughtId,
    rigId: rigOfPosition(positionId),
    seller: lower(seller),
    buyer: lower(buyer),
    shares,
    price,
    royalty,
    fee,
    partial,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
  });
});

on("ShareMarket:OrderCancelled", async ({ event, context }) => {
  const call = marketCall(event.transaction);
  let known: { kind: string; signer: Hex; positionId: bigint | null; rigId: bigint } | undefined;
  if (call?.functionName === "cancelSignedListing") {
    const o = call.args[0];
    known = { kind: "listing", signer: o.seller, positionId: o.positionId, rigId: rigOfPosition(o.positionId) };
  } else if (call?.functionName === "cancelOffer") {
    const o = call.args[0];
    known = { kind: "offer", signer: o.buyer, positionId: null, rigId: o.rigId };
  }
  if (known) {
    await upsertOrder(context.db, event.args.orderHash, event.block.number, known, { cancelled: true });
    return;
  }
  // Cancelled through another contract: only the hash is known.
  await context.db
    .insert(signedOrder)
    .values({ hash: event.args.orderHash, filled: 0n, version: 0, cancelled: true, updatedBlock: event.block.number })
    .onConflictDoUpdate({ cancelled: true, updatedBlock: event.block.number });
});

on("ShareMarket:CounterIncremented", async ({ event, context }) => {
  const { account, counter } = event.args;
  await context.db
    .insert(orderCounter)
    .values({ account: lower(account), counter, updatedBlock: event.block.number })
    .onConflictDoUpdate({ counter, updatedBlock: event.block.number });
});

on("ShareMarket:ListedForRent", async ({ event, context }) => {
  const { positionId, listing: l } = event.args;
  const p = await context.db.find(position, { id: positionId });
  if (p?.rentalListingId) {
    const previous = await context.db.find(rentalListing, { id: p.rentalListingId });
    if (previous?.status === "active") {
      await context.db
        .update(rentalListing, { id: p.rentalListingId })
        .set({ status: "replaced", closedBlock: event.block.number });
    }
  }
  await context.db.insert(rentalListing).values({
    id: event.id,
    positionId,
    rigId: rigOfPosition(positionId),
    owner: lower(l.owner),
    version: l.version,
    expiry: l.expiry,
    paymentToken: lower(l.paymentToken),
    minDays: l.minDays,
    maxDays: l.maxDays,
    pricePerDay: l.pricePerDay,
    status: "active",
    rentals: 0,
    createdBlock: event.block.number,
  });
  await context.db.update(position, { id: positionId }).set({ rentalListingId: event.id });
});

on("ShareMarket:RentalListingCancelled", async ({ event, context }) => {
  const p = await context.db.find(position, { id: event.args.positionId });
  if (!p?.rentalListingId) return;
  await context.db
    .update(rentalListing, { id: p.rentalListingId })
    .set({ status: "cancelled", closedBlock: event.block.number });
});

on("ShareMarket:Rented", async ({ event, context }) => {
  const { positionId, renter, expires, price, fee } = event.args;
  const p = await context.db.find(position, { id: positionId });
  if (!p) throw new Error(`Rented: unknown position ${positionId}`);
  // A rental listing stays listed after a rental (ShareMarket.rent does not delete it).
  if (p.rentalListingId) {
    await context.db.update(rentalListing, { id: p.rentalListingId }).set((l) => ({ rentals: l.rentals + 1 }));
  }
  // RigShares' UpdateUser follows in the same transaction and finds this row.
  await context.db.insert(rental).values({
    id: `${event.transaction.hash}:${positionId}`,
    positionId,
    rigId: rigOfPosition(positionId),
    owner: p.owner,
    renter: lower(renter),
    expires,
    source: "market",
    rentalListingId: p.rentalListingId,
    price,
    fee,
    blockNumber: event.block.number,
    startedAt: event.block.timestamp,
  });
});

on("ShareMarket:FeeChanged", async ({ event, context }) => {
  await setParameter(context.db, "market.fee", event.args, event.block.number);
});
on("ShareMarket:FeeIncreaseScheduled", async ({ event, context }) => {
  await setParameter(context.db, "market.pendingFee", event.args, event.block.number);
});
on("ShareMarket:Paused", async ({ event, context }) => {
  await setParameter(context.db, "ShareMarket.paused", { paused: true, ...event.args }, event.block.number);
});
on("ShareMarket:Unpaused", async ({ event, context }) => {
  await setParameter(context.db, "ShareMarket.paused", { paused: false, ...event.args }, event.block.number);
});
