// fillOffer: sells `shares` of the account's position into a signed offer (see signOffer). Pre-flight:
// the offer is live, the position belongs to the offer's rig and to the account, the amount fits, the
// price is at least `minPricePerShare` (default: the offered price); approves the market for the
// account's positions when needed (unless `approveMarket` is false), then sends `fillOffer`.
import { type Hash, type Hex, parseEventLogs } from "viem";
import { getBlock, readContract } from "viem/actions";

import { shareMarketAbi } from "../abis.js";
import {
  MarketExpiredError,
  MarketInvalidSharesError,
  type MarketInvalidSignatureError,
  type MarketNotApprovedError,
  type MarketNotOwnerError,
  MarketOrderCancelledError,
  MarketPriceMovedError,
  MarketWrongRigError,
  type MissingContractError,
  type RigshareErrorType,
} from "../errors.js";
import { checkSeller, marketOf } from "../internal/market.js";
import { once, read, send } from "../internal/send.js";
import { decodePositionId } from "../positionId.js";
import type { ContractsParameter, WriteClient, WriteOptions, WriteResult } from "../types.js";
import type { OfferOrder } from "./signOffer.js";

export type FillOfferParameters = ContractsParameter &
  WriteOptions & {
    offer: OfferOrder;
    signature: Hex;
    positionId: bigint;
    shares: bigint;
    minPricePerShare?: bigint;
    approveMarket?: boolean;
  };
export type FillOfferReturnType = WriteResult & {
  boughtId: bigint;
  price: bigint;
  royalty: bigint;
  fee: bigint;
  approvalHash?: Hash;
};
export type FillOfferErrorType =
  | MarketInvalidSignatureError
  | MarketOrderCancelledError
  | MarketExpiredError
  | MarketWrongRigError
  | MarketNotOwnerError
  | MarketNotApprovedError
  | MarketPriceMovedError
  | MarketInvalidSharesError
  | MissingContractError
  | RigshareErrorType;

export async function fillOffer(
  client: WriteClient,
  {
    contracts,
    offer,
    signature,
    positionId,
    shares,
    minPricePerShare,
    approveMarket = true,
    onHash,
    beforeSend: confirmOnce,
  }: FillOfferParameters,
): Promise<FillOfferReturnType> {
  const beforeSend = once(confirmOnce);
  const market = marketOf(contracts);
  const [orderHash, counter, block] = await read(() =>
    Promise.all([
      readContract(client, { address: market, abi: shareMarketAbi, functionName: "hashOffer", args: [offer] }),
      readContract(client, { address: market, abi: shareMarketAbi, functionName: "counterOf", args: [offer.buyer] }),
      getBlock(client, { blockTag: "latest" }),
    ]),
  );
  const state = await read(() =>
    readContract(client, { address: market, abi: shareMarketAbi, functionName: "orderState", args: [orderHash] }),
  );
  if (state.cancelled || counter !== offer.counter) throw new MarketOrderCancelledError({ orderHash });
  if (block.timestamp + 1n > offer.expiry) throw new MarketExpiredError({ expiry: offer.expiry });
  if (decodePositionId(positionId).rigId !== offer.rigId)
    throw new MarketWrongRigError({ positionId, rigId: offer.rigId });
  const seller = await checkSeller(client, contracts, positionId, approveMarket);
  const limit = minPricePerShare ?? offer.pricePerShare;
  if (offer.pricePerShare < limit) throw new MarketPriceMovedError({ price: offer.pricePerShare, limit });
  const left = offer.maxShares - state.filled;
  if (shares === 0n || shares > left || shares > seller.shares)
    throw new MarketInvalidSharesError({ shares, available: left < seller.shares ? left : seller.shares });
  const approvalHash = await seller.approveIfNeeded({ onHash, beforeSend });
  const { hash, receipt } = await send(
    client,
    {
      address: market,
      abi: shareMarketAbi,
      functionName: "fillOffer",
      args: [offer, signature, positionId, shares, limit],
      label: "fill offer",
    },
    { onHash, beforeSend },
  );
  const [sold] = parseEventLogs({ abi: shareMarketAbi, eventName: "Sold", logs: receipt.logs });
  return {
    hash,
    receipt,
    boughtId: sold.args.boughtId,
    price: sold.args.price,
    royalty: sold.args.royalty,
    fee: sold.args.fee,
    ...(approvalHash ? { approvalHash } : {}),
  };
}
