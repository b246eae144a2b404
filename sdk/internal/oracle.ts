// Shared by the oracle and epoch-funder actions: their addresses (from the address book), the rig check
// every action runs first, and conversions between the structs viem decodes (numbers for small uints)
// and the SDK's all-bigint shapes.
import { type Address, getAddress } from "viem";
import { readContract } from "viem/actions";

import { rigSharesAbi } from "../abis.js";
import { FunderNotRigOperatorError, MissingContractError, RigSharesUnknownRigError } from "../errors.js";
import type {
  EpochBreakdown,
  EpochReport,
  OracleNetwork,
  ReadClient,
  RigshareContracts,
  WriteClient,
} from "../types.js";
import { read } from "./send.js";

/** The oracle's address, or MissingContractError for an address book without one. */
export function oracleOf(contracts: RigshareContracts): Address {
  if (!contracts.oracle) throw new MissingContractError("HashrateOracle");
  return contracts.oracle;
}

/** The epoch funder's address, or MissingContractError for an address book without one. */
export function funderOf(contracts: RigshareContracts): Address {
  if (!contracts.funder) throw new MissingContractError("EpochFunder");
  return contracts.funder;
}

/** What the oracle and funder actions need to know of a rig. */
export type RigBasics = {
  operator: Address;
  payoutToken: Address;
  /** Nominal hashrate, H/s. */
  hashrate: bigint;
  powerWatts: bigint;
  epochLength: bigint;
  totalShares: bigint;
};

/** The rig's registration, or RigSharesUnknownRigError: the funder and oracle give no clear error for it. */
export async function requireRig(
  client: ReadClient,
  contracts: RigshareContracts,
  rigId: bigint,
  blockNumber?: bigint,
): Promise<RigBasics> {
  const rig = await read(() =>
    readContract(client, {
      address: contracts.rigShares,
      abi: rigSharesAbi,
      functionName: "rig",
      args: [rigId],
      ...(blockNumber === undefined ? {} : { blockNumber }),
    }),
  );
  if (rig.status === 0) throw new RigSharesUnknownRigError({ rigId });
  return {
    operator: rig.operator,
    payoutToken: rig.payoutToken,
    hashrate: rig.hashrate,
    powerWatts: BigInt(rig.powerWatts),
    epochLength: BigInt(rig.epochLength),
    totalShares: rig.totalShares,
  };
}

/** `requireRig`, then FunderNotRigOperatorError unless the client's account operates the rig. */
export async function requireOperator(
  client: WriteClient,
  contracts: RigshareContracts,
  rigId: bigint,
): Promise<RigBasics> {
  const rig = await requireRig(client, contracts, rigId);
  const caller = getAddress(client.account.address);
  if (getAddress(rig.operator) !== caller) throw new FunderNotRigOperatorError({ rigId, caller });
  return rig;
}

/** The report as the contracts take it (a tuple of uint256s, by name). */
export function reportArg(report: EpochReport): EpochReport {
  return {
    rigId: report.rigId,
    epoch: report.epoch,
    deliveredHashrate: report.deliveredHashrate,
    uptimeBps: report.uptimeBps,
    grossReward: report.grossReward,
    energyWh: report.energyWh,
  };
}

type RawBreakdown = {
  epoch: bigint | number;
  gross: bigint;
  electricity: bigint;
  serviceFee: bigint;
  debtIn: bigint;
  debtOut: bigint;
  slaRefund: bigint;
  net: bigint;
};

export function toBreakdown(raw: RawBreakdown): EpochBreakdown {
  return {
    epoch: BigInt(raw.epoch),
    gross: raw.gross,
    electricity: raw.electricity,
    serviceFee: raw.serviceFee,
    debtIn: raw.debtIn,
    debtOut: raw.debtOut,
    slaRefund: raw.slaRefund,
    net: raw.net,
  };
}

/** The oracle's network parameters, or null when none are set (difficulty zero). */
export function toNetwork(raw: { difficulty: bigint; blockReward: bigint; style: number }): OracleNetwork | null {
  if (raw.difficulty === 0n) return null;
  return { difficulty: raw.difficulty, blockReward: raw.blockReward, style: raw.style === 0 ? "bitcoin" : "monero" };
}
