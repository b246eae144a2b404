// getRental: who rents a position and until when, from the distributor (`rentalOf`, which routes rewards)
// and the share token (ERC-4907 `userOf` / `userExpires`, zero once the rental ended).
import { type Address, type ReadContractErrorType, zeroAddress } from "viem";
import { getBlock, readContract } from "viem/actions";

import { rewardDistributorAbi, rigSharesAbi } from "../abis.js";
import { read } from "../internal/send.js";
import type { ContractsParameter, ReadClient } from "../types.js";

export type GetRentalParameters = ContractsParameter & { positionId: bigint };
export type GetRentalReturnType = {
  /** The last renter recorded by the distributor (zero if never rented). */
  renter: Address;
  /** Last second of that rental (inclusive). */
  expires: bigint;
  /** ERC-4907 `userOf`: the current user, zero once the rental ended. */
  user: Address;
  /** Whether a rental runs at the latest block. */
  active: boolean;
};
export type GetRentalErrorType = ReadContractErrorType;

export async function getRental(
  client: ReadClient,
  { contracts, positionId }: GetRentalParameters,
): Promise<GetRentalReturnType> {
  const [rental, user, block] = await read(() =>
    Promise.all([
      readContract(client, {
        address: contracts.distributor,
        abi: rewardDistributorAbi,
        functionName: "rentalOf",
        args: [positionId],
      }),
      readContract(client, {
        address: contracts.rigShares,
        abi: rigSharesAbi,
        functionName: "userOf",
        args: [positionId],
      }),
      getBlock(client, { blockTag: "latest" }),
    ]),
  );
  const active = rental.user !== zeroAddress && block.timestamp <= rental.expires;
  return { renter: rental.user, expires: rental.expires, user, active };
}
