// configureRig (operator): sets a rig's initial terms at the epoch funder — electricity tariff, service
// fee, SLA threshold and the bond the operator must keep posted. Only before the rig's first funded epoch;
// afterwards tariff and fee change through proposeTerms, with a delay holders can see.
import { epochFunderAbi } from "../abis.js";
import type {
  FunderAlreadyStartedError,
  FunderInvalidTermsError,
  FunderNotRigOperatorError,
  RigSharesUnknownRigError,
  RigshareErrorType,
} from "../errors.js";
import { funderOf, requireOperator } from "../internal/oracle.js";
import { send } from "../internal/send.js";
import type { ContractsParameter, WriteClient, WriteOptions, WriteResult } from "../types.js";

export type ConfigureRigParameters = ContractsParameter &
  WriteOptions & {
    rigId: bigint;
    /** Electricity price, payout-token base units per kWh. */
    tariffPerKWh: bigint;
    /** Service fee, bps of gross (≤ the funder's MAX_SERVICE_FEE_BPS, 3,000). */
    serviceFeeBps: bigint;
    /** 0 (no SLA) or 5,000–10,000: delivery below nominal × this / 10,000 is refunded from the bond. */
    slaThresholdBps: bigint;
    /** Bond (payout-token base units) below which nothing can be withdrawn. */
    requiredBond: bigint;
  };
export type ConfigureRigReturnType = WriteResult;
export type ConfigureRigErrorType =
  | RigSharesUnknownRigError
  | FunderNotRigOperatorError
  | FunderAlreadyStartedError
  | FunderInvalidTermsError
  | RigshareErrorType;

export async function configureRig(
  client: WriteClient,
  {
    contracts,
    rigId,
    tariffPerKWh,
    serviceFeeBps,
    slaThresholdBps,
    requiredBond,
    onHash,
    beforeSend,
  }: ConfigureRigParameters,
): Promise<ConfigureRigReturnType> {
  const funder = funderOf(contracts);
  await requireOperator(client, contracts, rigId);
  const { hash, receipt } = await send(
    client,
    {
      address: funder,
      abi: epochFunderAbi,
      functionName: "configureRig",
      args: [rigId, tariffPerKWh, serviceFeeBps, slaThresholdBps, requiredBond],
      label: "configure rig terms",
    },
    { onHash, beforeSend },
  );
  return { hash, receipt };
}
