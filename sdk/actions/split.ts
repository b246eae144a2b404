// split: moves `shares` of a position into a new position of the same owner. Accrued rewards are settled
// to the owner first, so the split moves no reward between the halves.
import { parseEventLogs } from "viem";

import { rigSharesAbi } from "../abis.js";
import type {
  DistributorInvalidSharesError,
  ERC721InsufficientApprovalError,
  ERC721NonexistentTokenError,
  RigshareErrorType,
} from "../errors.js";
import { send } from "../internal/send.js";
import type { ContractsParameter, WriteClient, WriteOptions, WriteResult } from "../types.js";

export type SplitParameters = ContractsParameter & WriteOptions & { positionId: bigint; shares: bigint };
export type SplitReturnType = WriteResult & { newPositionId: bigint };
export type SplitErrorType =
  ERC721NonexistentTokenError | ERC721InsufficientApprovalError | DistributorInvalidSharesError | RigshareErrorType;

export async function split(
  client: WriteClient,
  { contracts, positionId, shares, onHash, beforeSend }: SplitParameters,
): Promise<SplitReturnType> {
  const { hash, receipt } = await send(
    client,
    {
      address: contracts.rigShares,
      abi: rigSharesAbi,
      functionName: "split",
      args: [positionId, shares],
      label: "split",
    },
    { onHash, beforeSend },
  );
  const [event] = parseEventLogs({ abi: rigSharesAbi, eventName: "PositionSplit", logs: receipt.logs });
  return { hash, receipt, newPositionId: event.args.newPositionId };
}
