// declareBackup (operator): declares the rig's backup capacity in H/s (zero withdraws it, and switches a
// rig on backup back to its own hardware).
import { epochFunderAbi } from "../abis.js";
import type {
  FunderInvalidTermsError,
  FunderNotRigOperatorError,
  RigSharesUnknownRigError,
  RigshareErrorType,
} from "../errors.js";
import { funderOf, requireOperator } from "../internal/oracle.js";
import { send } from "../internal/send.js";
import type { ContractsParameter, WriteClient, WriteOptions, WriteResult } from "../types.js";

export type DeclareBackupParameters = ContractsParameter &
  WriteOptions & {
    rigId: bigint;
    /** Backup capacity, H/s. */
    backupHashrate: bigint;
  };
export type DeclareBackupReturnType = WriteResult;
export type DeclareBackupErrorType =
  RigSharesUnknownRigError | FunderNotRigOperatorError | FunderInvalidTermsError | RigshareErrorType;

export async function declareBackup(
  client: WriteClient,
  { contracts, rigId, backupHashrate, onHash, beforeSend }: DeclareBackupParameters,
): Promise<DeclareBackupReturnType> {
  const funder = funderOf(contracts);
  await requireOperator(client, contracts, rigId);
  const { hash, receipt } = await send(
    client,
    {
      address: funder,
      abi: epochFunderAbi,
      functionName: "declareBackup",
      args: [rigId, backupHashrate],
      label: "declare backup",
    },
    { onHash, beforeSend },
  );
  return { hash, receipt };
}
