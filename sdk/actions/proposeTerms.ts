// proposeTerms (operator): proposes a new tariff and service fee; they apply to epochs starting at or after
// `effectiveAt` (now + the funder's TERMS_DELAY, two days), so holders see them coming.
import { parseEventLogs } from "viem";

import { epochFunderAbi } from "../abis.js";
import type {
  FunderInvalidTermsError,
  FunderNotRigOperatorError,
  RigSharesUnknownRigError,
  RigshareErrorType,
} from "../errors.js";
import { funderOf, requireOperator } from "../internal/oracle.js";
import { send } from "../internal/send.js";
import type { ContractsParameter, WriteClient, WriteOptions, WriteResult } from "../types.js";

export type ProposeTermsParameters = ContractsParameter &
  WriteOptions & {
    rigId: bigint;
    /** New electricity price, payout-token base units per kWh. */
    tariffPerKWh: bigint;
    /** New service fee, bps of gross (≤ 3,000). */
    serviceFeeBps: bigint;
  };
export type ProposeTermsReturnType = WriteResult & { effectiveAt: bigint };
export type ProposeTermsErrorType =
  RigSharesUnknownRigError | FunderNotRigOperatorError | FunderInvalidTermsError | RigshareErrorType;

export async function proposeTerms(
  client: WriteClient,
  { contracts, rigId, tariffPerKWh, serviceFeeBps, onHash, beforeSend }: ProposeTermsParameters,
): Promise<ProposeTermsReturnType> {
  const funder = funderOf(contracts);
  await requireOperator(client, contracts, rigId);
  const { hash, receipt } = await send(
    client,
    {
      address: funder,
      abi: epochFunderAbi,
      functionName: "proposeTerms",
      args: [rigId, tariffPerKWh, serviceFeeBps],
      label: "propose terms",
    },
    { onHash, beforeSend },
  );
  const [event] = parseEventLogs({ abi: epochFunderAbi, eventName: "TermsProposed", logs: receipt.logs });
  return { hash, receipt, effectiveAt: event.args.effectiveAt };
}
