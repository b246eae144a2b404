// What the relay derives from a signed order without the chain: its EIP-712 struct hash (the key
// ShareMarket tracks fills and cancels under), the digest the maker signed under this deployment's domain,
// the signature check ShareMarket runs for an EOA (OpenZeppelin ECDSA: 65 bytes, low s, v 27 or 28), and
// the order's sortable fields. The domain and types come from the SDK (sdk/internal/market.ts) so the
// relay hashes exactly what signListing / signOffer sign.
import { type Address, type Hex, getAddress, hashStruct, hashTypedData, recoverAddress } from "viem";

import { OFFER_TYPES, SIGNED_LISTING_TYPES, marketDomain } from "../sdk/internal/market.js";
import { decodePositionId } from "../sdk/positionId.js";
import type { SignedOrder } from "../sdk/signedOrders.js";

/** Half the secp256k1 group order: OpenZeppelin's ECDSA refuses a larger `s` (the malleable twin). */
const HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

/** The deployment an order must be signed for. */
export type MarketDomain = { chainId: number; market: Address };

/** `ShareMarket.hashListing` / `hashOffer`: the EIP-712 struct hash (lower-case hex). */
export function orderHashOf(signed: SignedOrder): Hex {
  const hash =
    signed.kind === "listing"
      ? hashStruct({ data: signed.order, primaryType: "SignedListing", types: SIGNED_LISTING_TYPES })
      : hashStruct({ data: signed.order, primaryType: "Offer", types: OFFER_TYPES });
  return hash.toLowerCase() as Hex;
}

/** `ShareMarket.digest(orderHash)`: what the maker signed. */
export function orderDigest(signed: SignedOrder, { chainId, market }: MarketDomain): Hex {
  const domain = marketDomain(chainId, market);
  return signed.kind === "listing"
    ? hashTypedData({ domain, types: SIGNED_LISTING_TYPES, primaryType: "SignedListing", message: signed.order })
    : hashTypedData({ domain, types: OFFER_TYPES, primaryType: "Offer", message: signed.order });
}

export function makerOf(signed: SignedOrder): Address {
  return getAddress(signed.kind === "listing" ? signed.order.seller : signed.order.buyer);
}

export function rigOf(signed: SignedOrder): bigint {
  return signed.kind === "listing" ? decodePositionId(signed.order.positionId).rigId : signed.order.rigId;
}

/** Listing `shares` or offer `maxShares`. */
export function sharesOf(signed: SignedOrder): bigint {
  return signed.kind === "listing" ? signed.order.shares : signed.order.maxShares;
}

export type SignatureProblem = "signature_length" | "signature_malleable" | "signature_v" | "signature_mismatch";

/**
 * Whether `signature` is one OpenZeppelin's `ECDSA.tryRecover` accepts for `maker` over `digest`; the
 * problem otherwise. Contract wallets (ERC-1271) are not supported: their signatures fail as a mismatch.
 */
export async function checkSignature(signature: Hex, digest: Hex, maker: Address): Promise<SignatureProblem | null> {
  if (!/^0x[0-9a-fA-F]{130}$/.test(signature)) return "signature_length";
  const r = BigInt(`0x${signature.slice(2, 66)}`);
  const s = BigInt(`0x${signature.slice(66, 130)}`);
  const v = parseInt(signature.slice(130, 132), 16);
  if (s > HALF_N) return "signature_malleable";
  if (v !== 27 && v !== 28) return "signature_v";
  // ecrecover yields the zero address for r or s of zero; no maker has that address.
  if (r === 0n || s === 0n) return "signature_mismatch";
  try {
    const recovered = await recoverAddress({ hash: digest, signature });
    return getAddress(recovered) === getAddress(maker) ? null : "signature_mismatch";
  } catch {
    return "signature_mismatch";
  }
}
