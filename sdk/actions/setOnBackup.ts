// setOnBackup (operator): records on chain that the rig switched to its declared backup capacity (or back).
// Shares of a rig on backup keep earning from what the backup delivers. Pre-flight: a backup is declared.
import { readContract } from "viem/actions";

import { epochFunderAbi } from "../abis.js";
import {
  FunderNoBackupError,
  type FunderNotRigOperatorError,
  type RigSharesUnknownRigError,
  type RigshareErrorType,
} from "../errors.js";
import { funderOf, requireOperator } from "../internal/oracle.js";
import { read, send } from "../internal/send.js";
import type { ContractsParameter, WriteClient, WriteOptions, WriteResult } from "../types.js";

export type SetOnBackupParameters = ContractsParameter & WriteOptions & { rigId: bigint; onBackup: boolean };
export type SetOnBackupReturnType = WriteResult;
export type SetOnBackupErrorType =
  RigSharesUnknownRigError | FunderNotRigOperatorError | FunderNoBackupError | RigshareErrorType;

export async function setOnBackup(
  client: WriteClient,
  { contracts, rigId, onBackup, onHash, beforeSend }: SetOnBackupParameters,
): Promise<SetOnBackupReturnType> {
  const funder = funderOf(contracts);
  await requireOperator(client, contracts, rigId);
  if (onBackup) {
    const terms = await read(() =>
      readContract(client, { address: funder, abi: epochFunderAbi, functionName: "terms", args: [rigId] }),
    );
    if (terms.backupHashrate === 0n) throw new FunderNoBackupError({ rigId });
  }
  const { hash, receipt } = await send(
    client,
    {
      address: funder,
      abi: epochFunderAbi,
      functionName: "setOnBackup",
      args: [rigId, onBackup],
      label: onBackup ? "switch to backup" : "switch back from backup",
    },
    { onHash, beforeSend },
  );
  return { hash, receipt };
}
