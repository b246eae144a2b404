// pushEpoch (operator): funds the rig's next epoch with `amount` of its payout token, streamed over the
// next epoch length — only on deployments without an oracle-backed epoch funder. Once the distributor has
// a funder (every deployment of scripts/deploy.ts), epochs are funded from signed oracle reports and this
// throws DistributorReportRequiredError before sending anything: use pushEpochWithReport (or
// submitReport + pushReportedEpoch), or let the oracle updater (`npm run oracle`) push them.
// Pre-flight: pushes are not paused, there is no funder, the caller operates the rig, the epoch is the
// rig's next one and has ended, the amount is within the per-epoch cap and held; then approves the payout
// token for the distributor if needed, simulates and sends.
import { type Hash, getAddress, parseEventLogs, zeroAddress } from "viem";
import { getBlock, readContract } from "viem/actions";

import { rewardDistributorAbi, rigSharesAbi } from "../abis.js";
import {
  DistributorEpochNotEndedError,
  DistributorEpochOutOfOrderError,
  DistributorInvalidAmountError,
  DistributorNotRigOperatorError,
  DistributorReportRequiredError,
  DistributorUnknownRigError,
  EnforcedPauseError,
  type InsufficientAllowanceError,
  type InsufficientBalanceError,
  type RigshareErrorType,
} from "../errors.js";
import { type ApproveMode, checkFunding } from "../internal/approve.js";
import { toRigStream } from "../internal/convert.js";
import { once, read, send } from "../internal/send.js";
import type { ContractsParameter, WriteClient, WriteOptions, WriteResult } from "../types.js";

export type PushEpochParameters = ContractsParameter &
  WriteOptions & {
    rigId: bigint;
    /** Payout-token base units; zero for an epoch that earned nothing. */
    amount: bigint;
    /** Default: the rig's next epoch. */
    epoch?: bigint;
    /** Payout-token approval when the allowance is short: "exact" (default), "max", or false (throw). */
    approve?: ApproveMode;
  };
export type PushEpochReturnType = WriteResult & {
  epoch: bigint;
  rateX18: bigint;
  periodEnd: bigint;
  approvalHash?: Hash;
};
export type PushEpochErrorType =
  | DistributorNotRigOperatorError
  | DistributorReportRequiredError
  | DistributorUnknownRigError
  | DistributorEpochOutOfOrderError
  | DistributorEpochNotEndedError
  | DistributorInvalidAmountError
  | EnforcedPauseError
  | InsufficientBalanceError
  | InsufficientAllowanceError
  | RigshareErrorType;

/** Epoch `epoch` of a rig with `epochLength` may be pushed from this timestamp. */
export function epochEndsAt(epoch: bigint, epochLength: bigint): bigint {
  return (epoch + 1n) * epochLength;
}

export async function pushEpoch(
  client: WriteClient,
  { contracts, rigId, amount, epoch, approve = "exact", onHash, beforeSend: confirmOnce }: PushEpochParameters,
): Promise<PushEpochReturnType> {
  const beforeSend = once(confirmOnce);
  const caller = getAddress(client.account.address);
  const [paused, funder, operator, raw, block] = await read(() =>
    Promise.all([
      readContract(client, { address: contracts.distributor, abi: rewardDistributorAbi, functionName: "paused" }),
      readContract(client, { address: contracts.distributor, abi: rewardDistributorAbi, functionName: "funder" }),
      readContract(client, {
        address: contracts.rigShares,
        abi: rigSharesAbi,
        functionName: "operatorOf",
        args: [rigId],
      }),
      readContract(client, {
        address: contracts.distributor,
        abi: rewardDistributorAbi,
        functionName: "rigStream",
        args: [rigId],
      }),
      getBlock(client),
    ]),
  );
  const stream = toRigStream(raw);
  // Pre-flight, in the contract's order.
  if (paused) throw new EnforcedPauseError({});
  // A deployment with an oracle-backed epoch funder takes no direct pushes (see the EpochFunder contract).
  if (funder !== zeroAddress) throw new DistributorReportRequiredError({ rigId });
  if (getAddress(operator) !== caller) throw new DistributorNotRigOperatorError({ rigId, caller });
  if (stream.epochLength === 0n) throw new DistributorUnknownRigError({ rigId });
  const target = epoch ?? stream.nextEpoch;
  if (target !== stream.nextEpoch)
    throw new DistributorEpochOutOfOrderError({ rigId, expected: stream.nextEpoch, given: target });
  const endsAt = epochEndsAt(target, stream.epochLength);
  if (block.timestamp < endsAt) throw new DistributorEpochNotEndedError({ rigId, epoch: target, endsAt });
  if (amount > stream.maxEpochPayout)
    throw new DistributorInvalidAmountError({ amount, maxAmount: stream.maxEpochPayout });
  let approvalHash: Hash | undefined;
  if (amount > 0n) {
    const approveIfNeeded = await checkFunding(client, {
      token: stream.payoutToken,
      spender: contracts.distributor,
      amount,
      approve,
    });
    approvalHash = await approveIfNeeded({ onHash, beforeSend });
  }

  const { hash, receipt } = await send(
    client,
    {
      address: contracts.distributor,
      abi: rewardDistributorAbi,
      functionName: "pushEpoch",
      args: [rigId, target, amount],
      label: "push epoch",
    },
    { onHash, beforeSend },
  );
  const [pushed] = parseEventLogs({ abi: rewardDistributorAbi, eventName: "EpochPushed", logs: receipt.logs });
  return {
    hash,
    receipt,
    epoch: pushed.args.epoch,
    rateX18: pushed.args.rateX18,
    periodEnd: pushed.args.periodEnd,
    ...(approvalHash ? { approvalHash } : {}),
  };
}
