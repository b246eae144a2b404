// getEpochHistory: a rig's latest epochs pushed through the epoch funder, each with its breakdown (gross,
// electricity, service fee, fee debt in and out, SLA refund, net) and the block it settled in, newest
// first — from the funder's `EpochSettled` logs (indexed by rig), scanned back from the head in ranges
// until `limit` epochs are found or the deployment block is reached.
import { type GetLogsErrorType, parseAbiItem } from "viem";
import { getBlockNumber, getLogs } from "viem/actions";

import type { MissingContractError } from "../errors.js";
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
};
export type SettledEpoch = EpochBreakdown & { blockNumber: bigint };
export type GetEpochHistoryReturnType = SettledEpoch[];
export type GetEpochHistoryErrorType = MissingContractError | GetLogsErrorType;

export async function getEpochHistory(
  client: ReadClient,
  { contracts, rigId, limit = 7, maxBlockRange = 10_000n }: GetEpochHistoryParameters,
): Promise<GetEpochHistoryReturnType> {
  const funder = funderOf(contracts);
  if (maxBlockRange < 1n) throw new RangeError("maxBlockRange must be at least 1");
  const floor = contracts.deploymentBlock ?? 0n;
  const found: SettledEpoch[] = [];
  for (
    let to = await getBlockNumber(client, { cacheTime: 0 });
    to >= floor && found.length < limit;
    to -= maxBlockRange
  ) {
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
  return found;
}
