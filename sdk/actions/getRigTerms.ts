// getRigTerms: a rig's economic terms at the epoch funder — tariff and service fee in force, SLA threshold,
// SLA bond (posted, required, withdrawable), fee debt, backup capacity and whether the rig runs on it,
// default, the run of negative epochs, terms proposed for later and a requested bond withdrawal.
import type { ReadContractErrorType } from "viem";
import { getBlockNumber, readContract } from "viem/actions";

import { epochFunderAbi } from "../abis.js";
import type { MissingContractError, RigSharesUnknownRigError } from "../errors.js";
import { funderOf, requireRig } from "../internal/oracle.js";
import { read } from "../internal/send.js";
import type { ContractsParameter, ReadClient } from "../types.js";

export type GetRigTermsParameters = ContractsParameter & {
  rigId: bigint;
  /** Read at this block (default: latest). */
  blockNumber?: bigint;
};

export type RigTerms = {
  rigId: bigint;
  /** Electricity price, payout-token base units per kWh. */
  tariffPerKWh: bigint;
  /** Operator's service fee, bps of gross. */
  serviceFeeBps: bigint;
  /** Delivered hashrate below nominal × this / 10,000 is refunded from the bond (0: no SLA). */
  slaThresholdBps: bigint;
  /** Consecutive epochs whose own costs exceeded their gross (the rig is suspended at the funder's limit). */
  negativeRun: bigint;
  /** Whether an epoch was pushed through the funder (terms then change only with a delay). */
  started: boolean;
  onBackup: boolean;
  /** The bond could not cover an SLA refund (cleared once the bond is back at the required minimum). */
  inDefault: boolean;
  /** Costs not yet covered by gross, repaid from later epochs first. */
  feeDebt: bigint;
  /** SLA bond posted, payout-token base units. */
  bond: bigint;
  requiredBond: bigint;
  /** Bond above the required minimum (what a withdrawal may take). */
  withdrawable: bigint;
  /** Declared backup capacity, H/s. */
  backupHashrate: bigint;
  /** Terms proposed with `proposeTerms`, applying to epochs that start at or after `effectiveAt`. */
  pending: { tariffPerKWh: bigint; serviceFeeBps: bigint; effectiveAt: bigint } | null;
  /** A requested bond withdrawal, executable from `readyAt`. */
  withdrawal: { amount: bigint; readyAt: bigint } | null;
};

export type GetRigTermsReturnType = RigTerms;
export type GetRigTermsErrorType = RigSharesUnknownRigError | MissingContractError | ReadContractErrorType;

export async function getRigTerms(
  client: ReadClient,
  { contracts, rigId, blockNumber }: GetRigTermsParameters,
): Promise<GetRigTermsReturnType> {
  const funder = funderOf(contracts);
  const at = blockNumber ?? (await getBlockNumber(client, { cacheTime: 0 }));
  await requireRig(client, contracts, rigId, at);
  const t = await read(() =>
    readContract(client, {
      address: funder,
      abi: epochFunderAbi,
      functionName: "terms",
      args: [rigId],
      blockNumber: at,
    }),
  );
  return {
    rigId,
    tariffPerKWh: t.tariffPerKWh,
    serviceFeeBps: BigInt(t.serviceFeeBps),
    slaThresholdBps: BigInt(t.slaThresholdBps),
    negativeRun: BigInt(t.negativeRun),
    started: t.started,
    onBackup: t.onBackup,
    inDefault: t.inDefault,
    feeDebt: t.feeDebt,
    bond: t.bond,
    requiredBond: t.requiredBond,
    withdrawable: t.bond > t.requiredBond ? t.bond - t.requiredBond : 0n,
    backupHashrate: t.backupHashrate,
    pending:
      t.pendingEffectiveAt === 0n
        ? null
        : {
            tariffPerKWh: t.pendingTariffPerKWh,
            serviceFeeBps: BigInt(t.pendingServiceFeeBps),
            effectiveAt: BigInt(t.pendingEffectiveAt),
          },
    withdrawal:
      t.withdrawalReadyAt === 0n ? null : { amount: t.withdrawalAmount, readyAt: BigInt(t.withdrawalReadyAt) },
  };
}
