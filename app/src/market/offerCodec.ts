// Signed offers as text, in the SDK's signed-order format (sdk/signedOrders.ts): what a user copies from one
// browser and pastes into another — or an offer file from the CLI (`rigshare offer create --out`). The app
// needs the order's hash (to read its fill state), so an offer without one is refused.
import type { Hex } from "viem";

import type { OfferOrder } from "../../../sdk/actions/signOffer.js";
import { InvalidSignedOrderError, decodeSignedOrder, encodeSignedOrder } from "../../../sdk/signedOrders.js";

export type StoredOffer = { offer: OfferOrder; signature: Hex; orderHash: Hex };

export class InvalidOfferError extends Error {
  override readonly name = "InvalidOfferError";
}

export function encodeOffer(stored: StoredOffer): string {
  return encodeSignedOrder({
    kind: "offer",
    order: stored.offer,
    signature: stored.signature,
    orderHash: stored.orderHash,
  });
}

/** Parses an exported offer; throws InvalidOfferError saying what is wrong. */
export function decodeOffer(text: string): StoredOffer {
  let signed;
  try {
    signed = decodeSignedOrder(text, "offer");
  } catch (e) {
    if (!(e instanceof InvalidSignedOrderError)) throw e;
    throw new InvalidOfferError(
      e.problem.type === "json"
        ? "this is not an exported offer (expected JSON)"
        : `this is not a valid offer: ${e.message}`,
    );
  }
  if (signed.kind !== "offer") throw new InvalidOfferError("this is not an offer");
  if (!signed.orderHash) throw new InvalidOfferError("the offer has no order hash: export it again");
  return { offer: signed.order, signature: signed.signature, orderHash: signed.orderHash };
}
