// An order's live status from one ChainSnapshot: the checks ShareMarket's `buySigned` and `fillOffer` run,
// in their order, phrased as a status instead of a revert. `requestFor` names every read a batch of orders
// needs, so a whole page is judged from one snapshot.
import type { Address, Hex } from "viem";

import { type ChainRequest, type ChainSnapshot, emptyRequest, fundsKey } from "./chainView.js";
import type { OrderStatus, StoredOrder, UnfillableReason } from "./types.js";

/** What `evaluate` needs of an order: the stored order, or one being submitted (no `acceptedAt` yet). */
export type Judged = Pick<StoredOrder, "orderHash" | "signed" | "maker"> & Partial<Pick<StoredOrder, "acceptedAt">>;

/** A read the snapshot should have answered is missing: the chain (or its view) could not be read. */
export class ChainReadError extends Error {
  override readonly name = "ChainReadError";
}

export function requestFor(orders: readonly Judged[]): ChainRequest {
  const request = emptyRequest();
  for (const { orderHash, signed, maker } of orders) {
    request.counters.push(maker);
    request.orders.push(orderHash);
    if (signed.kind === "listing") {
      request.positions.push(signed.order.positionId);
      request.approvals.push(maker);
    } else {
      request.funds.push({ token: signed.order.paymentToken, owner: maker });
    }
  }
  return request;
}

export function evaluate(order: Judged, snapshot: ChainSnapshot): OrderStatus {
  const { signed, maker } = order;
  const state = snapshot.orders.get(order.orderHash.toLowerCase() as Hex);
  const counter = snapshot.counters.get(maker);
  if (state === undefined || counter === undefined) throw new ChainReadError(`no chain state for ${order.orderHash}`);
  const total = signed.kind === "listing" ? signed.order.shares : signed.order.maxShares;
  const filled = state.filled;
  const closed = (status: "filled" | "cancelled" | "voided" | "expired"): OrderStatus => ({
    status,
    filled,
    remaining: 0n,
  });
  const unfillable = (reason: UnfillableReason): OrderStatus => ({
    status: "unfillable",
    filled,
    remaining: 0n,
    reason,
  });

  // `_liveOrder`: cancelled or signed on another counter, then expiry. A fill lands in a later block than
  // the snapshot's, so an order whose expiry is the snapshot's second can no longer fill.
  if (state.cancelled) return closed("cancelled");
  if (filled >= total) return closed("filled");
  if (counter !== signed.order.counter) return closed("voided");
  if (snapshot.timestamp >= signed.order.expiry) return closed("expired");

  // `whenNotPaused` on the fill, and the share token's pause on the split and transfer it makes.
  if (snapshot.paused) return unfillable("market_paused");

  let remaining = total - filled;
  if (signed.kind === "listing") {
    const position = snapshot.positions.get(signed.order.positionId);
    if (position === undefined) throw new ChainReadError(`no position ${signed.order.positionId}`);
    // `_requireOwnedBy`, then the version the order expects: the signed one, or the one the market's own
    // split left after a partial fill of this order.
    if (position.owner === ZERO) return unfillable("position_burned");
    if (position.owner !== maker) return unfillable("position_transferred");
    const expectedVersion = filled === 0n ? signed.order.version : state.version;
    if (position.version !== expectedVersion) return unfillable(changeOf(order, filled, position.shares));
    // A running rental blocks the split and the transfer a fill makes (`_requireNotRented`).
    if (position.rentedUntil > snapshot.timestamp) return unfillable("position_rented");
    // The split and transfer need the market approved for all the seller's positions.
    if (snapshot.approvals.get(maker) !== true) return unfillable("market_not_approved");
    if (remaining > position.shares) remaining = position.shares;
  } else {
    // No position of an unknown rig exists to fill it (`fillOffer`'s MarketWrongRig for every position).
    if (signed.order.rigId === 0n || signed.order.rigId > snapshot.rigCount) return unfillable("unknown_rig");
    // `_pullExact` takes exactly shares × price from the buyer (the fee and royalty come out of the
    // seller's part), so the buyer must hold and have approved the price of everything left.
    const funds = snapshot.funds.get(fundsKey(signed.order.paymentToken, maker));
    const cost = remaining * signed.order.pricePerShare;
    if (funds === undefined || funds.balance < cost) return unfillable("insufficient_balance");
    if (funds.allowance < cost) return unfillable("insufficient_allowance");
  }
  return { status: filled === 0n ? "open" : "partial", filled, remaining };
}

const ZERO: Address = "0x0000000000000000000000000000000000000000";

/**
 * How a listed position changed when its version moved: the relay kept its shares when it accepted the
 * order, and fills of this order take shares away exactly; fewer shares than that means a split (by the
 * owner, or a sale through another order), more means a merge, equal means it left and came back. An
 * order not yet accepted has no such record: its version is simply not the position's.
 */
function changeOf(order: Judged, filled: bigint, shares: bigint): UnfillableReason {
  if (!order.acceptedAt) return "position_changed";
  const expected = order.acceptedAt.positionShares - (filled - order.acceptedAt.filled);
  return shares < expected ? "position_split" : shares > expected ? "position_merged" : "position_changed";
}
