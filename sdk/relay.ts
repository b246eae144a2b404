// Client of the Rigshare order relay (relay/): submit a signed listing or offer, read the book. The relay
// answers refusals as `{ error: { code, message, field? } }`; they come back here as RelayRejectedError with
// the code to narrow on and a readable `shortMessage`, the way sdk/errors.ts does for reverts.
import type { Address, Hex } from "viem";

import { RigshareError } from "./errors.js";
import { type SignedOrder, decodeSignedOrder, signedOrderJson } from "./signedOrders.js";

/** Live statuses the relay reports (see relay/README.md). */
export type RelayOrderStatus = "open" | "partial" | "unfillable" | "filled" | "cancelled" | "voided" | "expired";

/** One order of the book: the signed order (`order`, ready for buySignedListing / fillOffer) and its state. */
export type RelayOrder = {
  order: SignedOrder;
  orderHash: Hex;
  side: SignedOrder["kind"];
  maker: Address;
  rigId: bigint;
  positionId?: bigint;
  paymentToken: Address;
  pricePerShare: bigint;
  shares: bigint;
  expiry: bigint;
  createdAt: string;
  status: RelayOrderStatus;
  filled: bigint;
  /** Shares a taker can fill now (0 unless open or partial). */
  remaining: bigint;
  /** Why an `unfillable` order cannot fill (e.g. "position_transferred", "insufficient_allowance"). */
  reason?: string;
};

export type GetOrdersQuery = {
  rig?: bigint;
  side?: SignedOrder["kind"];
  maker?: Address;
  paymentToken?: Address;
  /** Statuses to return; default open and partial; "all" for every status. */
  status?: RelayOrderStatus[] | "all";
  limit?: number;
  offset?: number;
};

/**
 * A page of the book, judged at `blockNumber` (chain time `chainTime`). `truncated`: the relay stopped
 * reading before the end of the book (a rare status filtered far); ask again with a narrower query.
 */
export type GetOrdersResult = { orders: RelayOrder[]; blockNumber?: bigint; chainTime?: bigint; truncated?: boolean };

/** The relay refused a request: `code` names the rule (relay/errors.ts), `status` is the HTTP status. */
export class RelayRejectedError extends RigshareError {
  override name = "RelayRejectedError" as const;
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(`The order relay refused the request (${code}${field ? `, ${field}` : ""}): ${message}`);
  }
}

/** The relay could not be reached or answered something that is not the relay's JSON. */
export class RelayUnavailableError extends RigshareError {
  override name = "RelayUnavailableError" as const;
}

/** Submits a signed order; returns it as the relay stored it. Throws RelayRejectedError when refused. */
export async function submitOrder(relayUrl: string, signed: SignedOrder): Promise<RelayOrder> {
  const body = JSON.stringify(signedOrderJson(signed), (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
  const json = await call(`${ordersUrl(relayUrl)}`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json" },
  });
  return toOrder(json);
}

/** The book, best price first (listings ascending, then offers descending), filtered by `query`. */
export async function getOrders(relayUrl: string, query: GetOrdersQuery = {}): Promise<GetOrdersResult> {
  const params = new URLSearchParams();
  if (query.rig !== undefined) params.set("rig", query.rig.toString());
  if (query.side) params.set("side", query.side);
  if (query.maker) params.set("maker", query.maker);
  if (query.paymentToken) params.set("paymentToken", query.paymentToken);
  if (query.status) params.set("status", query.status === "all" ? "all" : query.status.join(","));
  if (query.limit !== undefined) params.set("limit", String(query.limit));
  if (query.offset !== undefined) params.set("offset", String(query.offset));
  const text = params.toString();
  const json = (await call(`${ordersUrl(relayUrl)}${text ? `?${text}` : ""}`)) as {
    orders: unknown[];
    blockNumber?: string;
    chainTime?: string;
    truncated?: boolean;
  };
  return {
    orders: json.orders.map(toOrder),
    ...(json.blockNumber ? { blockNumber: BigInt(json.blockNumber) } : {}),
    ...(json.chainTime ? { chainTime: BigInt(json.chainTime) } : {}),
    ...(json.truncated ? { truncated: true } : {}),
  };
}

/** One order by hash. Throws RelayRejectedError with code "not_found" when the relay does not hold it. */
export async function getRelayOrder(relayUrl: string, orderHash: Hex): Promise<RelayOrder> {
  return toOrder(await call(`${ordersUrl(relayUrl)}/${orderHash}`));
}

/** `relayUrl` is the relay's base (http://host:port) or its orders route (…/orders). */
function ordersUrl(relayUrl: string): string {
  const base = relayUrl.replace(/\/+$/, "");
  return base.endsWith("/orders") ? base : `${base}/orders`;
}

/** How long a call to the relay may take before it counts as unreachable. */
const TIMEOUT_MS = 30_000;

async function call(url: string, init?: RequestInit): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (e) {
    throw new RelayUnavailableError(`The order relay at ${url} could not be reached: ${(e as Error).message}`, {
      cause: e,
    });
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new RelayUnavailableError(`The order relay answered ${response.status} with a body that is not JSON`);
  }
  if (!response.ok) {
    const error = (json as { error?: { code?: unknown; message?: unknown; field?: unknown } }).error;
    if (typeof error?.code !== "string")
      throw new RelayUnavailableError(`The order relay answered ${response.status} without an error code`);
    throw new RelayRejectedError(
      response.status,
      error.code,
      String(error.message ?? ""),
      typeof error.field === "string" ? error.field : undefined,
    );
  }
  return json;
}

function toOrder(raw: unknown): RelayOrder {
  const r = raw as Record<string, string>;
  return {
    // An entry carries the signed order in the SDK's JSON: the decoder reads it as a file would be read.
    order: decodeSignedOrder(JSON.stringify(raw)),
    orderHash: r.orderHash as Hex,
    side: r.side as SignedOrder["kind"],
    maker: r.maker as Address,
    rigId: BigInt(r.rigId!),
    ...(r.positionId === undefined ? {} : { positionId: BigInt(r.positionId) }),
    paymentToken: r.paymentToken as Address,
    pricePerShare: BigInt(r.pricePerShare!),
    shares: BigInt(r.shares!),
    expiry: BigInt(r.expiry!),
    createdAt: r.createdAt!,
    status: r.status as RelayOrderStatus,
    filled: BigInt(r.filled!),
    remaining: BigInt(r.remaining!),
    ...(r.reason === undefined ? {} : { reason: r.reason }),
  };
}
