// Signed orders as text: what a maker hands to a taker (a file from the CLI, a pasted text in the web app).
// One JSON object: the order as ShareMarket hashes it under the key of its kind (`listing` or `offer`),
// amounts as decimal strings in base units; its signature; optionally its EIP-712 struct hash and the chain
// and market it was signed for. Decoding checks the shape only: the market contract judges validity
// (signature, counter, expiry, fill state).
import { type Address, type Hex, getAddress, isAddress } from "viem";

import type { SignedListingOrder } from "./actions/signListing.js";
import type { OfferOrder } from "./actions/signOffer.js";

export type SignedOrderKind = "listing" | "offer";

type Envelope = { signature: Hex; orderHash?: Hex; chainId?: number; market?: Address };
export type SignedOrder =
  (Envelope & { kind: "listing"; order: SignedListingOrder }) | (Envelope & { kind: "offer"; order: OfferOrder });

const FIELDS = {
  listing: {
    addresses: ["seller", "paymentToken"],
    numbers: ["positionId", "shares", "version", "pricePerShare", "minFill", "expiry", "counter", "salt"],
  },
  offer: {
    addresses: ["buyer", "paymentToken"],
    numbers: ["rigId", "maxShares", "pricePerShare", "expiry", "counter", "salt"],
  },
} as const;

/**
 * Why a text is not a signed order: not JSON, not an order of the expected kind, or a malformed field
 * (`field` and what it `must` be). Callers phrase it for their users (a file name, a form).
 */
export class InvalidSignedOrderError extends Error {
  override readonly name = "InvalidSignedOrderError" as const;
  constructor(
    readonly problem:
      | { type: "json"; detail: string }
      | { type: "kind"; expected?: SignedOrderKind }
      | { type: "field"; kind: SignedOrderKind; field: string; must: string },
  ) {
    super(
      problem.type === "json"
        ? `not JSON: ${problem.detail}`
        : problem.type === "kind"
          ? `not a signed ${problem.expected ?? "order"}`
          : `the ${problem.kind}'s "${problem.field}" must be ${problem.must}`,
    );
  }
}

/** The order's JSON object (bigints left as bigints). */
export function signedOrderJson(signed: SignedOrder): Record<string, unknown> {
  return {
    [signed.kind]: signed.order,
    signature: signed.signature,
    ...(signed.orderHash === undefined ? {} : { orderHash: signed.orderHash }),
    ...(signed.chainId === undefined ? {} : { chainId: signed.chainId }),
    ...(signed.market === undefined ? {} : { market: signed.market }),
  };
}

/** The order's text: indented JSON, amounts as decimal strings, a final newline. */
export function encodeSignedOrder(signed: SignedOrder): string {
  return `${JSON.stringify(signedOrderJson(signed), (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`;
}

/** Parses a signed order's text; `expected` restricts the kind. Throws InvalidSignedOrderError. */
export function decodeSignedOrder(text: string, expected?: SignedOrderKind): SignedOrder {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InvalidSignedOrderError({ type: "json", detail: (e as Error).message.split("\n")[0]! });
  }
  const body = (isObject(json) ? json : {}) as Record<string, unknown>;
  const kind: SignedOrderKind | undefined = isObject(body.listing)
    ? "listing"
    : isObject(body.offer)
      ? "offer"
      : undefined;
  if (kind === undefined || (expected !== undefined && kind !== expected))
    throw new InvalidSignedOrderError({ type: "kind", expected });
  const source = body[kind] as Record<string, unknown>;
  const bad = (field: string, must: string) => new InvalidSignedOrderError({ type: "field", kind, field, must });

  const order: Record<string, Address | bigint> = {};
  for (const field of FIELDS[kind].addresses) {
    const value = source[field];
    if (typeof value !== "string" || !isAddress(value, { strict: false })) throw bad(field, "an address");
    order[field] = getAddress(value);
  }
  for (const field of FIELDS[kind].numbers) {
    const value = wholeNumber(source[field]);
    if (value === undefined) throw bad(field, "a whole number in base units");
    order[field] = value;
  }
  if (typeof body.signature !== "string" || !/^0x[0-9a-fA-F]{130}$/.test(body.signature.trim()))
    throw bad("signature", "65 bytes of 0x-hex");
  const envelope: Envelope = { signature: body.signature.trim() as Hex };
  if (body.orderHash !== undefined) {
    if (typeof body.orderHash !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(body.orderHash))
      throw bad("orderHash", "32 bytes of 0x-hex");
    envelope.orderHash = body.orderHash.toLowerCase() as Hex;
  }
  if (body.chainId !== undefined) {
    const chainId = wholeNumber(body.chainId);
    if (chainId === undefined || chainId > BigInt(Number.MAX_SAFE_INTEGER)) throw bad("chainId", "a chain id");
    envelope.chainId = Number(chainId);
  }
  if (body.market !== undefined) {
    if (typeof body.market !== "string" || !isAddress(body.market, { strict: false }))
      throw bad("market", "an address");
    envelope.market = getAddress(body.market);
  }
  return kind === "listing"
    ? { kind, order: order as SignedListingOrder, ...envelope }
    : { kind, order: order as OfferOrder, ...envelope };
}

function isObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A non-negative integer written as a decimal string (or a JSON number that is a safe integer). */
function wholeNumber(value: unknown): bigint | undefined {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === "string" && /^\d+$/.test(value)) return BigInt(value);
  return undefined;
}
