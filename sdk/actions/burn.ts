// burn: destroys a position; its shares return to the rig's unsold supply and what it accrued is credited
// to the owner's claimable balance (claimBalance pays it).
import { rigSharesAbi } from "../abis.js";
import type { ERC721InsufficientApprovalError, ERC721NonexistentTokenError, RigshareErrorType } from "../errors.js";
import { send } from "../internal/send.js";
import type { ContractsParameter, WriteClient, WriteOptions, WriteResult } from "../types.js";

export type BurnParameters = ContractsParameter & WriteOptions & { positionId: bigint };
export type BurnReturnType = WriteResult;
export type BurnErrorType = ERC721NonexistentTokenError | ERC721InsufficientApprovalError | RigshareErrorType;

export async function burn(
  client: WriteClient,
  { contracts, positionId, onHash, beforeSend }: BurnParameters,
): Promise<BurnReturnType> {
  return send(
    client,
    { address: contracts.rigShares, abi: rigSharesAbi, functionName: "burn", args: [positionId], label: "burn" },
    { onHash, beforeSend },
  );
}
