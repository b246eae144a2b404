// The checks of `POST /orders`, cheapest first: shape (the SDK's decoder), domain, hash, signature; then
// one chain snapshot for the order's live status (the same evaluation GET uses, so the relay never stores
// what it would show as unfillable) and for its maker's other live orders, whose terminal statuses are
// recorded before the per-maker cap is counted.
import { type Address, type Hex, getAddress, maxUint256, zeroAddress } from "viem";

import { InvalidSignedOrderError, type SignedOrder, decodeSignedOrder } from "../sdk/signedOrders.js";
import type { ChainSnapshot, ChainView } from "./chainView.js";
import { REASON_MESSAGES, Rejection } from "./errors.js";
import { evaluate, requestFor } from "./evaluate.js";
import { checkSignature, makerOf, orderDigest, orderHashOf, rigOf, sharesOf } from "./orders.js";
import type { OrderStore } from "./store/store.js";
import { TERMINAL_STATUSES, type OrderStatus, type StoredOrder, type TerminalStatus } from "./types.js";

const SIGNATURE_MESSAGES = {
  signature_length: "the signature must be 65 bytes of 0x-hex (r, s, v)",
  signature_malleable: "the signature's s is in the upper half of the curve order (a malleable signature)",
  signature_v: "the signature's v must be 27 or 28",
  signature_mismatch: "the signature does not recover to the order's maker over this market's EIP-712 digest",
} as const;

/** Parses and checks everything that needs no chain: returns the order ready to judge on chain. */
export async function checkOffChain(text: string, domain: { chainId: number; market: Address }) {
  let signed: SignedOrder;
  try {
    signed = decodeSignedOrder(text);
  } catch (e) {
    if (!(e instanceof InvalidSignedOrderError)) throw e;
    const p = e.problem;
    if (p.type === "json") throw new Rejection("invalid_json", e.message);
    if (p.type === "kind") throw new Rejection("invalid_order", 'the body must hold a "listing" or an "offer" object');
    if (p.field === "signature") throw new Rejection("signature_length", SIGNATURE_MESSAGES.signature_length, p.field);
    throw new Rejection("invalid_field", e.message, p.field);
  }
  const kind = signed.kind;
  for (const [field, value] of Object.entries(signed.order))
    if (typeof value === "bigint" && value > maxUint256)
      throw new Rejection("invalid_field", `the ${kind}'s "${field}" does not fit in a uint256`, field);
  // The market pulls the price in this token: no token, no fill.
  if (signed.order.paymentToken === zeroAddress)
    throw new Rejection("invalid_field", `the ${kind}'s "paymentToken" is the zero address`, "paymentToken");
  const sharesField = kind === "listing" ? "shares" : "maxShares";
  if (sharesOf(signed) === 0n) throw new Rejection("invalid_field", `the ${kind}'s "${sharesField}" is 0`, sharesField);
  if (signed.order.pricePerShare === 0n)
    throw new Rejection("invalid_field", `the ${kind}'s "pricePerShare" is 0`, "pricePerShare");
  // ShareMarket multiplies shares by price: a product beyond uint256 reverts every fill.
  if (sharesOf(signed) * signed.order.pricePerShare > maxUint256)
    throw new Rejection("invalid_field", "shares × pricePerShare overflows a uint256", "pricePerShare");

  if (signed.chainId !== undefined && signed.chainId !== domain.chainId)
    throw new Rejection(
      "wrong_chain",
      `the order is for chain ${signed.chainId}; this relay serves chain ${domain.chainId}`,
      "chainId",
    );
  if (signed.market !== undefined && getAddress(signed.market) !== getAddress(domain.market))
    throw new Rejection(
      "wrong_market",
      `the order is for market ${signed.market}; this relay serves ${domain.market}`,
      "market",
    );
  const orderHash = orderHashOf(signed);
  if (signed.orderHash !== undefined && signed.orderHash.toLowerCase() !== orderHash)
    throw new Rejection(
      "order_hash_mismatch",
      `the order hashes to ${orderHash}, not ${signed.orderHash}`,
      "orderHash",
    );
  const maker = makerOf(signed);
  const problem = await checkSignature(signed.signature, orderDigest(signed, domain), maker);
  if (problem) throw new Rejection(problem, SIGNATURE_MESSAGES[problem], "signature");
  // Stored with the deployment it was checked against, so a taker can hand the stored JSON to the SDK.
  return { ...signed, orderHash, chainId: domain.chainId, market: getAddress(domain.market) } as SignedOrder & {
    orderHash: Hex;
  };
}

/** Judges `signed` on chain; returns the order to store and the maker's orders found terminal meanwhile. */
export async function checkOnChain(
  signed: SignedOrder & { orderHash: Hex },
  { chainView, store, maxLivePerMaker }: { chainView: ChainView; store: OrderStore; maxLivePerMaker: number },
): Promise<{
  order: StoredOrder;
  status: OrderStatus;
  closed: { orderHash: Hex; status: TerminalStatus; filled: bigint }[];
}> {
  const maker = makerOf(signed);
  const candidate = { orderHash: signed.orderHash, signed, maker };
  // The maker's live orders ride along in the same snapshot: the cap counts only those still live.
  const others = await store.list({ maker, live: true, limit: Math.max(1, maxLivePerMaker) * 2, offset: 0 });
  const snapshot = await chainView.snapshot(requestFor([candidate, ...others]));
  const status = evaluate(candidate, snapshot);
  rejectUnlessFillable(signed, status, snapshot);

  const filled = snapshot.orders.get(signed.orderHash)?.filled ?? 0n;
  const positionShares =
    signed.kind === "listing" ? (snapshot.positions.get(signed.order.positionId)?.shares ?? 0n) : 0n;
  if (signed.kind === "listing" && signed.order.shares - filled > positionShares)
    throw new Rejection(
      "shares_exceed_position",
      `the listing offers ${signed.order.shares - filled} shares; the position holds ${positionShares}`,
      "shares",
    );
  const closed = others.flatMap((o) => {
    const s = evaluate(o, snapshot);
    return (TERMINAL_STATUSES as readonly string[]).includes(s.status)
      ? [{ orderHash: o.orderHash, status: s.status as TerminalStatus, filled: s.filled }]
      : [];
  });
  const order: StoredOrder = {
    orderHash: signed.orderHash,
    signed,
    side: signed.kind,
    maker,
    rigId: rigOf(signed),
    ...(signed.kind === "listing" ? { positionId: signed.order.positionId } : {}),
    paymentToken: getAddress(signed.order.paymentToken),
    pricePerShare: signed.order.pricePerShare,
    shares: sharesOf(signed),
    expiry: signed.order.expiry,
    createdAt: Date.now(),
    acceptedAt: { filled, positionShares },
  };
  return { order, status, closed };
}

function rejectUnlessFillable(signed: SignedOrder, status: OrderStatus, snapshot: ChainSnapshot): void {
  const kind = signed.kind;
  switch (status.status) {
    case "open":
    case "partial":
      return;
    case "cancelled":
      throw new Rejection("cancelled", `the ${kind} was cancelled on chain`);
    case "filled":
      throw new Rejection("filled", `the ${kind} is already filled`);
    case "voided":
      throw new Rejection(
        "counter_not_current",
        `the ${kind} was signed on counter ${signed.order.counter}; the maker's counter is ${snapshot.counters.get(makerOf(signed))}`,
        "counter",
      );
    case "expired":
      throw new Rejection(
        "expired",
        `the ${kind} expired at ${signed.order.expiry} (chain time is ${snapshot.timestamp})`,
        "expiry",
      );
    case "unfillable":
      throw new Rejection(status.reason!, `the ${kind} cannot fill: ${REASON_MESSAGES[status.reason!]}`);
  }
}
