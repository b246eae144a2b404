// The signed offers this browser keeps, per chain and market, in localStorage. What they are depends on
// the chain's configuration:
//   - with an order relay (the shared book, market/relayOffers.ts), only the offers signed or imported here
//     that the relay has not taken yet: a refused or unreachable submission keeps its signature here, so
//     nothing is lost and the user can publish it again;
//   - without one, every offer seen in this browser: users pass them on as text (offerCodec.ts), and an
//     offer exported from one browser and imported in another is the same order.
import type { Address, Hex } from "viem";

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

function storeOffers(chainId: number, market: Address, offers: StoredOffer[]): StoredOffer[] {
  if (offers.length === 0) localStorage.removeItem(key(chainId, market));
  else localStorage.setItem(key(chainId, market), JSON.stringify(offers.map(encodeOffer)));
  return offers;
}

export function saveOffer(chainId: number, market: Address, stored: StoredOffer): StoredOffer[] {
  const offers = loadOffers(chainId, market).filter((o) => o.orderHash !== stored.orderHash);
  offers.unshift(stored);
  return storeOffers(chainId, market, offers);
}

/** Forgets an offer (the relay holds it now); returns the offers left. */
export function removeOffer(chainId: number, market: Address, orderHash: Hex): StoredOffer[] {
  const offers = loadOffers(chainId, market);
  const left = offers.filter((o) => o.orderHash !== orderHash);
  return left.length === offers.length ? offers : storeOffers(chainId, market, left);
}
