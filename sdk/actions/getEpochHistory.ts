// getEpochHistory: a rig's latest epochs pushed through the epoch funder, each with its breakdown (gross,
// electricity, service fee, fee debt in and out, SLA refund, net) and the block it settled in, newest
// first — from the funder's `EpochSettled` logs (indexed by rig), scanned back from the head in ranges
// until `limit` epochs are found or the deployment block is reached.
import { type GetLogsErrorType, parseAbiItem } from "viem";
import { getBlockNumber, getLogs } from "viem/actions";

import type { MissingContractError } from "../errors.js";
import { type IndexerClient, getIndexedEpochs, readIndexed } from "../indexer.js";
import { funderOf, toBreakdown } from "../internal/oracle.js";
import { read } from "../internal/send.js";
import type { ContractsParameter, EpochBreakdown, ReadClient } from "../types.js";

const epochSettledEvent = parseAbiItem(
  "event EpochSettled(uint256 indexed rigId, uint256 indexed epoch, (uint64 epoch, uint96 gross, uint96 electricity, uint96 serviceFee, uint96 debtIn, uint96 debtOut, uint96 slaRefund, uint96 net) breakdown)",
);

export type GetEpochHistoryParameters = ContractsParameter & {
  rigId: bigint;
  /** Most epochs to return (default 7). */
  limit?: number;
  /** Largest block range per eth_getLogs request. Default 10,000. */
  maxBlockRange?: bigint;
  /** Take the epochs settled up to this indexer's indexed block from it; scan only the blocks after. */
  indexer?: IndexerClient;
};
export type SettledEpoch = EpochBreakdown & { blockNumber: bigint };
export type GetEpochHistoryReturnType = SettledEpoch[];
export type GetEpochHistoryErrorType = MissingContractError | GetLogsErrorType;

export async function getEpochHistory(
  client: ReadClient,
  { contracts, rigId, limit = 7, maxBlockRange = 10_000n, indexer }: GetEpochHistoryParameters,
): Promise<GetEpochHistoryReturnType> {
  const funder = funderOf(contracts);
  if (maxBlockRange < 1n) throw new RangeError("maxBlockRange must be at least 1");
  const head = await getBlockNumber(client, { cacheTime: 0 });
  let floor = contracts.deploymentBlock ?? 0n;
  let indexed: SettledEpoch[] = [];
  if (indexer !== undefined) {
    const answer = await readIndexed(indexer, floor, head, () => getIndexedEpochs(indexer, rigId, limit));
    if (answer) {
      // Epochs the indexer settled after its status was read are left to the scan, which starts after it.
      indexed = answer.value.filter((e) => e.blockNumber <= answer.indexedBlock);
      floor = answer.indexedBlock + 1n;
    }
  }
  const found: SettledEpoch[] = [];
  for (let to = head; to >= floor && found.length < limit; to -= maxBlockRange) {
    const fromBlock = to - maxBlockRange + 1n > floor ? to - maxBlockRange + 1n : floor;
    const logs = await read(() =>
      getLogs(client, {
        address: funder,
        event: epochSettledEvent,
        args: { rigId },
        fromBlock,
        toBlock: to,
        strict: true,
      }),
    );
    for (const log of logs.reverse()) {
      if (found.length === limit) break;
      found.push({ ...toBreakdown(log.args.breakdown), blockNumber: log.blockNumber });
    }
  }
  return [...found, ...indexed].slice(0, limit);
}
