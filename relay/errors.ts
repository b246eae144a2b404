// Every error the relay answers with: one code per rule, its HTTP status, and the JSON body
// `{ error: { code, message, field? } }`. sdk/relay.ts turns the body back into a typed error.
import type { UnfillableReason } from "./types.js";

export const ERROR_STATUS = {
  // The request itself.
  body_too_large: 413,
  invalid_json: 400,
  invalid_order: 400,
  invalid_field: 400,
  invalid_query: 400,
  // The signed order's domain and signature.
  wrong_chain: 400,
  wrong_market: 400,
  order_hash_mismatch: 400,
  signature_length: 400,
  signature_malleable: 400,
  signature_v: 400,
  signature_mismatch: 400,
  // Chain state: the order could not fill now.
  expired: 422,
  counter_not_current: 422,
  filled: 422,
  cancelled: 422,
  market_paused: 422,
  unknown_rig: 422,
  position_transferred: 422,
  position_burned: 422,
  position_split: 422,
  position_merged: 422,
  position_changed: 422,
  position_rented: 422,
  shares_exceed_position: 422,
  market_not_approved: 422,
  insufficient_balance: 422,
  insufficient_allowance: 422,
  // The book.
  duplicate: 409,
  too_many_orders: 429,
  not_found: 404,
  chain_unavailable: 503,
  internal: 500,
} as const satisfies Record<string, number> & Record<UnfillableReason, number>;

export type RelayErrorCode = keyof typeof ERROR_STATUS;

export type RelayErrorBody = { error: { code: RelayErrorCode; message: string; field?: string } };

/** A refusal: thrown by the checks, turned into the JSON answer by the app. */
export class Rejection extends Error {
  override readonly name = "Rejection";
  constructor(
    readonly code: RelayErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
  get status(): (typeof ERROR_STATUS)[RelayErrorCode] {
    return ERROR_STATUS[this.code];
  }
  body(): RelayErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) } };
  }
}

/** Readable lines for the reasons an order cannot fill. */
export const REASON_MESSAGES: Record<UnfillableReason, string> = {
  market_paused: "the market (or the share token) is paused: no order fills until it is unpaused",
  unknown_rig: "the offer's rig does not exist",
  position_transferred: "the position no longer belongs to the seller",
  position_burned: "the position no longer exists (burned, or merged into another position)",
  position_split: "the position was split (or part of it sold through another order) since it was signed",
  position_merged: "another position was merged into it since it was signed",
  position_changed:
    "the position is not at the version the order was signed for (it changed hands, was split or merged)",
  position_rented: "the position is rented out: it cannot change hands before the rental ends",
  shares_exceed_position: "the listing offers more shares than the position holds",
  market_not_approved: "the seller has not approved the market for its positions (setApprovalForAll)",
  insufficient_balance: "the buyer's payment-token balance does not cover the shares left at the offer's price",
  insufficient_allowance: "the buyer's allowance to the market does not cover the shares left at the offer's price",
};
