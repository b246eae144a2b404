// getPosition: owner, shares, reward mark and pending reward of one position (read at one block).
import type { Address, ReadContractErrorType } from "viem";
import { getBlockNumber, readContract } from "viem/actions";

import { rewardDistributorAbi, rigSharesAbi } from "../abis.js";
import type { ERC721NonexistentTokenError } from "../errors.js";
import { read } from "../internal/send.js";
import { decodePositionId } from "../positionId.js";
import type { ContractsParameter, ReadClient } from "../types.js";

export type GetPositionParameters = ContractsParameter & { positionId: bigint; blockNumber?: bigint };

export type PositionInfo = {
  positionId: bigint;
  rigId: bigint;
  serial: bigint;
  owner: Address;
  shares: bigint;
  /** Reward per share the position was last settled at, X18. */
  paidX18: bigint;
  /** Accrued and not yet settled, payout-token base units (the contract's `pendingReward`). */
  pendingReward: bigint;
  payoutToken: Address;
};

export type GetPositionReturnType = PositionInfo;
export type GetPositionErrorType = ERC721NonexistentTokenError | ReadContractErrorType;

export async function getPosition(
  client: ReadClient,
  { contracts, positionId, blockNumber }: GetPositionParameters,
): Promise<GetPositionReturnType> {
  const at = blockNumber ?? (await getBlockNumber(client, { cacheTime: 0 }));
  const { rigId, serial } = decodePositionId(positionId);
  const [owner, state, pendingReward, stream] = await read(() =>
    Promise.all([
      readContract(client, {
        address: contracts.rigShares,
        abi: rigSharesAbi,
        functionName: "ownerOf",
        args: [positionId],
        blockNumber: at,
      }),
      readContract(client, {
        address: contracts.distributor,
        abi: rewardDistributorAbi,
        functionName: "position",
        args: [positionId],
        blockNumber: at,
      }),
      readContract(client, {
        address: contracts.distributor,
        abi: rewardDistributorAbi,
        functionName: "pendingReward",
        args: [positionId],
        blockNumber: at,
      }),
      readContract(client, {
        address: contracts.distributor,
        abi: rewardDistributorAbi,
        functionName: "rigStream",
        args: [rigId],
        blockNumber: at,
      }),
    ]),
  );
  return {
    positionId,
    rigId,
    serial,
    owner,
    shares: state.shares,
    paidX18: state.paidX18,
    pendingReward,
    payoutToken: stream.payoutToken,
  };
}
