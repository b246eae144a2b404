// listPosition: lists a whole position on the market at a fixed price per share; buyers may take part of
// it (at least `minFill` shares, or all that is left). Pre-flight: the account owns the position and the
// market may move its positions (approved here with setApprovalForAll unless `approveMarket` is false).
import { type Address, type Hash, getAddress, parseEventLogs } from "viem";

import { shareMarketAbi } from "../abis.js";
import {
  MarketInvalidParamsError,
  type MarketNotApprovedError,
  type MarketNotOwnerError,
  type MissingContractError,
  type RigshareErrorType,
} from "../errors.js";
import { checkSeller, marketOf } from "../internal/market.js";
import { once, send } from "../internal/send.js";
import type { ContractsParameter, WriteClient, WriteOptions, WriteResult } from "../types.js";

export type ListPositionParameters = ContractsParameter &
  WriteOptions & {
    positionId: bigint;
    paymentToken: Address;
    pricePerShare: bigint;
    /** Smallest partial fill (default 1). */
    minFill?: bigint;
    /** Last second the listing can fill (unix seconds). */
    expiry: bigint;
    /** Approve the market for the account's positions when needed (default true). */
    approveMarket?: boolean;
  };
export type ListPositionReturnType = WriteResult & { approvalHash?: Hash };
export type ListPositionErrorType =
  MarketNotOwnerError | MarketNotApprovedError | MarketInvalidParamsError | MissingContractError | RigshareErrorType;

export async function listPosition(
  client: WriteClient,
  {
    contracts,
    positionId,
    paymentToken,
    pricePerShare,
    minFill = 1n,
    expiry,
    approveMarket = true,
    onHash,
    beforeSend: confirmOnce,
  }: ListPositionParameters,
): Promise<ListPositionReturnType> {
  const beforeSend = once(confirmOnce);
  const market = marketOf(contracts);
  const seller = await checkSeller(client, contracts, positionId, approveMarket);
  if (pricePerShare <= 0n) throw new MarketInvalidParamsError({ what: "pricePerShare" });
  if (minFill <= 0n || minFill > seller.shares) throw new MarketInvalidParamsError({ what: "minFill" });
  const approvalHash = await seller.approveIfNeeded({ onHash, beforeSend });
  const { hash, receipt } = await send(
    client,
    {
      address: market,
      abi: shareMarketAbi,
      functionName: "list",
      args: [positionId, getAddress(paymentToken), pricePerShare, minFill, expiry],
      label: "list",
    },
    { onHash, beforeSend },
  );
  parseEventLogs({ abi: shareMarketAbi, eventName: "Listed", logs: receipt.logs });
  return { hash, receipt, ...(approvalHash ? { approvalHash } : {}) };
}
