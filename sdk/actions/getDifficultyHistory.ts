// getDifficultyHistory: every network difficulty the oracle recorded for a payout token's coin (HashrateOracle
// NetworkSet events, from `setNetwork`), oldest first, with the block and its timestamp — the history the
// difficulty forecast (sdk/forecast.ts) is fitted to. With `indexer`, the events up to its indexed block come
// from its /events route (the `event` table keeps every event) and only the blocks after are scanned; without
// it (or with the indexer down or on another chain) the logs are scanned from the deployment block in ranges.
// Both give the same answer (test/indexer/difficultyHistory.test.ts).
import { type Address, type GetLogsErrorType, getAddress, parseAbiItem } from "viem";
import { getBlock, getBlockNumber, getLogs } from "viem/actions";

import type { MissingContractError } from "../errors.js";
import { type IndexerClient, indexerGet, readIndexed } from "../indexer.js";
import { oracleOf } from "../internal/oracle.js";
import { read } from "../internal/send.js";
import type { DifficultyModel } from "../roi.js";
import type { ContractsParameter, ReadClient } from "../types.js";

const networkSetEvent = parseAbiItem(
  "event NetworkSet(address indexed payoutToken, (uint128 difficulty, uint120 blockReward, uint8 style) network)",
);

export type GetDifficultyHistoryParameters = ContractsParameter & {
  payoutToken: Address;
  /** Largest block range per eth_getLogs request. Default 10,000. */
  maxBlockRange?: bigint;
  /** Take the events up to this indexer's indexed block from it; scan only the blocks after. */
  indexer?: IndexerClient;
};

export type DifficultyRecord = {
  blockNumber: bigint;
  /** The block's timestamp, Unix seconds. */
  timestamp: bigint;
  difficulty: bigint;
  blockReward: bigint;
  style: DifficultyModel;
};
export type GetDifficultyHistoryReturnType = DifficultyRecord[];
export type GetDifficultyHistoryErrorType = MissingContractError | GetLogsErrorType;

const styleOf = (style: number | bigint | string): DifficultyModel => (Number(style) === 0 ? "bitcoin" : "monero");

type IndexedEvent = {
  args: { payoutToken: string; network: { difficulty: string; blockReward: string; style: number | string } };
  blockNumber: string;
  timestamp: string;
};

/** The NetworkSet events of `payoutToken` the indexer holds, in chain order. */
async function indexedHistory(indexer: IndexerClient, payoutToken: Address): Promise<DifficultyRecord[]> {
  const found: DifficultyRecord[] = [];
  for (let offset = 0; ; offset += 1_000) {
    const { items } = await indexerGet<{ items: IndexedEvent[] }>(indexer, "/events", {
      contract: "HashrateOracle",
      name: "NetworkSet",
      limit: 1_000,
      offset,
    });
    for (const e of items) {
      if (getAddress(e.args.payoutToken) !== payoutToken) continue;
      found.push({
        blockNumber: BigInt(e.blockNumber),
        timestamp: BigInt(e.timestamp),
        difficulty: BigInt(e.args.network.difficulty),
        blockReward: BigInt(e.args.network.blockReward),
        style: styleOf(e.args.network.style),
      });
    }
    if (items.length < 1_000) return found;
  }
}

export async function getDifficultyHistory(
  client: ReadClient,
  { contracts, payoutToken, maxBlockRange = 10_000n, indexer }: GetDifficultyHistoryParameters,
): Promise<GetDifficultyHistoryReturnType> {
  const oracle = oracleOf(contracts);
  if (maxBlockRange < 1n) throw new RangeError("maxBlockRange must be at least 1");
  const token = getAddress(payoutToken);
  const head = await getBlockNumber(client, { cacheTime: 0 });
  let floor = contracts.deploymentBlock ?? 0n;
  let indexed: DifficultyRecord[] = [];
  if (indexer !== undefined) {
    const answer = await readIndexed(indexer, floor, head, () => indexedHistory(indexer, token));
    if (answer) {
      indexed = answer.value.filter((e) => e.blockNumber <= answer.indexedBlock);
      floor = answer.indexedBlock + 1n;
    }
  }
  const scanned: DifficultyRecord[] = [];
  const timestamps = new Map<bigint, bigint>();
  for (let from = floor; from <= head; from += maxBlockRange) {
    const to = from + maxBlockRange - 1n < head ? from + maxBlockRange - 1n : head;
    const logs = await read(() =>
      getLogs(client, {
        address: oracle,
        event: networkSetEvent,
        args: { payoutToken: token },
        fromBlock: from,
        toBlock: to,
        strict: true,
      }),
    );
    for (const log of logs) {
      let timestamp = timestamps.get(log.blockNumber);
      if (timestamp === undefined) {
        timestamp = (await read(() => getBlock(client, { blockNumber: log.blockNumber }))).timestamp;
        timestamps.set(log.blockNumber, timestamp);
      }
      scanned.push({
        blockNumber: log.blockNumber,
        timestamp,
        difficulty: log.args.network.difficulty,
        blockReward: log.args.network.blockReward,
        style: styleOf(log.args.network.style),
      });
    }
  }
  return [...indexed, ...scanned];
}
