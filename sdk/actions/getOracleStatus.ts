// getOracleStatus: what the hashrate oracle knows of a rig, read at one block — its reporter set and
// threshold, the next epoch it expects a report for, a report accepted but not yet pushed, how many
// finished epochs lack a report and whether that makes the rig stale, the report bounds, the network
// parameters of the rig's payout token, the gross cap a report delivering a given hashrate may carry and
// the expected daily revenue of the rig's nominal hashrate.
import { type Address, type Hex, type ReadContractErrorType, zeroHash } from "viem";
import { getBlock, readContract } from "viem/actions";

import { hashrateOracleAbi } from "../abis.js";
import type { MissingContractError, OracleUnknownRigError, RigSharesUnknownRigError } from "../errors.js";
import { oracleOf, requireRig, toNetwork } from "../internal/oracle.js";
import { read } from "../internal/send.js";
import type { ContractsParameter, OracleNetwork, ReadClient } from "../types.js";

export type GetOracleStatusParameters = ContractsParameter & {
  rigId: bigint;
  /** Delivered hashrate (H/s) to compute `grossCap` for; default: the rig's nominal hashrate. */
  deliveredHashrate?: bigint;
  /** Read at this block (default: latest). */
  blockNumber?: bigint;
};

export type OracleStatus = {
  oracle: Address;
  rigId: bigint;
  blockNumber: bigint;
  /** Timestamp of that block. */
  timestamp: bigint;
  payoutToken: Address;
  /** Active reporters. */
  reporterCount: bigint;
  /** Signatures a report needs. */
  threshold: bigint;
  /** The epoch the oracle expects a report for (the distributor's next epoch). */
  nextReportEpoch: bigint;
  /** When that epoch ends: it can be reported from then. */
  nextReportableAt: bigint;
  /** EIP-712 struct hash of the accepted report waiting to be pushed, or null. */
  pendingReport: Hex | null;
  /** Finished epochs without an accepted report. */
  epochsBehind: bigint;
  /** Whether `epochsBehind` reached `bounds.staleAfterEpochs`. */
  isStale: boolean;
  bounds: {
    /** Delivered hashrate may reach nominal × toleranceBps / 10,000. */
    toleranceBps: bigint;
    /** Gross may reach the expected reward × luckBps / 10,000. */
    luckBps: bigint;
    staleAfterEpochs: bigint;
  };
  /** Network parameters of the payout token's coin; null when the admin has not set them (no report passes). */
  network: OracleNetwork | null;
  /** The hashrate `grossCap` is computed for, H/s. */
  deliveredHashrate: bigint;
  /** Largest gross a report delivering `deliveredHashrate` may carry, payout-token base units (null: no network). */
  grossCap: bigint | null;
  /** Expected gross of the rig's nominal hashrate over one day (null: no network). */
  expectedDailyRevenue: bigint | null;
};

export type GetOracleStatusReturnType = OracleStatus;
export type GetOracleStatusErrorType =
  RigSharesUnknownRigError | OracleUnknownRigError | MissingContractError | ReadContractErrorType;

export async function getOracleStatus(
  client: ReadClient,
  { contracts, rigId, deliveredHashrate, blockNumber }: GetOracleStatusParameters,
): Promise<GetOracleStatusReturnType> {
  const oracle = oracleOf(contracts);
  const block = await getBlock(client, blockNumber === undefined ? {} : { blockNumber });
  const at = block.number!;
  const rig = await requireRig(client, contracts, rigId, at);
  const byRig = { address: oracle, abi: hashrateOracleAbi, args: [rigId], blockNumber: at } as const;
  const [[reporterCount, threshold], next, pending, behind, stale, [toleranceBps, luckBps, staleAfterEpochs], rawNet] =
    await read(() =>
      Promise.all([
        readContract(client, { address: oracle, abi: hashrateOracleAbi, functionName: "reporterSet", blockNumber: at }),
        readContract(client, { ...byRig, functionName: "nextReportEpoch" }),
        readContract(client, { ...byRig, functionName: "pendingReport" }),
        readContract(client, { ...byRig, functionName: "epochsBehind" }),
        readContract(client, { ...byRig, functionName: "isStale" }),
        readContract(client, { address: oracle, abi: hashrateOracleAbi, functionName: "bounds", blockNumber: at }),
        readContract(client, {
          address: oracle,
          abi: hashrateOracleAbi,
          functionName: "network",
          args: [rig.payoutToken],
          blockNumber: at,
        }),
      ]),
    );
  const network = toNetwork(rawNet);
  const delivered = deliveredHashrate ?? rig.hashrate;
  // Both revert with OracleNetworkUnset while the payout token has no network parameters.
  const [grossCap, expectedDailyRevenue] = network
    ? await read(() =>
        Promise.all([
          readContract(client, {
            address: oracle,
            abi: hashrateOracleAbi,
            functionName: "grossCap",
            args: [rigId, delivered],
            blockNumber: at,
          }),
          readContract(client, { ...byRig, functionName: "expectedDailyRevenue" }),
        ]),
      )
    : [null, null];
  return {
    oracle,
    rigId,
    blockNumber: at,
    timestamp: block.timestamp,
    payoutToken: rig.payoutToken,
    reporterCount,
    threshold,
    nextReportEpoch: next,
    nextReportableAt: (next + 1n) * rig.epochLength,
    pendingReport: pending === zeroHash ? null : pending,
    epochsBehind: behind,
    isStale: stale,
    bounds: { toleranceBps, luckBps, staleAfterEpochs },
    network,
    deliveredHashrate: delivered,
    grossCap,
    expectedDailyRevenue,
  };
}
