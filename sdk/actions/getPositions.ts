// getPositions: every position `account` owns, without scanning the chain from block 0 on each call.
//
// RigShares is not enumerable (ERC721Enumerable would cost every transfer ~40-60k gas more), so positions
// are found from ERC-721 `Transfer(from, to = account, tokenId)` logs — mints, splits and transfers all
// emit one — filtered by the indexed `to` topic, starting at the deployment block from the address book.
// Each candidate's current owner is then checked with `ownerOf` (a position sold, merged or burned since
// drops out), its shares and pending reward read — 300 positions per eth_call through a deployless lens
// (contracts/periphery/PortfolioLens.sol), plus one multicall for the rigs' payout tokens.
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

import { rewardDistributorAbi } from "../abis.js";
import { type IndexerClient, getIndexedPositionIds, readIndexed } from "../indexer.js";
import { readMany } from "../internal/multicall.js";
import { readPositionsThroughLens } from "../internal/portfolioLens.js";
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
    // The indexed block itself is scanned again: its rows can trail /status for a moment, and a candidate
    // found twice is one candidate.
    start = indexed.indexedBlock;
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

  // 2. Owner, shares, paidX18 and pending reward of every candidate in one deployless eth_call per 300
  // (sdk/internal/portfolioLens.ts; a burned id reads as unowned), and in parallel one stream per rig for its
  // payout token. The ids the account still owns are kept.
  const ids = [...candidates].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rigIds = [...new Set(ids.map((id) => decodePositionId(id).rigId))];
  // Block 0 (genesis) can hold no logs, so a cursor never needs to point before it.
  const floor = start > 0n ? start - 1n : 0n;
  const scannedTo = head - confirmations > floor ? head - confirmations : floor;
  const [rows, streams, scannedToBlock] = await Promise.all([
    read(() => readPositionsThroughLens(client, contracts, ids, head)),
    read(() =>
      readMany<{ payoutToken: Address }>(
        client,
        rigIds.map((rigId) => ({
          address: contracts.distributor,
          abi: rewardDistributorAbi,
          functionName: "rigStream",
          args: [rigId],
        })),
        head,
      ),
    ),
    getBlock(client, { blockNumber: scannedTo }),
  ]);
  const scannedToHash = scannedToBlock.hash!;
  const payoutTokens = new Map<bigint, Address>();
  rigIds.forEach((rigId, i) => {
    const stream = streams[i]!;
    if (stream.ok) payoutTokens.set(rigId, stream.value.payoutToken);
  });
  const positions: PositionInfo[] = [];
  ids.forEach((positionId, i) => {
    const row = rows[i]!;
    if (row.owner !== owner) return;
    const { rigId, serial } = decodePositionId(positionId);
    const payoutToken = payoutTokens.get(rigId);
    // A minted position's rig exists at `head`: its stream view does not revert.
    if (payoutToken === undefined) throw new Error(`getPositions: rigStream(${rigId}) reverted at block ${head}`);
    positions.push({
      positionId,
      rigId,
      serial,
      owner,
      shares: row.shares,
      paidX18: row.paidX18,
      pendingReward: row.pendingReward,
      payoutToken,
    });
  });
  const owned = positions.map((p) => p.positionId);

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
