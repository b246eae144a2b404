// getPositions: every position `account` owns, without scanning the chain from block 0 on each call.
//
// RigShares is not enumerable (ERC721Enumerable would cost every transfer ~40-60k gas more), so positions
// are found from ERC-721 `Transfer(from, to = account, tokenId)` logs — mints, splits and transfers all
// emit one — filtered by the indexed `to` topic, starting at the deployment block from the address book.
// Each candidate's current owner is then checked with `ownerOf` (a position sold, merged or burned since
// drops out), its shares and pending reward read — all batched into a few eth_calls (deployless Multicall3).
// With an `indexer`, its answer replaces the log scan up to the block it has indexed (sdk/indexer.ts). The returned `cursor` remembers how far the logs were scanned and which ids are still owned,
// so the next call only scans the new blocks: one eth_getLogs per `maxBlockRange` of new blocks plus the
// ownership checks. See test/sdk/getPositions.test.ts for the measured request counts.
import {
  type Address,
  type GetLogsErrorType,
  type Hash,
  type ReadContractErrorType,
  getAddress,
  parseAbiItem,
} from "viem";
import { getBlock, getBlockNumber, getLogs } from "viem/actions";

import { rewardDistributorAbi, rigSharesAbi } from "../abis.js";
import { type IndexerClient, getIndexedPositionIds, readIndexed } from "../indexer.js";
import { readMany } from "../internal/multicall.js";
import { read } from "../internal/send.js";
import { decodePositionId } from "../positionId.js";
import type { ContractsParameter, ReadClient } from "../types.js";
import type { PositionInfo } from "./getPosition.js";

const transferEvent = parseAbiItem("event Transfer(address indexed from, address indexed to, uint256 indexed tokenId)");

/** Where a previous getPositions call stopped (JSON-serialisable with String() on the bigints). */
export type PositionsCursor = {
  rigShares: Address;
  account: Address;
  /** Last block whose logs were scanned, and its hash (a restarted or reorganised chain voids the cursor). */
  scannedTo: bigint;
  scannedToHash: Hash;
  /** Ids the account owned at the last call; re-checked every call. */
  candidates: readonly bigint[];
};

export type GetPositionsParameters = ContractsParameter & {
  account: Address;
  /** Resume from an earlier call (ignored when it is for another account or contract). */
  cursor?: PositionsCursor;
  /** First block to scan without a cursor (default: the deployment block, else 0). */
  fromBlock?: bigint;
  /** Largest block range per eth_getLogs request (public RPCs cap it). Default 10,000. */
  maxBlockRange?: bigint;
  /** Keep this many recent blocks out of the cursor so they are re-scanned next time (reorgs). Default 0. */
  confirmations?: bigint;
  /**
   * Without a usable cursor, take the candidates from this indexer up to the block it has indexed and scan
   * only the blocks after it; ownership and amounts are still read from the chain, so the answer is the same.
   */
  indexer?: IndexerClient;
};

export type GetPositionsReturnType = {
  positions: PositionInfo[];
  cursor: PositionsCursor;
  /** Block the ownership and rewards were read at. */
  blockNumber: bigint;
  /** eth_getLogs requests made (for measurements and logs). */
  logRequests: number;
};

export type GetPositionsErrorType = GetLogsErrorType | ReadContractErrorType;

export async function getPositions(
  client: ReadClient,
  {
    contracts,
    account,
    cursor,
    fromBlock,
    maxBlockRange = 10_000n,
    confirmations = 0n,
    indexer,
  }: GetPositionsParameters,
): Promise<GetPositionsReturnType> {
  if (maxBlockRange < 1n) throw new RangeError("maxBlockRange must be at least 1");
  const owner = getAddress(account);
  const head = await getBlockNumber(client, { cacheTime: 0 });
  const usable = cursor !== undefined && (await cursorStillValid(client, cursor, contracts.rigShares, owner, head));
  let start = usable ? cursor.scannedTo + 1n : (fromBlock ?? contracts.deploymentBlock ?? 0n);
  const candidates = new Set<bigint>(usable ? cursor.candidates : []);

  // 0. The indexer's owned ids as of its indexed block replace the scan up to that block. Its status is read
  // first: should it index more blocks meanwhile, those are scanned again below, which only re-adds candidates.
  const indexed =
    indexer !== undefined && !usable
      ? await readIndexed(indexer, start, head, () => getIndexedPositionIds(indexer, owner))
      : undefined;
  if (indexed) {
    for (const id of indexed.value) candidates.add(id);
    start = indexed.indexedBlock + 1n;
  }

  // 1. New candidates from Transfer logs to the account, in ranges the RPC accepts.
  let logRequests = 0;
  for (let from = start; from <= head; from += maxBlockRange) {
    const to = from + maxBlockRange - 1n < head ? from + maxBlockRange - 1n : head;
    const logs = await read(() =>
      getLogs(client, {
        address: contracts.rigShares,
        event: transferEvent,
        args: { to: owner },
        fromBlock: from,
        toBlock: to,
        strict: true,
      }),
    );
    logRequests++;
    for (const log of logs) candidates.add(log.args.tokenId);
  }

  // 2. Keep the ids the account still owns (burned ids revert in ownerOf: not owned), then their shares and
  // pending rewards and one stream per rig for its payout token: batched, a few eth_calls in all.
  const ids = [...candidates].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const owners = await read(() =>
    readMany<Address>(
      client,
      ids.map((id) => ({ address: contracts.rigShares, abi: rigSharesAbi, functionName: "ownerOf", args: [id] })),
      head,
    ),
  );
  const owned = ids.filter((_, i) => {
    const o = owners[i]!;
    return o.ok && getAddress(o.value) === owner;
  });
  const rigIds = [...new Set(owned.map((id) => decodePositionId(id).rigId))];
  const reads = await read(() =>
    readMany(
      client,
      [
        ...owned.map((id) => ({
          address: contracts.distributor,
          abi: rewardDistributorAbi,
          functionName: "position",
          args: [id],
        })),
        ...owned.map((id) => ({
          address: contracts.distributor,
          abi: rewardDistributorAbi,
          functionName: "pendingReward",
          args: [id],
        })),
        ...rigIds.map((rigId) => ({
          address: contracts.distributor,
          abi: rewardDistributorAbi,
          functionName: "rigStream",
          args: [rigId],
        })),
      ],
      head,
    ),
  );
  const value = <T>(i: number): T => {
    const r = reads[i]!;
    // Owned positions and their rigs exist at `head`: these views do not revert for them.
    if (!r.ok) throw new Error(`getPositions: a distributor view reverted at block ${head}`);
    return r.value as T;
  };
  type State = { shares: bigint | number; paidX18: bigint };
  const states = owned.map((_, i) => value<State>(i));
  const pendings = owned.map((_, i) => value<bigint>(owned.length + i));
  const streams = rigIds.map((_, i) => value<{ payoutToken: Address }>(2 * owned.length + i));
  const payoutTokens = new Map(rigIds.map((rigId, i) => [rigId, streams[i].payoutToken]));
  const positions = owned.map((positionId, i): PositionInfo => {
    const { rigId, serial } = decodePositionId(positionId);
    return {
      positionId,
      rigId,
      serial,
      owner,
      shares: BigInt(states[i]!.shares),
      paidX18: states[i]!.paidX18,
      pendingReward: pendings[i]!,
      payoutToken: payoutTokens.get(rigId)!,
    };
  });

  // Block 0 (genesis) can hold no logs, so a cursor never needs to point before it.
  const floor = start > 0n ? start - 1n : 0n;
  const scannedTo = head - confirmations > floor ? head - confirmations : floor;
  const scannedToHash = (await getBlock(client, { blockNumber: scannedTo })).hash!;
  return {
    positions,
    cursor: { rigShares: getAddress(contracts.rigShares), account: owner, scannedTo, scannedToHash, candidates: owned },
    blockNumber: head,
    logRequests,
  };
}

/** A cursor is reusable for the same contract and account while its last block is still on the chain. */
async function cursorStillValid(
  client: ReadClient,
  cursor: PositionsCursor,
  rigShares: Address,
  owner: Address,
  head: bigint,
): Promise<boolean> {
  if (getAddress(cursor.rigShares) !== getAddress(rigShares) || getAddress(cursor.account) !== owner) return false;
  if (cursor.scannedTo > head) return false;
  const block = await getBlock(client, { blockNumber: cursor.scannedTo }).catch(() => undefined);
  return block?.hash === cursor.scannedToHash;
}
