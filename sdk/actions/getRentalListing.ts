// getRentalListing: the rental listing of a position and whether a rental can start now ("none",
// "expired", "stale" when the position changed since it was listed, "rented" while a rental runs, "live").
import { type Address, type ReadContractErrorType, zeroAddress } from "viem";
import { getBlock, readContract } from "viem/actions";

import { rewardDistributorAbi, rigSharesAbi, shareMarketAbi } from "../abis.js";
import type { MissingContractError } from "../errors.js";
import { marketOf } from "../internal/market.js";
import { read } from "../internal/send.js";
import type { ContractsParameter, ReadClient } from "../types.js";

export type RentalListingStatus = "none" | "expired" | "stale" | "rented" | "live";

export type GetRentalListingParameters = ContractsParameter & { positionId: bigint };
export type GetRentalListingReturnType = {
  positionId: bigint;
  owner: Address;
  version: bigint;
  expiry: bigint;
  paymentToken: Address;
  minDays: bigint;
  maxDays: bigint;
  pricePerDay: bigint;
  status: RentalListingStatus;
};
export type GetRentalListingErrorType = MissingContractError | ReadContractErrorType;

export async function getRentalListing(
  client: ReadClient,
  { contracts, positionId }: GetRentalListingParameters,
): Promise<GetRentalListingReturnType> {
  const market = marketOf(contracts);
  const [l, block] = await read(() =>
    Promise.all([
      readContract(client, { address: market, abi: shareMarketAbi, functionName: "rentalListing", args: [positionId] }),
      getBlock(client, { blockTag: "latest" }),
    ]),
  );
  const listing = {
    positionId,
    owner: l.owner,
    version: BigInt(l.version),
    expiry: l.expiry,
    paymentToken: l.paymentToken,
    minDays: BigInt(l.minDays),
    maxDays: BigInt(l.maxDays),
    pricePerDay: l.pricePerDay,
  };
  if (l.owner === zeroAddress) return { ...listing, status: "none" };
  if (block.timestamp + 1n > l.expiry) return { ...listing, status: "expired" };
  const [owner, position, rental] = await read(() =>
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
      readContract(client, {
        address: contracts.distributor,
        abi: rewardDistributorAbi,
        functionName: "rentalOf",
        args: [positionId],
      }),
    ]),
  );
  if (owner !== l.owner || BigInt(position.version) !== listing.version) return { ...listing, status: "stale" };
  if (rental.user !== zeroAddress && rental.expires > block.timestamp) return { ...listing, status: "rented" };
  return { ...listing, status: "live" };
}
