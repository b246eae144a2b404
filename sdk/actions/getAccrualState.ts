// getAccrualState: the stored stream of a position's rig and the position's reward state, read at one
// block, with that block's timestamp. Feed it to `pendingRewardAt(state.position, state.stream, t)` to
// show rewards accruing live; it stays exact until the rig's state changes (re-read on new events).
import type { ReadContractErrorType } from "viem";
import { getBlock, readContract } from "viem/actions";

import { rewardDistributorAbi } from "../abis.js";
import { toRigStream } from "../internal/convert.js";
import { read } from "../internal/send.js";
import { decodePositionId } from "../positionId.js";
import type { ContractsParameter, PositionState, ReadClient, RigStream } from "../types.js";

export type GetAccrualStateParameters = ContractsParameter & { positionId: bigint; blockNumber?: bigint };
export type GetAccrualStateReturnType = {
  blockNumber: bigint;
  timestamp: bigint;
  stream: RigStream;
  position: PositionState;
};
export type GetAccrualStateErrorType = ReadContractErrorType;

export async function getAccrualState(
  client: ReadClient,
  { contracts, positionId, blockNumber }: GetAccrualStateParameters,
): Promise<GetAccrualStateReturnType> {
  const block = await getBlock(client, blockNumber === undefined ? {} : { blockNumber });
  const at = block.number!;
  const [stream, position] = await read(() =>
    Promise.all([
      readContract(client, {
        address: contracts.distributor,
        abi: rewardDistributorAbi,
        functionName: "rigStream",
        args: [decodePositionId(positionId).rigId],
        blockNumber: at,
      }),
      readContract(client, {
        address: contracts.distributor,
        abi: rewardDistributorAbi,
        functionName: "position",
        args: [positionId],
        blockNumber: at,
      }),
    ]),
  );
  return {
    blockNumber: at,
    timestamp: block.timestamp,
    stream: toRigStream(stream),
    position: { shares: position.shares, paidX18: position.paidX18 },
  };
}
