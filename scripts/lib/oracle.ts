// Wires the oracle-backed epoch funding onto a deployed protocol (HashrateOracle + EpochFunder) and
// signs epoch reports the way the reporters do. Shared by the demo, the benchmark and the tests.
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";

import { epochReportTypes } from "../../sdk/index.js";
import type { EpochFunder, HashrateOracle } from "../../typechain-types/index.js";

import { ethersTypes, type Protocol } from "./protocol.js";

export type EpochReport = {
  rigId: bigint;
  epoch: bigint;
  deliveredHashrate: bigint;
  uptimeBps: bigint;
  grossReward: bigint;
  energyWh: bigint;
};

// The SDK's EIP-712 type of a report, as ethers wants it.
export const EPOCH_REPORT_TYPES = ethersTypes(epochReportTypes);

/** Bitcoin network in WBTC base units: difficulty 110 T, 3.125 BTC subsidy + 0.1 BTC average fees. */
export const BITCOIN_NETWORK = { difficulty: 110_000_000_000_000n, blockReward: 322_500_000n, style: 0 };

/**
 * The funder's tariff ceiling for WBTC in the demo, bench and tests: 500 sats per kWh, about $0.45 at
 * $90,000 per BTC, six to nine times the $0.05–0.08 industrial miners pay (deploy/parameters use the same).
 */
export const MAX_TARIFF_SATS_PER_KWH = 500n;

export type OracleParts = { oracle: HashrateOracle; funder: EpochFunder; reporters: HardhatEthersSigner[] };
export type OracleProtocol = Protocol & OracleParts;

/**
 * Deploys the oracle (3-of-5 reporters) and the funder and, unless `handOver` is false, hands epoch funding
 * to the funder (`handOverFunding`). Without the hand-over the operator still pushes to the distributor
 * directly, while rigs can already get their terms from the funder before their sale.
 */
export async function deployOracle<P extends Protocol>(
  p: P,
  threshold = 3,
  { handOver = true }: { handOver?: boolean } = {},
): Promise<P & OracleParts> {
  const { ethers } = p;
  const reporters = (await ethers.getSigners()).slice(10, 15);
  const oracle = (await ethers.deployContract("HashrateOracle", [
    await p.shares.getAddress(),
    await p.distributor.getAddress(),
    0,
    p.admin.address,
  ])) as unknown as HashrateOracle;
  const funder = (await ethers.deployContract("EpochFunder", [
    await p.shares.getAddress(),
    await p.distributor.getAddress(),
    await oracle.getAddress(),
    21,
    0,
    p.admin.address,
  ])) as unknown as EpochFunder;
  await oracle.setReporters(
    reporters.map((r) => r.address),
    reporters.map(() => true),
    threshold,
  );
  await oracle.setConsumer(await funder.getAddress());
  await oracle.setNetwork(await p.wbtc.getAddress(), BITCOIN_NETWORK);
  await funder.setMaxTariff(await p.wbtc.getAddress(), MAX_TARIFF_SATS_PER_KWH);
  await p.wbtc.connect(p.operator).approve(await funder.getAddress(), ethers.MaxUint256);
  const parts = { ...p, oracle, funder, reporters };
  if (handOver) await handOverFunding(parts);
  return parts;
}

/** The admin makes the funder the distributor's only pusher and lets it suspend rigs (ECONOMICS_ROLE). */
export async function handOverFunding(p: OracleProtocol): Promise<void> {
  await p.distributor.setFunder(await p.funder.getAddress());
  await p.shares.grantRole(await p.shares.ECONOMICS_ROLE(), await p.funder.getAddress());
}

/** Signatures of the first `count` reporters, in the ascending signer order the oracle requires. */
export async function signReport(p: OracleProtocol, report: EpochReport, count = 3): Promise<string[]> {
  const domain = {
    name: "Rigshare Hashrate Oracle",
    version: "1",
    chainId: (await p.ethers.provider.getNetwork()).chainId,
    verifyingContract: await p.oracle.getAddress(),
  };
  const signers = [...p.reporters].sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1)).slice(0, count);
  return Promise.all(signers.map((s) => s.signTypedData(domain, EPOCH_REPORT_TYPES, report)));
}
