// cancelOrder: cancels one signed order of the account on chain: a signed listing (only its seller) or an
// offer (only its buyer). To void every order signed so far at once, use incrementCounter.
import { type Hex, parseEventLogs } from "viem";

import { shareMarketAbi } from "../abis.js";
import type { MarketNotOwnerError, MissingContractError, RigshareErrorType } from "../errors.js";
import { marketOf } from "../internal/market.js";
import { send } from "../internal/send.js";
import type { ContractsParameter, WriteClient, WriteOptions, WriteResult } from "../types.js";
import type { SignedListingOrder } from "./signListing.js";
import type { OfferOrder } from "./signOffer.js";

export type CancelOrderParameters = ContractsParameter &
  WriteOptions &
  ({ kind: "listing"; order: SignedListingOrder } | { kind: "offer"; order: OfferOrder });
export type CancelOrderReturnType = WriteResult & { orderHash: Hex };
export type CancelOrderErrorType = MarketNotOwnerError | MissingContractError | RigshareErrorType;

export async function cancelOrder(client: WriteClient, params: CancelOrderParameters): Promise<CancelOrderReturnType> {
  const { contracts, onHash, beforeSend } = params;
  const request =
    params.kind === "listing"
      ? { functionName: "cancelSignedListing", args: [params.order], label: "cancel signed listing" }
      : { functionName: "cancelOffer", args: [params.order], label: "cancel offer" };
  const { hash, receipt } = await send(
    client,
    { address: marketOf(contracts), abi: shareMarketAbi, ...request },
    { onHash, beforeSend },
  );
  const [event] = parseEventLogs({ abi: shareMarketAbi, eventName: "OrderCancelled", logs: receipt.logs });
  return { hash, receipt, orderHash: event.args.orderHash };
}
