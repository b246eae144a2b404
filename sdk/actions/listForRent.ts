// listForRent: lists a position the account owns for rent: a renter takes it for `minDays` to `maxDays`
// days at `pricePerDay` and receives its rewards until the rental ends. Pre-flight: ownership and the
// market's approval for the account's positions (approved here unless `approveMarket` is false).
import { type Address, type Hash, getAddress } from "viem";

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

export type ListForRentParameters = ContractsParameter &
  WriteOptions & {
    positionId: bigint;
    paymentToken: Address;
    pricePerDay: bigint;
    minDays: bigint;
    maxDays: bigint;
    /** Last second a rental can start. */
    expiry: bigint;
    approveMarket?: boolean;
  };
export type ListForRentReturnType = WriteResult & { approvalHash?: Hash };
export type ListForRentErrorType =
  MarketNotOwnerError | MarketNotApprovedError | MarketInvalidParamsError | MissingContractError | RigshareErrorType;

export async function listForRent(
  client: WriteClient,
  {
    contracts,
    positionId,
    paymentToken,
    pricePerDay,
    minDays,
    maxDays,
    expiry,
    approveMarket = true,
    onHash,
    beforeSend: confirmOnce,
  }: ListForRentParameters,
): Promise<ListForRentReturnType> {
  const beforeSend = once(confirmOnce);
  const market = marketOf(contracts);
  const owner = await checkSeller(client, contracts, positionId, approveMarket);
  if (pricePerDay <= 0n) throw new MarketInvalidParamsError({ what: "pricePerDay" });
  if (minDays <= 0n || minDays > maxDays || maxDays > 3_650n) throw new MarketInvalidParamsError({ what: "days" });
  const approvalHash = await owner.approveIfNeeded({ onHash, beforeSend });
  const { hash, receipt } = await send(
    client,
    {
      address: market,
      abi: shareMarketAbi,
      functionName: "listForRent",
      args: [positionId, getAddress(paymentToken), pricePerDay, minDays, maxDays, expiry],
      label: "list for rent",
    },
    { onHash, beforeSend },
  );
  return { hash, receipt, ...(approvalHash ? { approvalHash } : {}) };
}
