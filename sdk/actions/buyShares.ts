// buyShares: buys `shares` of a listed position at most at `maxPricePerShare` (default: the listed price).
// Pre-flight, before anything is sent: the listing is live (not cancelled, expired or stale), the price is
// within the limit, the amount respects the minimum fill, the account holds the price; then approves the
// payment token if the allowance is short and sends `buy`. Returns the new position the buyer received.
import { type Hash, parseEventLogs } from "viem";

import { shareMarketAbi } from "../abis.js";
import {
  MarketExpiredError,
  type MarketInvalidSharesError,
  MarketNoListingError,
  MarketPositionChangedError,
  MarketPriceMovedError,
  type InsufficientAllowanceError,
  type InsufficientBalanceError,
  type MissingContractError,
  type RigshareErrorType,
} from "../errors.js";
import { type ApproveMode, checkFunding } from "../internal/approve.js";
import { checkFill, marketOf } from "../internal/market.js";
import { once, send } from "../internal/send.js";
import type { ContractsParameter, WriteClient, WriteOptions, WriteResult } from "../types.js";
import { getListing } from "./getListing.js";

export type BuySharesParameters = ContractsParameter &
  WriteOptions & {
    positionId: bigint;
    shares: bigint;
    /** Highest acceptable price per share (default: the listed price, read just before). */
    maxPricePerShare?: bigint;
    /** Payment-token approval when the allowance is short: "exact" (default), "max", or false (throw). */
    approve?: ApproveMode;
  };
export type BuySharesReturnType = WriteResult & {
  boughtId: bigint;
  price: bigint;
  royalty: bigint;
  fee: bigint;
  approvalHash?: Hash;
};
export type BuySharesErrorType =
  | MarketNoListingError
  | MarketExpiredError
  | MarketPositionChangedError
  | MarketPriceMovedError
  | MarketInvalidSharesError
  | InsufficientBalanceError
  | InsufficientAllowanceError
  | MissingContractError
  | RigshareErrorType;

export async function buyShares(
  client: WriteClient,
  {
    contracts,
    positionId,
    shares,
    maxPricePerShare,
    approve = "exact",
    onHash,
    beforeSend: confirmOnce,
  }: BuySharesParameters,
): Promise<BuySharesReturnType> {
  const beforeSend = once(confirmOnce);
  const market = marketOf(contracts);
  const listing = await getListing(client, { contracts, positionId });
  if (listing.status === "none") throw new MarketNoListingError({ positionId });
  if (listing.status === "expired") throw new MarketExpiredError({ expiry: listing.expiry });
  if (listing.status === "stale") throw new MarketPositionChangedError({ positionId });
  const limit = maxPricePerShare ?? listing.pricePerShare;
  if (listing.pricePerShare > limit) throw new MarketPriceMovedError({ price: listing.pricePerShare, limit });
  checkFill(shares, listing.minFill, listing.shares);
  const approveIfNeeded = await checkFunding(client, {
    token: listing.paymentToken,
    spender: market,
    amount: shares * listing.pricePerShare,
    approve,
  });
  const approvalHash = await approveIfNeeded({ onHash, beforeSend });
  const { hash, receipt } = await send(
    client,
    { address: market, abi: shareMarketAbi, functionName: "buy", args: [positionId, shares, limit], label: "buy" },
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
