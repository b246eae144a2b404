// getPendingSplit: a position's pending rewards split between its owner and its renter (the
// distributor's `pendingSplit`, exact to the second of the rental's end).
import type { Address, ReadContractErrorType } from "viem";
import { readContract } from "viem/actions";

import { rewardDistributorAbi } from "../abis.js";
import { read } from "../internal/send.js";
import type { ContractsParameter, ReadClient } from "../types.js";

export type GetPendingSplitParameters = ContractsParameter & { positionId: bigint; blockNumber?: bigint };
export type GetPendingSplitReturnType = { ownerPart: bigint; renter: Address; renterPart: bigint };
export type GetPendingSplitErrorType = ReadContractErrorType;

export async function getPendingSplit(
  client: ReadClient,
  { contracts, positionId, blockNumber }: GetPendingSplitParameters,
): Promise<GetPendingSplitReturnType> {
  const [ownerPart, renter, renterPart] = await read(() =>
    readContract(client, {
      address: contracts.distributor,
      abi: rewardDistributorAbi,
      functionName: "pendingSplit",
      args: [positionId],
      ...(blockNumber === undefined ? {} : { blockNumber }),
    }),
  );
  return { ownerPart, renter, renterPart };
}
