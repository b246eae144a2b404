// The portfolio read of the indexer benchmark, both ways: the SDK's getPositions with the indexer (its
// answer up to the indexed block, then only the newer blocks scanned) and without it (eth_getLogs over the
// whole history in 10,000-block ranges). Each runs once against a counting proxy in front of the node
// (rpcCounter.ts), so the figures are the JSON-RPC calls the *client* makes; the indexer's own RPC traffic
// is its backfill and is not part of a read. The two answers must be the same positions, field by field.
import { readFile } from "node:fs/promises";
import path from "node:path";

import type { Abi, Address, Hex } from "viem";
import { writeContract } from "viem/actions";

import {
  type AddressBook,
  type GetPositionsReturnType,
  contractsOf,
  createIndexerClient,
  encodePositionId,
  getPositions,
  rigSharesAbi,
} from "../../../sdk/index.js";
import { testPublicClient, testWalletClient } from "../stack/clients.js";
import { ROOT } from "../stack/processes.js";
import { type RpcCounts, startRpcCounter } from "./rpcCounter.js";

export type PathCost = {
  rpc: RpcCounts;
  /** eth_getLogs requests getPositions reports making. */
  logRequests: number;
  /** HTTP requests to the indexer (its /status, /ready and /positions pages). */
  indexerRequests: number;
  ms: number;
};

export type PortfolioPaths = {
  positions: number;
  blockNumber: bigint;
  indexer: PathCost;
  rpcScan: PathCost;
  /** Differences between the two answers (empty: the same positions with the same fields). */
  differences: string[];
};

const json = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x));

/** Field-by-field differences between two getPositions answers. */
export function diffPositions(a: GetPositionsReturnType, b: GetPositionsReturnType): string[] {
  const out: string[] = [];
  if (a.blockNumber !== b.blockNumber) out.push(`read at block ${a.blockNumber} vs ${b.blockNumber}`);
  if (a.positions.length !== b.positions.length) out.push(`${a.positions.length} positions vs ${b.positions.length}`);
  const byId = new Map(b.positions.map((p) => [p.positionId, p]));
  for (const p of a.positions) {
    const q = byId.get(p.positionId);
    if (!q) {
      out.push(`position ${p.positionId} only in the first answer`);
      continue;
    }
    for (const k of Object.keys(p) as (keyof typeof p)[])
      if (json(p[k]) !== json(q[k])) out.push(`position ${p.positionId}.${k}: ${json(p[k])} vs ${json(q[k])}`);
  }
  return out;
}

export async function comparePortfolioPaths({
  nodeUrl,
  book,
  account,
  indexerUrl,
}: {
  nodeUrl: string;
  book: AddressBook;
  account: Address;
  indexerUrl: string;
}): Promise<PortfolioPaths> {
  const counter = await startRpcCounter(nodeUrl);
  try {
    const client = testPublicClient(counter.url, book.chainId);
    const contracts = contractsOf(book);
    let indexerRequests = 0;
    const indexer = createIndexerClient(indexerUrl, {
      fetch: (input, init) => {
        indexerRequests++;
        return fetch(input, init);
      },
    });
    const run = async (withIndexer: boolean) => {
      counter.reset();
      indexerRequests = 0;
      const started = performance.now();
      const answer = await getPositions(client, { contracts, account, ...(withIndexer ? { indexer } : {}) });
      const cost: PathCost = {
        rpc: counter.counts(),
        logRequests: answer.logRequests,
        indexerRequests,
        ms: Math.round(performance.now() - started),
      };
      return { answer, cost };
    };
    const viaIndexer = await run(true);
    const viaScan = await run(false);
    return {
      positions: viaIndexer.answer.positions.length,
      blockNumber: viaIndexer.answer.blockNumber,
      indexer: viaIndexer.cost,
      rpcScan: viaScan.cost,
      differences: diffPositions(viaIndexer.answer, viaScan.answer),
    };
  } finally {
    await counter.close();
  }
}

/**
 * Moves the last `count` positions of the load's rig (serials up to `mints`, held by one of its BenchBatchers:
 * contracts/test/BenchBatcher.sol, whose transferMany anyone may call) to `to`, in one transaction: a second,
 * small portfolio for the RPC-count comparison.
 */
export async function givePositions({
  rpcUrl,
  book,
  rigId,
  mints,
  count,
  to,
  key,
}: {
  rpcUrl: string;
  book: AddressBook;
  rigId: bigint;
  mints: number;
  count: number;
  to: Address;
  /** The sender of the transaction (any funded test key). */
  key: Hex;
}): Promise<bigint[]> {
  const reader = testPublicClient(rpcUrl, book.chainId);
  const ids = Array.from({ length: count }, (_, i) => encodePositionId(rigId, BigInt(mints - count + 1 + i)));
  const owners = await Promise.all(
    ids.map((id) =>
      reader.readContract({
        address: book.contracts.RigShares.address,
        abi: rigSharesAbi,
        functionName: "ownerOf",
        args: [id],
      }),
    ),
  );
  const batcher = owners[0]!;
  if (owners.some((o) => o !== batcher)) throw new Error("the load's last positions are not held by one batcher");
  const { abi } = JSON.parse(
    await readFile(path.join(ROOT, "artifacts", "contracts", "test", "BenchBatcher.sol", "BenchBatcher.json"), "utf8"),
  ) as { abi: Abi };
  const sender = testWalletClient(rpcUrl, book.chainId, key);
  const hash = await writeContract(sender, {
    address: batcher,
    abi,
    functionName: "transferMany",
    args: [ids, to],
    chain: sender.chain,
  });
  const receipt = await reader.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error("transferMany reverted");
  return ids;
}
