// buySignedListing: buys `shares` of a signed listing (see signListing). Pre-flight: the order is neither
// cancelled nor replaced by a counter increment, not expired, the seller still holds the position as
// signed, the price is within `maxPricePerShare` (default: the signed price), the amount fits the minimum
// fill and what is left; then approves the payment token when short and sends `buySigned`.
import { type Hash, type Hex, parseEventLogs } from "viem";
import { getBlock, readContract } from "viem/actions";

import { rewardDistributorAbi, rigSharesAbi, shareMarketAbi } from "../abis.js";
import {
  type InsufficientAllowanceError,
  type InsufficientBalanceError,
  MarketExpiredError,
  type MarketInvalidSharesError,
  type MarketInvalidSignatureError,
  MarketNotOwnerError,
  MarketOrderCancelledError,
  MarketPositionChangedError,
  MarketPriceMovedError,
  type MissingContractError,
  type RigshareErrorType,
} from "../errors.js";
import { type ApproveMode, checkFunding } from "../internal/approve.js";
import { checkFill, marketOf } from "../internal/market.js";
import { once, read, send } from "../internal/send.js";
import type { ContractsParameter, WriteClient, WriteOptions, WriteResult } from "../types.js";
import type { SignedListingOrder } from "./signListing.js";

export type BuySignedListingParameters = ContractsParameter &
  WriteOptions & {
    order: SignedListingOrder;
    signature: Hex;
    shares: bigint;
    maxPricePerShare?: bigint;
    approve?: ApproveMode;
  };
export type BuySignedListingReturnType = WriteResult & {
  boughtId: bigint;
  price: bigint;
  royalty: bigint;
  fee: bigint;
  approvalHash?: Hash;
};
export type BuySignedListingErrorType =
  | MarketInvalidSignatureError
  | MarketOrderCancelledError
  | MarketExpiredError
  | MarketNotOwnerError
  | MarketPositionChangedError
  | MarketPriceMovedError
  | MarketInvalidSharesError
  | InsufficientBalanceError
  | InsufficientAllowanceError
  | MissingContractError
  | RigshareErrorType;

export async function buySignedListing(
  client: WriteClient,
  {
    contracts,
    order,
    signature,
    shares,
    maxPricePerShare,
    approve = "exact",
    onHash,
    beforeSend: confirmOnce,
  }: BuySignedListingParameters,
): Promise<BuySignedListingReturnType> {
  const beforeSend = once(confirmOnce);
  const market = marketOf(contracts);
  const [orderHash, counter, owner, position, block] = await read(() =>
    Promise.all([
      readContract(client, { address: market, abi: shareMarketAbi, functionName: "hashListing", args: [order] }),
      readContract(client, { address: market, abi: shareMarketAbi, functionName: "counterOf", args: [order.seller] }),
      readContract(client, {
        address: contracts.rigShares,
        abi: rigSharesAbi,
        functionName: "beneficiaryOf",
        args: [order.positionId],
      }),
      readContract(client, {
        address: contracts.distributor,
        abi: rewardDistributorAbi,
        functionName: "position",
        args: [order.positionId],
      }),
      getBlock(client, { blockTag: "latest" }),
    ]),
  );
  const state = await read(() =>
    readContract(client, { address: market, abi: shareMarketAbi, functionName: "orderState", args: [orderHash] }),
  );
  if (state.cancelled || counter !== order.counter) throw new MarketOrderCancelledError({ orderHash });
  if (block.timestamp + 1n > order.expiry) throw new MarketExpiredError({ expiry: order.expiry });
  if (owner !== order.seller) throw new MarketNotOwnerError({ positionId: order.positionId, account: order.seller });
  const expectedVersion = state.filled === 0n ? order.version : BigInt(state.version);
  if (BigInt(position.version) !== expectedVersion)
    throw new MarketPositionChangedError({ positionId: order.positionId });
  const limit = maxPricePerShare ?? order.pricePerShare;
  if (order.pricePerShare > limit) throw new MarketPriceMovedError({ price: order.pricePerShare, limit });
  let left = order.shares - state.filled;
  if (left > position.shares) left = position.shares;
  checkFill(shares, order.minFill, left);
  const approveIfNeeded = await checkFunding(client, {
    token: order.paymentToken,
    spender: market,
    amount: shares * order.pricePerShare,
    approve,
  });
  const approvalHash = await approveIfNeeded({ onHash, beforeSend });
  const { hash, receipt } = await send(
    client,
    {
      address: market,
      abi: shareMarketAbi,
      functionName: "buySigned",
      args: [order, signature, shares, limit],
      label: "buy (signed listing)",
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
