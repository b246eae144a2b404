// withdrawMarketProceeds: sends the account its market proceeds in `token` (sales, royalties, rentals and,
// for the treasury, fees). `getMarketProceeds` reads the balance first.
import { type Address, type ReadContractErrorType, getAddress, parseEventLogs } from "viem";
import { readContract } from "viem/actions";

import { shareMarketAbi } from "../abis.js";
import type { MarketNothingToWithdrawError, MissingContractError, RigshareErrorType } from "../errors.js";
import { marketOf } from "../internal/market.js";
import { read, send } from "../internal/send.js";
import type { ContractsParameter, ReadClient, WriteClient, WriteOptions, WriteResult } from "../types.js";

export type WithdrawMarketProceedsParameters = ContractsParameter & WriteOptions & { token: Address };
export type WithdrawMarketProceedsReturnType = WriteResult & { amount: bigint };
export type WithdrawMarketProceedsErrorType = MarketNothingToWithdrawError | MissingContractError | RigshareErrorType;

export async function withdrawMarketProceeds(
  client: WriteClient,
  { contracts, token, onHash, beforeSend }: WithdrawMarketProceedsParameters,
): Promise<WithdrawMarketProceedsReturnType> {
  const { hash, receipt } = await send(
    client,
    {
      address: marketOf(contracts),
      abi: shareMarketAbi,
      functionName: "withdraw",
      args: [getAddress(token)],
      label: "withdraw market proceeds",
    },
    { onHash, beforeSend },
  );
  const [event] = parseEventLogs({ abi: shareMarketAbi, eventName: "Withdrawn", logs: receipt.logs });
  return { hash, receipt, amount: event.args.amount };
}

export type GetMarketProceedsParameters = ContractsParameter & { account: Address; token: Address };
export type GetMarketProceedsReturnType = bigint;
export type GetMarketProceedsErrorType = MissingContractError | ReadContractErrorType;

/** The market balance `account` can withdraw in `token`. */
export async function getMarketProceeds(
  client: ReadClient,
  { contracts, account, token }: GetMarketProceedsParameters,
): Promise<GetMarketProceedsReturnType> {
  const market = marketOf(contracts);
  return read(() =>
    readContract(client, {
      address: market,
      abi: shareMarketAbi,
      functionName: "proceedsOf",
      args: [getAddress(account), getAddress(token)],
    }),
  );
}
