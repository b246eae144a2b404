// setSaleOpen (operator): opens or closes a rig's primary sale (only an active rig can open).
import { rigSharesAbi } from "../abis.js";
import type {
  EnforcedPauseError,
  RigSharesNotRigOperatorError,
  RigSharesSaleClosedError,
  RigSharesUnknownRigError,
  RigshareErrorType,
} from "../errors.js";
import { send } from "../internal/send.js";
import type { ContractsParameter, WriteClient, WriteOptions, WriteResult } from "../types.js";

export type SetSaleOpenParameters = ContractsParameter & WriteOptions & { rigId: bigint; open: boolean };
export type SetSaleOpenReturnType = WriteResult;
export type SetSaleOpenErrorType =
  | RigSharesUnknownRigError
  | RigSharesNotRigOperatorError
  | RigSharesSaleClosedError
  | EnforcedPauseError
  | RigshareErrorType;

export async function setSaleOpen(
  client: WriteClient,
  { contracts, rigId, open, onHash, beforeSend }: SetSaleOpenParameters,
): Promise<SetSaleOpenReturnType> {
  return send(
    client,
    {
      address: contracts.rigShares,
      abi: rigSharesAbi,
      functionName: "setSaleOpen",
      args: [rigId, open],
      label: open ? "open sale" : "close sale",
    },
    { onHash, beforeSend },
  );
}
