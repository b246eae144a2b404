// getPendingReward: the contract's `pendingReward(positionId)` view (accrued, not yet settled).
// For a value that ticks every second without RPC calls, use getAccrualState + pendingRewardAt.
import type { ReadContractErrorType } from "viem";
import { readContract } from "viem/actions";

import { rewardDistributorAbi } from "../abis.js";
import { read } from "../internal/send.js";
import type { ContractsParameter, ReadClient } from "../types.js";

export type GetPendingRewardParameters = ContractsParameter & { positionId: bigint; blockNumber?: bigint };
export type GetPendingRewardReturnType = bigint;
export type GetPendingRewardErrorType = ReadContractErrorType;

export async function getPendingReward(
  client: ReadClient,
  { contracts, positionId, blockNumber }: GetPendingRewardParameters,
): Promise<GetPendingRewardReturnType> {
  return read(() =>
    readContract(client, {
      address: contracts.distributor,
      abi: rewardDistributorAbi,
      functionName: "pendingReward",
      args: [positionId],
      ...(blockNumber === undefined ? {} : { blockNumber }),
    }),
  );
}
