// pushEpochWithReport (anyone; usually the operator or the oracle updater): relays a signed report to the
// oracle and settles the epoch at the epoch funder in one transaction — net = gross − electricity −
// service fee − fee debt, pulled from the rig's operator, plus any SLA refund from the bond, streamed to
// holders. Pre-flight: the oracle would accept the report (simulated), the operator holds and has approved
// the net (approving it when the caller is the operator); then simulates and sends.
import { type Hash, type Hex, parseEventLogs } from "viem";
import { simulateContract } from "viem/actions";

import { epochFunderAbi, hashrateOracleAbi } from "../abis.js";
import type {
  InsufficientAllowanceError,
  InsufficientBalanceError,
  MissingContractError,
  RigshareErrorType,
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
import { type ReportErrorType, reportSignatures } from "./submitReport.js";

export type PushEpochWithReportParameters = ContractsParameter &
  WriteOptions & {
    report: EpochReport;
    /** Reporter signatures (at least the oracle's threshold). */
    signatures: readonly Hex[];
    /** Sort by ascending signer and drop duplicate signers first (default true). */
    orderSignatures?: boolean;
    /** The operator's approval of the funder when short (caller = operator only): "exact" (default), "max", false. */
    approve?: ApproveMode;
  };
export type PushEpochWithReportReturnType = WriteResult & {
  epoch: bigint;
  reportHash: Hex;
  breakdown: EpochBreakdown;
  approvalHash?: Hash;
};
export type PushEpochWithReportErrorType =
  ReportErrorType | InsufficientBalanceError | InsufficientAllowanceError | MissingContractError | RigshareErrorType;

export async function pushEpochWithReport(
  client: WriteClient,
  {
    contracts,
    report,
    signatures,
    orderSignatures = true,
    approve = "exact",
    onHash,
    beforeSend: confirmOnce,
  }: PushEpochWithReportParameters,
): Promise<PushEpochWithReportReturnType> {
  const oracle = oracleOf(contracts);
  const funder = funderOf(contracts);
  const beforeSend = once(confirmOnce);
  await requireRig(client, contracts, report.rigId);
  const ordered = await reportSignatures(client, contracts, report, signatures, orderSignatures);
  // The oracle's checks first (order, timing, bounds, signatures): its errors say more than an allowance.
  await read(() =>
    simulateContract(client, {
      account: client.account,
      address: oracle,
      abi: hashrateOracleAbi,
      functionName: "submitReport",
      args: [reportArg(report), ordered],
    }),
  );
  const { approveIfNeeded } = await prepareEpochFunding(client, contracts, report, approve);
  const approvalHash = await approveIfNeeded({ onHash, beforeSend });

  const { hash, receipt } = await send(
    client,
    {
      address: funder,
      abi: epochFunderAbi,
      functionName: "pushEpochWithReport",
      args: [reportArg(report), ordered],
      label: "push epoch with report",
    },
    { onHash, beforeSend },
  );
  const [accepted] = parseEventLogs({ abi: hashrateOracleAbi, eventName: "ReportAccepted", logs: receipt.logs });
  const [settled] = parseEventLogs({ abi: epochFunderAbi, eventName: "EpochSettled", logs: receipt.logs });
  return {
    hash,
    receipt,
    epoch: settled.args.epoch,
    reportHash: accepted.args.reportHash,
    breakdown: toBreakdown(settled.args.breakdown),
    ...(approvalHash ? { approvalHash } : {}),
  };
}
