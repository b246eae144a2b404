// withdrawProceeds (operator): sends the caller's primary-sale proceeds in `token` to it.
import { type Address, parseEventLogs } from "viem";

import { rigSharesAbi } from "../abis.js";
import type { RigSharesNothingToWithdrawError, RigshareErrorType } from "../errors.js";
import { send } from "../internal/send.js";
import type { ContractsParameter, WriteClient, WriteOptions, WriteResult } from "../types.js";

export type WithdrawProceedsParameters = ContractsParameter & WriteOptions & { token: Address };
export type WithdrawProceedsReturnType = WriteResult & { amount: bigint };
export type WithdrawProceedsErrorType = RigSharesNothingToWithdrawError | RigshareErrorType;

export async function withdrawProceeds(
  client: WriteClient,
  { contracts, token, onHash, beforeSend }: WithdrawProceedsParameters,
): Promise<WithdrawProceedsReturnType> {
  const { hash, receipt } = await send(
    client,
    {
      address: contracts.rigShares,
      abi: rigSharesAbi,
      functionName: "withdrawProceeds",
      args: [token],
      label: "withdraw proceeds",
    },
    { onHash, beforeSend },
  );
  const [event] = parseEventLogs({ abi: rigSharesAbi, eventName: "ProceedsWithdrawn", logs: receipt.logs });
  return { hash, receipt, amount: event.args.amount };
}
