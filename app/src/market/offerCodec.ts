// Signed offers as text: what a user copies from one browser and pastes into another. The JSON carries the
// offer as ShareMarket hashes it, its signature and its hash; decoding checks the shape only — the market
// contract is the judge of validity (signature, counter, expiry, fill state).
import { type Hex, getAddress, isAddress, isHex } from "viem";

import type { OfferOrder } from "../../../sdk/actions/signOffer.js";

export type StoredOffer = { offer: OfferOrder; signature: Hex; orderHash: Hex };

const FIELDS = ["rigId", "maxShares", "pricePerShare", "expiry", "counter", "salt"] as const;

export function encodeOffer(stored: StoredOffer): string {
  return JSON.stringify(stored, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

export class InvalidOfferError extends Error {
  override readonly name = "InvalidOfferError";
}

/** Parses an exported offer (JSON text); throws InvalidOfferError with what is wrong. */
export function decodeOffer(text: string): StoredOffer {
  let raw: { offer?: Record<string, unknown>; signature?: unknown; orderHash?: unknown };
  try {
    raw = JSON.parse(text);
  } catch {
    throw new InvalidOfferError("this is not an exported offer (expected JSON)");
  }
  const o = raw.offer ?? {};
  if (!isAddress(String(o.buyer)) || !isAddress(String(o.paymentToken)))
    throw new InvalidOfferError("the offer has no valid buyer or payment token address");
  if (!isHex(raw.signature) || !isHex(raw.orderHash)) throw new InvalidOfferError("the offer has no signature");
  const offer = { buyer: getAddress(String(o.buyer)), paymentToken: getAddress(String(o.paymentToken)) } as OfferOrder;
  for (const field of FIELDS) {
    if (typeof o[field] !== "string" || !/^\d+$/.test(o[field]))
      throw new InvalidOfferError(`the offer's ${field} is missing`);
    offer[field] = BigInt(o[field]);
  }
  return { offer, signature: raw.signature, orderHash: raw.orderHash };
}
