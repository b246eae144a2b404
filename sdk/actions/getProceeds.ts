// getProceeds: an operator's withdrawable sale proceeds in `token` (primary sales, less the protocol fee).
import type { Address, ReadContractErrorType } from "viem";
import { readContract } from "viem/actions";

import { rigSharesAbi } from "../abis.js";
import { read } from "../internal/send.js";
import type { ContractsParameter, ReadClient } from "../types.js";

export type GetProceedsParameters = ContractsParameter & { account: Address; token: Address };
export type GetProceedsReturnType = bigint;
export type GetProceedsErrorType = ReadContractErrorType;

export async function getProceeds(
  client: ReadClient,
  { contracts, account, token }: GetProceedsParameters,
): Promise<GetProceedsReturnType> {
  return read(() =>
    readContract(client, {
      address: contracts.rigShares,
      abi: rigSharesAbi,
      functionName: "proceedsOf",
      args: [account, token],
    }),
  );
}
