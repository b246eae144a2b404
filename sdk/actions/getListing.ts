// getListing: the on-chain listing of a position and whether it can fill now: "none" (never listed,
// cancelled or sold out), "expired", "stale" (the seller no longer holds the position as listed: it moved,
// was split, merged or re-listed) or "live".
import { type Address, type ReadContractErrorType, zeroAddress } from "viem";
import { getBlock, readContract } from "viem/actions";

import { rewardDistributorAbi, rigSharesAbi, shareMarketAbi } from "../abis.js";
import type { MissingContractError } from "../errors.js";
import { marketOf } from "../internal/market.js";
import { read } from "../internal/send.js";
import type { ContractsParameter, ReadClient } from "../types.js";

export type ListingStatus = "none" | "expired" | "stale" | "live";

export type GetListingParameters = ContractsParameter & { positionId: bigint };
export type GetListingReturnType = {
  positionId: bigint;
  seller: Address;
  shares: bigint;
  version: bigint;
  paymentToken: Address;
  expiry: bigint;
  pricePerShare: bigint;
  minFill: bigint;
  status: ListingStatus;
};
export type GetListingErrorType = MissingContractError | ReadContractErrorType;

export async function getListing(
  client: ReadClient,
  { contracts, positionId }: GetListingParameters,
): Promise<GetListingReturnType> {
  const market = marketOf(contracts);
  const [l, block] = await read(() =>
    Promise.all([
      readContract(client, { address: market, abi: shareMarketAbi, functionName: "listing", args: [positionId] }),
      getBlock(client, { blockTag: "latest" }),
    ]),
  );
  const listing = {
    positionId,
    seller: l.seller,
    shares: l.shares,
    version: BigInt(l.version),
    paymentToken: l.paymentToken,
    expiry: l.expiry,
    pricePerShare: l.pricePerShare,
    minFill: l.minFill,
  };
  if (l.seller === zeroAddress) return { ...listing, status: "none" };
  // The next block's timestamp is at least one second later: a listing expiring now cannot fill.
  if (block.timestamp + 1n > l.expiry) return { ...listing, status: "expired" };
  const [owner, position] = await read(() =>
    Promise.all([
      readContract(client, {
        address: contracts.rigShares,
        abi: rigSharesAbi,
        functionName: "beneficiaryOf",
        args: [positionId],
      }),
      readContract(client, {
        address: contracts.distributor,
        abi: rewardDistributorAbi,
        functionName: "position",
        args: [positionId],
      }),
    ]),
  );
  const stale = owner !== l.seller || BigInt(position.version) !== BigInt(l.version) || position.shares !== l.shares;
  return { ...listing, status: stale ? "stale" : "live" };
}
