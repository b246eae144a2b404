// incrementCounter: voids every order (signed listings and offers) the account signed so far.
import { parseEventLogs } from "viem";

import { shareMarketAbi } from "../abis.js";
import type { MissingContractError, RigshareErrorType } from "../errors.js";
import { marketOf } from "../internal/market.js";
import { send } from "../internal/send.js";
import type { ContractsParameter, WriteClient, WriteOptions, WriteResult } from "../types.js";

export type IncrementCounterParameters = ContractsParameter & WriteOptions;
export type IncrementCounterReturnType = WriteResult & { counter: bigint };
export type IncrementCounterErrorType = MissingContractError | RigshareErrorType;

export async function incrementCounter(
  client: WriteClient,
  { contracts, onHash, beforeSend }: IncrementCounterParameters,
): Promise<IncrementCounterReturnType> {
  const { hash, receipt } = await send(
    client,
    {
      address: marketOf(contracts),
      abi: shareMarketAbi,
      functionName: "incrementCounter",
      args: [],
      label: "increment counter",
    },
    { onHash, beforeSend },
  );
  const [event] = parseEventLogs({ abi: shareMarketAbi, eventName: "CounterIncremented", logs: receipt.logs });
  return { hash, receipt, counter: event.args.counter };
}
