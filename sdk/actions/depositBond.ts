// depositBond: adds payout tokens to a rig's SLA bond at the epoch funder (anyone may top it up). Pre-flight:
// the rig exists, the amount is positive and held; then approves the funder for the payout token if needed.
import { type Hash, parseEventLogs } from "viem";

import { epochFunderAbi } from "../abis.js";
import {
  FunderInvalidTermsError,
  type FunderTransferMismatchError,
  type InsufficientAllowanceError,
  type InsufficientBalanceError,
  type RigSharesUnknownRigError,
  type RigshareErrorType,
} from "../errors.js";
import { type ApproveMode, checkFunding } from "../internal/approve.js";
import { funderOf, requireRig } from "../internal/oracle.js";
import { once, send } from "../internal/send.js";
import type { ContractsParameter, WriteClient, WriteOptions, WriteResult } from "../types.js";

export type DepositBondParameters = ContractsParameter &
  WriteOptions & {
    rigId: bigint;
    /** Payout-token base units. */
    amount: bigint;
    /** Payout-token approval when the allowance is short: "exact" (default), "max", or false (throw). */
    approve?: ApproveMode;
  };
export type DepositBondReturnType = WriteResult & { bond: bigint; approvalHash?: Hash };
export type DepositBondErrorType =
  | RigSharesUnknownRigError
  | FunderInvalidTermsError
  | FunderTransferMismatchError
  | InsufficientBalanceError
  | InsufficientAllowanceError
  | RigshareErrorType;

export async function depositBond(
  client: WriteClient,
  { contracts, rigId, amount, approve = "exact", onHash, beforeSend: confirmOnce }: DepositBondParameters,
): Promise<DepositBondReturnType> {
  const funder = funderOf(contracts);
  const beforeSend = once(confirmOnce);
  const rig = await requireRig(client, contracts, rigId);
  if (amount === 0n) throw new FunderInvalidTermsError({ what: "amount" });
  const approveIfNeeded = await checkFunding(client, { token: rig.payoutToken, spender: funder, amount, approve });
  const approvalHash = await approveIfNeeded({ onHash, beforeSend });
  const { hash, receipt } = await send(
    client,
    { address: funder, abi: epochFunderAbi, functionName: "depositBond", args: [rigId, amount], label: "deposit bond" },
    { onHash, beforeSend },
  );
  const [event] = parseEventLogs({ abi: epochFunderAbi, eventName: "BondChanged", logs: receipt.logs });
  return { hash, receipt, bond: event.args.bond, ...(approvalHash ? { approvalHash } : {}) };
}
