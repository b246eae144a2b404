// submitReport (anyone, usually a relayer): hands the oracle a report signed by at least `threshold`
// reporters. The oracle accepts it once, for the rig's next ended epoch, within bounds; pushReportedEpoch
// (or pushEpochWithReport, which does both in one transaction) then funds the epoch. Signatures are put
// in the order the oracle demands (ascending signer) unless `orderSignatures` is false.
import { type Hex, parseEventLogs } from "viem";

import { hashrateOracleAbi } from "../abis.js";
import type {
  ECDSAInvalidSignatureError,
  ECDSAInvalidSignatureSError,
  OracleEpochNotEndedError,
  OracleEpochOutOfOrderError,
  OracleInsufficientSignaturesError,
  OracleNotReporterError,
  OracleReportOutOfBoundsError,
  OracleReportPendingError,
  RigSharesUnknownRigError,
  RigshareErrorType,
} from "../errors.js";
import { oracleOf, reportArg, requireRig } from "../internal/oracle.js";
import { send } from "../internal/send.js";
import type { ContractsParameter, EpochReport, WriteClient, WriteOptions, WriteResult } from "../types.js";
import { orderReportSignatures, reportDomain } from "./signEpochReport.js";

export type SubmitReportParameters = ContractsParameter &
  WriteOptions & {
    report: EpochReport;
    /** 65-byte reporter signatures over the report's EIP-712 digest. */
    signatures: readonly Hex[];
    /** Sort by ascending signer and drop duplicate signers first (default true). */
    orderSignatures?: boolean;
  };
export type SubmitReportReturnType = WriteResult & { reportHash: Hex };
/** The oracle's report errors (also those of pushEpochWithReport). */
export type ReportErrorType =
  | RigSharesUnknownRigError
  | OracleEpochOutOfOrderError
  | OracleEpochNotEndedError
  | OracleReportPendingError
  | OracleReportOutOfBoundsError
  | OracleNotReporterError
  | OracleInsufficientSignaturesError
  | ECDSAInvalidSignatureError
  | ECDSAInvalidSignatureSError;
export type SubmitReportErrorType = ReportErrorType | RigshareErrorType;

/** The signatures as they will be sent: ordered for the oracle unless told otherwise. */
export async function reportSignatures(
  client: WriteClient,
  contracts: ContractsParameter["contracts"],
  report: EpochReport,
  signatures: readonly Hex[],
  order = true,
): Promise<Hex[]> {
  if (!order) return [...signatures];
  return orderReportSignatures({ ...(await reportDomain(client, contracts)), report, signatures });
}

export async function submitReport(
  client: WriteClient,
  { contracts, report, signatures, orderSignatures = true, onHash, beforeSend }: SubmitReportParameters,
): Promise<SubmitReportReturnType> {
  const oracle = oracleOf(contracts);
  await requireRig(client, contracts, report.rigId);
  const ordered = await reportSignatures(client, contracts, report, signatures, orderSignatures);
  const { hash, receipt } = await send(
    client,
    {
      address: oracle,
      abi: hashrateOracleAbi,
      functionName: "submitReport",
      args: [reportArg(report), ordered],
      label: "submit report",
    },
    { onHash, beforeSend },
  );
  const [event] = parseEventLogs({ abi: hashrateOracleAbi, eventName: "ReportAccepted", logs: receipt.logs });
  return { hash, receipt, reportHash: event.args.reportHash };
}
