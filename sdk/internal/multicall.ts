// Many contract reads in few eth_calls: viem's multicall through Multicall3 — the deployed contract when the
// chain declares one, else its deployless form (its bytecode sent with the call, so it works on any chain, a
// fresh local node included, with no contract deployed).
//
// The deployless form answers from a constructor, so what it returns is "created code", which nodes cap at
// 24,576 bytes (EIP-170), and its init code at 49,152 (EIP-3860). A batch whose results outgrow that fails
// as a whole: a read of struct views returns a few hundred bytes, so deployless batches stay at
// DEPLOYLESS_CALLS, and a batch that fails as a whole (every read failed) is split in two and retried, down to
// single reads, so a too-large batch never passes for reverted reads.
import type { Abi, ContractFunctionParameters } from "viem";
import { multicall } from "viem/actions";

import type { ReadClient } from "../types.js";

/** Reads per eth_call through a deployed Multicall3: small enough for public endpoints' eth_call gas caps. */
const DEPLOYED_CALLS = 300;
/** Reads per deployless eth_call: 40 results of up to ~600 bytes each stay under EIP-170's 24,576 bytes. */
const DEPLOYLESS_CALLS = 40;

export type ReadResult<T> = { ok: true; value: T } | { ok: false };

/** Runs `calls` at `blockNumber` in as few eth_calls as the limits above allow; a reverted read is `{ ok: false }`. */
export async function readMany<T = unknown>(
  client: ReadClient,
  calls: readonly ContractFunctionParameters<Abi>[],
  blockNumber: bigint,
): Promise<ReadResult<T>[]> {
  const deployless = client.chain?.contracts?.multicall3 === undefined;
  const size = deployless ? DEPLOYLESS_CALLS : DEPLOYED_CALLS;
  const chunks: ContractFunctionParameters<Abi>[][] = [];
  for (let i = 0; i < calls.length; i += size) chunks.push(calls.slice(i, i + size));
  const results = await Promise.all(chunks.map((chunk) => readChunk<T>(client, chunk, blockNumber, deployless)));
  return results.flat();
}

async function readChunk<T>(
  client: ReadClient,
  contracts: ContractFunctionParameters<Abi>[],
  blockNumber: bigint,
  deployless: boolean,
): Promise<ReadResult<T>[]> {
  // An unreachable node throws here, and that goes to the caller as it is.
  const raw = await multicall(client, { contracts, blockNumber, allowFailure: true, deployless, batchSize: 0 });
  const results: ReadResult<T>[] = raw.map((r) =>
    r.status === "success" ? { ok: true as const, value: r.result as T } : { ok: false as const },
  );
  // Every read failed: most likely the batch itself (too large for the node), not each read: split it.
  if (contracts.length > 1 && results.every((r) => !r.ok)) {
    const half = Math.ceil(contracts.length / 2);
    const [a, b] = await Promise.all([
      readChunk<T>(client, contracts.slice(0, half), blockNumber, deployless),
      readChunk<T>(client, contracts.slice(half), blockNumber, deployless),
    ]);
    return [...a, ...b];
  }
  return results;
}
