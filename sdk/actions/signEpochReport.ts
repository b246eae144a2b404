// signEpochReport (reporter): signs an epoch report as the oracle's EIP-712 typed data — domain
// { name: "Rigshare Hashrate Oracle", version: "1", chainId, verifyingContract: the oracle }, type
// EpochReport(uint256 rigId, uint256 epoch, uint256 deliveredHashrate, uint256 uptimeBps,
// uint256 grossReward, uint256 energyWh). Also here: the typed data itself (for wallets and remote signers),
// the report's struct hash (what the oracle's `pendingReport` holds), signer recovery, and the order the
// oracle demands (strictly ascending signer address). viem signs low-s, as the oracle requires.
import {
  type Address,
  type Hex,
  type SignTypedDataErrorType,
  getAddress,
  hashStruct,
  hashTypedData,
  recoverTypedDataAddress,
  size,
} from "viem";
import { getChainId, signTypedData } from "viem/actions";

import type { MissingContractError } from "../errors.js";
import { oracleOf, reportArg } from "../internal/oracle.js";
import type { ContractsParameter, EpochReport, ReadClient, WriteClient } from "../types.js";

export const ORACLE_DOMAIN_NAME = "Rigshare Hashrate Oracle";
export const ORACLE_DOMAIN_VERSION = "1";

export const epochReportTypes = {
  EpochReport: [
    { name: "rigId", type: "uint256" },
    { name: "epoch", type: "uint256" },
    { name: "deliveredHashrate", type: "uint256" },
    { name: "uptimeBps", type: "uint256" },
    { name: "grossReward", type: "uint256" },
    { name: "energyWh", type: "uint256" },
  ],
} as const;

export type EpochReportDomain = { chainId: number; oracle: Address };

/** The EIP-712 typed data of `report` for the oracle at `oracle` on `chainId` (what a wallet signs). */
export function epochReportTypedData({ chainId, oracle, report }: EpochReportDomain & { report: EpochReport }) {
  return {
    domain: { name: ORACLE_DOMAIN_NAME, version: ORACLE_DOMAIN_VERSION, chainId, verifyingContract: oracle },
    types: epochReportTypes,
    primaryType: "EpochReport",
    message: reportArg(report),
  } as const;
}

/** The report's EIP-712 struct hash: the oracle's `pendingReport` and `ReportAccepted.reportHash`. */
export function epochReportHash(report: EpochReport): Hex {
  return hashStruct({ data: reportArg(report), primaryType: "EpochReport", types: epochReportTypes });
}

/** The digest reporters sign: the oracle's `reportDigest`. */
export function epochReportDigest(params: EpochReportDomain & { report: EpochReport }): Hex {
  return hashTypedData(epochReportTypedData(params));
}

/** The signer of `signature` over `report`. */
export function recoverReportSigner(
  params: EpochReportDomain & { report: EpochReport; signature: Hex },
): Promise<Address> {
  return recoverTypedDataAddress({ ...epochReportTypedData(params), signature: params.signature });
}

/**
 * `signatures` in the order the oracle demands: strictly ascending signer address, one per signer. When a
 * signature is malformed (wrong length, unrecoverable) they are returned as given, for the oracle to reject.
 */
export async function orderReportSignatures(
  params: EpochReportDomain & { report: EpochReport; signatures: readonly Hex[] },
): Promise<Hex[]> {
  const bySigner = new Map<bigint, Hex>();
  for (const signature of params.signatures) {
    let signer: Address;
    try {
      if (size(signature) !== 65) return [...params.signatures];
      signer = await recoverReportSigner({ ...params, signature });
    } catch {
      return [...params.signatures];
    }
    bySigner.set(BigInt(getAddress(signer)), signature);
  }
  return [...bySigner.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, s]) => s);
}

/** The chain id and oracle the signatures are for (the client's chain unless given). */
export async function reportDomain(
  client: ReadClient,
  contracts: ContractsParameter["contracts"],
  chainId?: number,
): Promise<EpochReportDomain> {
  return { chainId: chainId ?? (await getChainId(client)), oracle: oracleOf(contracts) };
}

export type SignEpochReportParameters = ContractsParameter & {
  report: EpochReport;
  /** Default: the client's chain id (asked from the RPC). */
  chainId?: number;
};
export type SignEpochReportReturnType = Hex;
export type SignEpochReportErrorType = MissingContractError | SignTypedDataErrorType;

export async function signEpochReport(
  client: WriteClient,
  { contracts, report, chainId }: SignEpochReportParameters,
): Promise<SignEpochReportReturnType> {
  const domain = await reportDomain(client, contracts, chainId);
  return signTypedData(client, { account: client.account, ...epochReportTypedData({ ...domain, report }) });
}
