// previewBreakdown: the breakdown a report would get if pushed now (the terms in force at the epoch's
// start applied, the fee debt carried, the SLA refund the bond can pay): what the operator must fund.
import type { ReadContractErrorType } from "viem";
import { readContract } from "viem/actions";

import { epochFunderAbi } from "../abis.js";
import type { MissingContractError, OracleNetworkUnsetError, RigSharesUnknownRigError } from "../errors.js";
import { funderOf, reportArg, requireRig, toBreakdown } from "../internal/oracle.js";
import { read } from "../internal/send.js";
import type { ContractsParameter, EpochBreakdown, EpochReport, ReadClient } from "../types.js";

export type PreviewBreakdownParameters = ContractsParameter & { report: EpochReport; blockNumber?: bigint };
export type PreviewBreakdownReturnType = EpochBreakdown;
export type PreviewBreakdownErrorType =
  RigSharesUnknownRigError | OracleNetworkUnsetError | MissingContractError | ReadContractErrorType;

export async function previewBreakdown(
  client: ReadClient,
  { contracts, report, blockNumber }: PreviewBreakdownParameters,
): Promise<PreviewBreakdownReturnType> {
  const funder = funderOf(contracts);
  await requireRig(client, contracts, report.rigId, blockNumber);
  const raw = await read(() =>
    readContract(client, {
      address: funder,
      abi: epochFunderAbi,
      functionName: "previewBreakdown",
      args: [reportArg(report)],
      ...(blockNumber === undefined ? {} : { blockNumber }),
    }),
  );
  return toBreakdown(raw);
}
