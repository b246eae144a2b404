// Many contract reads in few eth_calls: viem's multicall through Multicall3's deployless form (its bytecode
// sent with the call, so it works on any chain, a fresh local node included, with no contract deployed).
import type { Abi, ContractFunctionParameters } from "viem";
import { multicall } from "viem/actions";

import type { ReadClient } from "../types.js";

/** Reads per eth_call: small enough for the gas cap public endpoints put on eth_call (~10k gas each). */
const CALLS_PER_REQUEST = 300;

export type ReadResult<T> = { ok: true; value: T } | { ok: false };

/** Runs `calls` at `blockNumber`, CALLS_PER_REQUEST per eth_call; a reverted read is `{ ok: false }`. */
export async function readMany<T = unknown>(
  client: ReadClient,
  calls: readonly ContractFunctionParameters<Abi>[],
  blockNumber: bigint,
): Promise<ReadResult<T>[]> {
  const chunks: ContractFunctionParameters<Abi>[][] = [];
  for (let i = 0; i < calls.length; i += CALLS_PER_REQUEST) chunks.push(calls.slice(i, i + CALLS_PER_REQUEST));
  const results = await Promise.all(
    chunks.map((contracts) =>
      multicall(client, { contracts, blockNumber, allowFailure: true, deployless: true, batchSize: 0 }),
    ),
  );
  return results
    .flat()
    .map((r) => (r.status === "success" ? { ok: true as const, value: r.result as T } : { ok: false as const }));
}
