// The oracle's EIP-712 report type: domain, struct hash (what `pendingReport` stores), digest (what the
// reporters sign) and the signature order the contract demands (strictly ascending signer address).
import { type Address, type Hex, type LocalAccount, hashStruct, hashTypedData, recoverTypedDataAddress } from "viem";

import type { EpochReport } from "./report.js";

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

export type OracleDomain = { name: string; version: string; chainId: number; verifyingContract: Address };

export function oracleDomain(chainId: number, oracle: Address): OracleDomain {
  return { name: ORACLE_DOMAIN_NAME, version: ORACLE_DOMAIN_VERSION, chainId, verifyingContract: oracle };
}

/** The report's EIP-712 struct hash (the oracle's `pendingReport` and `ReportAccepted.reportHash`). */
export function reportStructHash(report: EpochReport): Hex {
  return hashStruct({ data: report, primaryType: "EpochReport", types: epochReportTypes });
}

/** The digest reporters sign (the oracle's `reportDigest`). */
export function reportDigest(domain: OracleDomain, report: EpochReport): Hex {
  return hashTypedData({ domain, types: epochReportTypes, primaryType: "EpochReport", message: report });
}

/** A reporter's signature over `report` (viem signs low-s, as the oracle requires). */
export function signReport(account: LocalAccount, domain: OracleDomain, report: EpochReport): Promise<Hex> {
  if (!account.signTypedData) throw new Error(`account ${account.address} cannot sign typed data`);
  return account.signTypedData({ domain, types: epochReportTypes, primaryType: "EpochReport", message: report });
}

/** The signer of `signature` over `report`. */
export function recoverReportSigner(domain: OracleDomain, report: EpochReport, signature: Hex): Promise<Address> {
  return recoverTypedDataAddress({
    domain,
    types: epochReportTypes,
    primaryType: "EpochReport",
    message: report,
    signature,
  });
}

export type ReportSignature = { signer: Address; signature: Hex };

/** Signatures ordered as the oracle demands: strictly ascending signer address, one per signer. */
export function orderSignatures(signatures: readonly ReportSignature[]): ReportSignature[] {
  const unique = new Map<bigint, ReportSignature>();
  for (const s of signatures) unique.set(BigInt(s.signer), s);
  return [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, s]) => s);
}
