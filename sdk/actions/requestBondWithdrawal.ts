// requestBondWithdrawal (operator): asks to withdraw bond above the required minimum; withdrawBond executes
// it after the funder's BOND_WITHDRAWAL_DELAY (seven days). Pre-flight: the amount is withdrawable now.
import { parseEventLogs } from "viem";
import { readContract } from "viem/actions";

import { epochFunderAbi } from "../abis.js";
import {
  FunderBondLockedError,
  type FunderNotRigOperatorError,
  type RigSharesUnknownRigError,
  type RigshareErrorType,
} from "../errors.js";
import { funderOf, requireOperator } from "../internal/oracle.js";
import { read, send } from "../internal/send.js";
import type { ContractsParameter, WriteClient, WriteOptions, WriteResult } from "../types.js";

export type RequestBondWithdrawalParameters = ContractsParameter &
  WriteOptions & {
    rigId: bigint;
    /** Payout-token base units. */
    amount: bigint;
  };
export type RequestBondWithdrawalReturnType = WriteResult & { amount: bigint; readyAt: bigint };
export type RequestBondWithdrawalErrorType =
  RigSharesUnknownRigError | FunderNotRigOperatorError | FunderBondLockedError | RigshareErrorType;

export async function requestBondWithdrawal(
  client: WriteClient,
  { contracts, rigId, amount, onHash, beforeSend }: RequestBondWithdrawalParameters,
): Promise<RequestBondWithdrawalReturnType> {
  const funder = funderOf(contracts);
  await requireOperator(client, contracts, rigId);
  const terms = await read(() =>
    readContract(client, { address: funder, abi: epochFunderAbi, functionName: "terms", args: [rigId] }),
  );
  const available = terms.bond > terms.requiredBond ? terms.bond - terms.requiredBond : 0n;
  if (amount === 0n || amount > available) throw new FunderBondLockedError({ rigId, available });
  const { hash, receipt } = await send(
    client,
    {
      address: funder,
      abi: epochFunderAbi,
      functionName: "requestBondWithdrawal",
      args: [rigId, amount],
      label: "request bond withdrawal",
    },
    { onHash, beforeSend },
  );
  const [event] = parseEventLogs({ abi: epochFunderAbi, eventName: "BondWithdrawalRequested", logs: receipt.logs });
  return { hash, receipt, amount: event.args.amount, readyAt: event.args.readyAt };
}
