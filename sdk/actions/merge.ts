// merge: merges `burnedId` into `keptId` (same rig, same owner); both are settled to the owner first.
import { rigSharesAbi } from "../abis.js";
import type {
  ERC721InsufficientApprovalError,
  ERC721NonexistentTokenError,
  RigSharesCannotMergeError,
  RigshareErrorType,
} from "../errors.js";
import { send } from "../internal/send.js";
import type { ContractsParameter, WriteClient, WriteOptions, WriteResult } from "../types.js";

export type MergeParameters = ContractsParameter & WriteOptions & { keptId: bigint; burnedId: bigint };
export type MergeReturnType = WriteResult & { keptId: bigint; burnedId: bigint };
export type MergeErrorType =
  RigSharesCannotMergeError | ERC721NonexistentTokenError | ERC721InsufficientApprovalError | RigshareErrorType;

export async function merge(
  client: WriteClient,
  { contracts, keptId, burnedId, onHash, beforeSend }: MergeParameters,
): Promise<MergeReturnType> {
  const { hash, receipt } = await send(
    client,
    {
      address: contracts.rigShares,
      abi: rigSharesAbi,
      functionName: "merge",
      args: [keptId, burnedId],
      label: "merge",
    },
    { onHash, beforeSend },
  );
  return { hash, receipt, keptId, burnedId };
}
