// retireRig (operator): retires a rig for good; its sale closes, existing positions keep earning what
// was funded.
import { rigSharesAbi } from "../abis.js";
import type {
  EnforcedPauseError,
  RigSharesNotRigOperatorError,
  RigSharesUnknownRigError,
  RigshareErrorType,
} from "../errors.js";
import { send } from "../internal/send.js";
import type { ContractsParameter, WriteClient, WriteOptions, WriteResult } from "../types.js";

export type RetireRigParameters = ContractsParameter & WriteOptions & { rigId: bigint };
export type RetireRigReturnType = WriteResult;
export type RetireRigErrorType =
  RigSharesUnknownRigError | RigSharesNotRigOperatorError | EnforcedPauseError | RigshareErrorType;

export async function retireRig(
  client: WriteClient,
  { contracts, rigId, onHash, beforeSend }: RetireRigParameters,
): Promise<RetireRigReturnType> {
  return send(
    client,
    { address: contracts.rigShares, abi: rigSharesAbi, functionName: "retireRig", args: [rigId], label: "retire rig" },
    { onHash, beforeSend },
  );
}
