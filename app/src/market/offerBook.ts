// Signed offers live off chain until a holder fills them. Rigshare has no order relay yet, so the app keeps
// the offers it has seen in this browser (per chain and market) and lets users pass them on as text: an
// offer exported from one browser and imported in another is the same signed order. The market contract
// is the judge of validity (signature, counter, expiry, fill state); this is only storage.
import { type Address, type Hex, getAddress, isHex } from "viem";

import type { OfferOrder } from "../../../sdk/actions/signOffer.js";

export type StoredOffer = { offer: OfferOrder; signature: Hex; orderHash: Hex };

const FIELDS = ["rigId", "maxShares", "pricePerShare", "expiry", "counter", "salt"] as const;

const key = (chainId: number, market: Address) => `rigshare.offers.${chainId}.${market.toLowerCase()}`;

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
  if (typeof o.buyer !== "string" || typeof o.paymentToken !== "string")
    throw new InvalidOfferError("the offer has no buyer or payment token");
  if (!isHex(raw.signature) || !isHex(raw.orderHash)) throw new InvalidOfferError("the offer has no signature");
  const offer = { buyer: getAddress(o.buyer), paymentToken: getAddress(o.paymentToken) } as OfferOrder;
  for (const field of FIELDS) {
    if (typeof o[field] !== "string" || !/^\d+$/.test(o[field]))
      throw new InvalidOfferError(`the offer's ${field} is missing`);
    offer[field] = BigInt(o[field]);
  }
  return { offer, signature: raw.signature, orderHash: raw.orderHash };
}

export function loadOffers(chainId: number, market: Address): StoredOffer[] {
  const text = localStorage.getItem(key(chainId, market));
  if (!text) return [];
  try {
    return (JSON.parse(text) as string[]).map(decodeOffer);
  } catch {
    return [];
  }
}

export function saveOffer(chainId: number, market: Address, stored: StoredOffer): StoredOffer[] {
  const offers = loadOffers(chainId, market).filter((o) => o.orderHash !== stored.orderHash);
  offers.unshift(stored);
  localStorage.setItem(key(chainId, market), JSON.stringify(offers.map(encodeOffer)));
  return offers;
}
