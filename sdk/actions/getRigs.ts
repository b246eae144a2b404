// getRigs: every registered rig (ids 1..rigCount), read at one block.
import type { ReadContractErrorType } from "viem";
import { getBlockNumber, readContract } from "viem/actions";

import { rigSharesAbi } from "../abis.js";
import { read } from "../internal/send.js";
import type { ContractsParameter, ReadClient } from "../types.js";
import { type RigInfo, getRig } from "./getRig.js";

export type GetRigsParameters = ContractsParameter & { blockNumber?: bigint };
export type GetRigsReturnType = RigInfo[];
export type GetRigsErrorType = ReadContractErrorType;

export async function getRigs(
  client: ReadClient,
  { contracts, blockNumber }: GetRigsParameters,
): Promise<GetRigsReturnType> {
  const at = blockNumber ?? (await getBlockNumber(client, { cacheTime: 0 }));
  const count = await read(() =>
    readContract(client, {
      address: contracts.rigShares,
      abi: rigSharesAbi,
      functionName: "rigCount",
      blockNumber: at,
    }),
  );
  const ids = Array.from({ length: Number(count) }, (_, i) => BigInt(i + 1));
  return Promise.all(ids.map((rigId) => getRig(client, { contracts, rigId, blockNumber: at })));
}
