// Shapes shared by the relay's modules: a stored order (what the relay keeps of a signed order), its live
// status as chain state makes it, and the limits an operator can set.
import type { Address, Hex } from "viem";

import type { SignedOrder } from "../sdk/signedOrders.js";

export type OrderSide = SignedOrder["kind"];

/** Statuses that can never change again once observed: the relay records them and stops reading the chain. */
export const TERMINAL_STATUSES = ["filled", "cancelled", "voided", "expired"] as const;
export type TerminalStatus = (typeof TERMINAL_STATUSES)[number];
/** Statuses that may still change (`unfillable` recovers when, say, the approval is granted again). */
export const LIVE_STATUSES = ["open", "partial", "unfillable"] as const;
export const ORDER_STATUSES = [...LIVE_STATUSES, ...TERMINAL_STATUSES] as const;
export type OrderStatusName = (typeof ORDER_STATUSES)[number];

/** Why a live order cannot fill now (see relay/README.md). */
export type UnfillableReason =
  | "market_paused"
  | "unknown_rig"
  | "position_transferred"
  | "position_burned"
  | "position_split"
  | "position_merged"
  | "position_changed"
  | "position_rented"
  | "shares_exceed_position"
  | "market_not_approved"
  | "insufficient_balance"
  | "insufficient_allowance";

/** An order's status at one block: what a fill sent in the next block would meet. */
export type OrderStatus = {
  status: OrderStatusName;
  /** Shares filled on chain so far. */
  filled: bigint;
  /** Shares a taker could still fill now (0 unless open or partial). */
  remaining: bigint;
  reason?: UnfillableReason;
};

/** A signed order as the store keeps it, with the columns queries filter and sort on. */
export type StoredOrder = {
  orderHash: Hex;
  signed: SignedOrder;
  side: OrderSide;
  maker: Address;
  rigId: bigint;
  /** Listings only. */
  positionId?: bigint;
  paymentToken: Address;
  pricePerShare: bigint;
  /** Listing `shares` or offer `maxShares`. */
  shares: bigint;
  expiry: bigint;
  /** When the relay accepted it (ms since the epoch); ties in price go to the earlier order. */
  createdAt: number;
  /**
   * Chain state when the relay accepted it: shares filled, and (listings) the position's shares. Tells a
   * split from a merge when the position's version moves later.
   */
  acceptedAt: { filled: bigint; positionShares: bigint };
  /** Set once a terminal status was observed. */
  closed?: { status: TerminalStatus; filled: bigint };
};

/** Operator limits. */
export type RelayLimits = {
  /** Largest accepted request body, in bytes (larger → 413). */
  maxBodyBytes: number;
  /** Most live (not terminal) orders one maker may have in the book (more → 429). */
  maxOpenOrdersPerMaker: number;
  /** Largest page `GET /orders` returns. */
  maxPageSize: number;
};

export const DEFAULT_LIMITS: RelayLimits = { maxBodyBytes: 8 * 1024, maxOpenOrdersPerMaker: 100, maxPageSize: 200 };
