// Signed offers live off chain until a holder fills them. Rigshare has no order relay yet, so the app keeps
// the offers it has seen in this browser (per chain and market) in localStorage and lets users pass them on
// as text (offerCodec.ts): an offer exported from one browser and imported in another is the same order.
import type { Address } from "viem";

import { type StoredOffer, decodeOffer, encodeOffer } from "./offerCodec.js";

export { type StoredOffer, decodeOffer, encodeOffer } from "./offerCodec.js";

const key = (chainId: number, market: Address) => `rigshare.offers.${chainId}.${market.toLowerCase()}`;

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
