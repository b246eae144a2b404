// withdrawBond (operator): executes a requested bond withdrawal once it is ready, capped at what is still
// above the required bond (refunds paid since the request come first). Timing is checked by the simulation.
import { parseEventLogs } from "viem";

import { epochFunderAbi } from "../abis.js";
import type {
  FunderBondLockedError,
  FunderNotRigOperatorError,
  FunderWithdrawalNotReadyError,
  RigSharesUnknownRigError,
  RigshareErrorType,
} from "../errors.js";
import { funderOf, requireOperator } from "../internal/oracle.js";
import { send } from "../internal/send.js";
import type { ContractsParameter, WriteClient, WriteOptions, WriteResult } from "../types.js";

export type WithdrawBondParameters = ContractsParameter & WriteOptions & { rigId: bigint };
/** `amount` sent to the operator; `bond` left posted. */
export type WithdrawBondReturnType = WriteResult & { amount: bigint; bond: bigint };
export type WithdrawBondErrorType =
  | RigSharesUnknownRigError
  | FunderNotRigOperatorError
  | FunderWithdrawalNotReadyError
  | FunderBondLockedError
  | RigshareErrorType;

export async function withdrawBond(
  client: WriteClient,
  { contracts, rigId, onHash, beforeSend }: WithdrawBondParameters,
): Promise<WithdrawBondReturnType> {
  const funder = funderOf(contracts);
  await requireOperator(client, contracts, rigId);
  const { hash, receipt } = await send(
    client,
    { address: funder, abi: epochFunderAbi, functionName: "withdrawBond", args: [rigId], label: "withdraw bond" },
    { onHash, beforeSend },
  );
  const [event] = parseEventLogs({ abi: epochFunderAbi, eventName: "BondChanged", logs: receipt.logs });
  return { hash, receipt, amount: -event.args.delta, bond: event.args.bond };
}
