// getClaimable: what `account` could claim in `token` now — its settled balance (rewards credited on
// transfers, splits, merges and burns) plus the pending rewards of `positionIds` it is the beneficiary of.
import type { Address, ReadContractErrorType } from "viem";
import { getBlockNumber, readContract } from "viem/actions";

import { rewardDistributorAbi } from "../abis.js";
import { read } from "../internal/send.js";
import type { ContractsParameter, ReadClient } from "../types.js";

export type GetClaimableParameters = ContractsParameter & {
  account: Address;
  token: Address;
  positionIds?: readonly bigint[];
  blockNumber?: bigint;
};
export type GetClaimableReturnType = {
  /** Settled balance plus pending rewards (the contract's `claimable`). */
  total: bigint;
  /** Settled balance alone (`claimableBalance`), claimable with claimBalance. */
  settled: bigint;
};
export type GetClaimableErrorType = ReadContractErrorType;

export async function getClaimable(
  client: ReadClient,
  { contracts, account, token, positionIds = [], blockNumber }: GetClaimableParameters,
): Promise<GetClaimableReturnType> {
  const at = blockNumber ?? (await getBlockNumber(client, { cacheTime: 0 }));
  const [total, settled] = await read(() =>
    Promise.all([
      readContract(client, {
        address: contracts.distributor,
        abi: rewardDistributorAbi,
        functionName: "claimable",
        args: [account, token, positionIds],
        blockNumber: at,
      }),
      readContract(client, {
        address: contracts.distributor,
        abi: rewardDistributorAbi,
        functionName: "claimableBalance",
        args: [account, token],
        blockNumber: at,
      }),
    ]),
  );
  return { total, settled };
}
