// pushReportedEpoch (anyone): settles and funds an epoch whose report the oracle already accepted
// (submitReport), through the epoch funder's `pushEpoch(report)`. Pre-flight: the report is exactly the
// rig's accepted one, the operator holds and has approved the net (approved here when the caller is the
// operator); then simulates and sends.
import { type Hash, parseEventLogs } from "viem";
import { readContract } from "viem/actions";

import { epochFunderAbi, hashrateOracleAbi } from "../abis.js";
import {
  type InsufficientAllowanceError,
  type InsufficientBalanceError,
  type MissingContractError,
  OracleReportNotAcceptedError,
  type RigSharesUnknownRigError,
  type RigshareErrorType,
} from "../errors.js";
import type { ApproveMode } from "../internal/approve.js";
import { prepareEpochFunding } from "../internal/epochFunding.js";
import { funderOf, oracleOf, reportArg, requireRig, toBreakdown } from "../internal/oracle.js";
import { once, read, send } from "../internal/send.js";
import type {
  ContractsParameter,
  EpochBreakdown,
  EpochReport,
  WriteClient,
  WriteOptions,
  WriteResult,
} from "../types.js";
import { epochReportHash } from "./signEpochReport.js";

export type PushReportedEpochParameters = ContractsParameter &
  WriteOptions & {
    /** The report exactly as the oracle accepted it. */
    report: EpochReport;
    /** The operator's approval of the funder when short (caller = operator only): "exact" (default), "max", false. */
    approve?: ApproveMode;
  };
export type PushReportedEpochReturnType = WriteResult & {
  epoch: bigint;
  breakdown: EpochBreakdown;
  approvalHash?: Hash;
};
export type PushReportedEpochErrorType =
  | RigSharesUnknownRigError
  | OracleReportNotAcceptedError
  | InsufficientBalanceError
  | InsufficientAllowanceError
  | MissingContractError
  | RigshareErrorType;

export async function pushReportedEpoch(
  client: WriteClient,
  { contracts, report, approve = "exact", onHash, beforeSend: confirmOnce }: PushReportedEpochParameters,
): Promise<PushReportedEpochReturnType> {
  const oracle = oracleOf(contracts);
  const funder = funderOf(contracts);
  const beforeSend = once(confirmOnce);
  await requireRig(client, contracts, report.rigId);
  const [next, pending] = await read(() =>
    Promise.all([
      readContract(client, {
        address: oracle,
        abi: hashrateOracleAbi,
        functionName: "nextReportEpoch",
        args: [report.rigId],
      }),
      readContract(client, {
        address: oracle,
        abi: hashrateOracleAbi,
        functionName: "pendingReport",
        args: [report.rigId],
      }),
    ]),
  );
  if (report.epoch !== next || pending !== epochReportHash(report))
    throw new OracleReportNotAcceptedError({ rigId: report.rigId, epoch: report.epoch });
  const { approveIfNeeded } = await prepareEpochFunding(client, contracts, report, approve);
  const approvalHash = await approveIfNeeded({ onHash, beforeSend });

  const { hash, receipt } = await send(
    client,
    {
      address: funder,
      abi: epochFunderAbi,
      functionName: "pushEpoch",
      args: [reportArg(report)],
      label: "push reported epoch",
    },
    { onHash, beforeSend },
  );
  const [settled] = parseEventLogs({ abi: epochFunderAbi, eventName: "EpochSettled", logs: receipt.logs });
  return {
    hash,
    receipt,
    epoch: settled.args.epoch,
    breakdown: toBreakdown(settled.args.breakdown),
    ...(approvalHash ? { approvalHash } : {}),
  };
}
