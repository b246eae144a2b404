// getRigEpochs: every paid epoch of a rig, oldest first, with what the charts of the rig page draw — the
// stream the distributor started (EpochPushed: amount, its start and end), the funder's breakdown
// (EpochSettled) and the accepted signed report (ReportAccepted: delivered hashrate, uptime), each when
// present. From the indexer's /rigs/:id/epochs up to its indexed block, then a log scan of the blocks after
// it (getEpochHistory's pattern); without an indexer, the scan from the deployment block.
import { parseAbiItem } from "viem";
import { getBlock, getBlockNumber, getLogs } from "viem/actions";

import { type IndexerClient, indexerGet, readIndexed } from "../indexer.js";
import { toBreakdown } from "../internal/oracle.js";
import { read } from "../internal/send.js";
import type { ContractsParameter, EpochBreakdown, ReadClient } from "../types.js";

const epochPushedEvent = parseAbiItem(
  "event EpochPushed(uint256 indexed rigId, uint256 indexed epoch, uint256 amount, uint256 rateX18, uint256 periodEnd)",
);
const epochSettledEvent = parseAbiItem(
  "event EpochSettled(uint256 indexed rigId, uint256 indexed epoch, (uint64 epoch, uint96 gross, uint96 electricity, uint96 serviceFee, uint96 debtIn, uint96 debtOut, uint96 slaRefund, uint96 net) breakdown)",
);
const reportAcceptedEvent = parseAbiItem(
  "event ReportAccepted(uint256 indexed rigId, uint256 indexed epoch, bytes32 reportHash, (uint256 rigId, uint256 epoch, uint256 deliveredHashrate, uint256 uptimeBps, uint256 grossReward, uint256 energyWh) report)",
);

export type RigEpoch = {
  epoch: bigint;
  /** The stream it funded: amount (payout-token base units), start (the push's block time) and end. */
  amount: bigint;
  streamStart: bigint;
  streamEnd: bigint;
  pushedBlock: bigint;
  /** The funder's breakdown; absent for an epoch pushed without the funder. */
  breakdown?: EpochBreakdown;
  /** The accepted signed report; absent when the epoch was pushed without one. */
  report?: { deliveredHashrate: bigint; uptimeBps: bigint };
};

export type GetRigEpochsParameters = ContractsParameter & {
  rigId: bigint;
  indexer?: IndexerClient;
  /** Largest block range per eth_getLogs request. Default 10,000. */
  maxBlockRange?: bigint;
};

type Row = Record<string, string | number | boolean | null>;

export async function getRigEpochs(
  client: ReadClient,
  { contracts, rigId, indexer, maxBlockRange = 10_000n }: GetRigEpochsParameters,
): Promise<RigEpoch[]> {
  if (maxBlockRange < 1n) throw new RangeError("maxBlockRange must be at least 1");
  const head = await getBlockNumber(client, { cacheTime: 0 });
  let floor = contracts.deploymentBlock ?? 0n;
  const byEpoch = new Map<bigint, RigEpoch>();
  const reports = new Map<bigint, RigEpoch["report"]>();

  if (indexer !== undefined) {
    const answer = await readIndexed(indexer, floor, head, async () => {
      const rows: Row[] = [];
      for (let offset = 0; ; offset += 1_000) {
        const { items } = await indexerGet<{ items: Row[] }>(indexer, `/rigs/${rigId}/epochs`, {
          limit: 1_000,
          offset,
        });
        rows.push(...items);
        if (items.length < 1_000) return rows;
      }
    });
    if (answer) {
      const big = (v: Row[string] | undefined) => BigInt((v ?? 0) as string | number);
      for (const r of answer.value) {
        if (r.deliveredHashrate != null && r.reportedBlock != null && big(r.reportedBlock) <= answer.indexedBlock)
          reports.set(big(r.epoch), { deliveredHashrate: big(r.deliveredHashrate), uptimeBps: big(r.uptimeBps) });
        if (r.pushedBlock == null || big(r.pushedBlock) > answer.indexedBlock) continue;
        byEpoch.set(big(r.epoch), {
          epoch: big(r.epoch),
          amount: big(r.amount),
          streamStart: big(r.streamStart),
          streamEnd: big(r.streamEnd),
          pushedBlock: big(r.pushedBlock),
          breakdown:
            r.gross == null
              ? undefined
              : {
                  epoch: big(r.epoch),
                  gross: big(r.gross),
                  electricity: big(r.electricity),
                  serviceFee: big(r.serviceFee),
                  debtIn: big(r.debtIn),
                  debtOut: big(r.debtOut),
                  slaRefund: big(r.slaRefund),
                  net: big(r.net),
                },
        });
      }
      floor = answer.indexedBlock + 1n;
    }
  }

  const settled = new Map<bigint, EpochBreakdown>();
  for (let from = floor; from <= head; from += maxBlockRange) {
    const to = from + maxBlockRange - 1n < head ? from + maxBlockRange - 1n : head;
    const [pushed, breakdowns, accepted] = await read(() =>
      Promise.all([
        getLogs(client, {
          address: contracts.distributor,
          event: epochPushedEvent,
          args: { rigId },
          fromBlock: from,
          toBlock: to,
          strict: true,
        }),
        contracts.funder
          ? getLogs(client, {
              address: contracts.funder,
              event: epochSettledEvent,
              args: { rigId },
              fromBlock: from,
              toBlock: to,
              strict: true,
            })
          : Promise.resolve([]),
        contracts.oracle
          ? getLogs(client, {
              address: contracts.oracle,
              event: reportAcceptedEvent,
              args: { rigId },
              fromBlock: from,
              toBlock: to,
              strict: true,
            })
          : Promise.resolve([]),
      ]),
    );
    for (const l of breakdowns) settled.set(l.args.epoch, toBreakdown(l.args.breakdown));
    for (const l of accepted)
      reports.set(l.args.epoch, {
        deliveredHashrate: l.args.report.deliveredHashrate,
        uptimeBps: l.args.report.uptimeBps,
      });
    for (const l of pushed) {
      const block = await read(() => getBlock(client, { blockNumber: l.blockNumber }));
      byEpoch.set(l.args.epoch, {
        epoch: l.args.epoch,
        amount: l.args.amount,
        streamStart: block.timestamp,
        streamEnd: l.args.periodEnd,
        pushedBlock: l.blockNumber,
      });
    }
  }
  for (const [epoch, b] of settled) {
    const e = byEpoch.get(epoch);
    if (e) e.breakdown = b;
  }
  const out = [...byEpoch.values()].sort((a, b) => (a.epoch < b.epoch ? -1 : a.epoch > b.epoch ? 1 : 0));
  for (const e of out) {
    const report = reports.get(e.epoch);
    if (report) e.report = report;
  }
  return out;
}
