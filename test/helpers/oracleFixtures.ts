// Named fixtures and helpers for the oracle-verified epoch suites (HashrateOracle, EpochFunder, oracle
// attacks): the protocol wired to a 3-of-5 reporter set, EIP-712 report signing as reporters do it with
// ethers, and bigint mirrors of MiningMath and of the funder's settlement, written from the documented
// formulas, so expected values never come from the contracts under test.
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { TypedDataDomain } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import type { EpochFunder, HashrateOracle } from "../../typechain-types/index.js";
import { DAY, type Protocol, mintShares, protocolWithRigFixture } from "./fixtures.js";
import { MAX_TARIFF_SATS_PER_KWH, EPOCH_REPORT_TYPES as REPORT_TYPES } from "../../scripts/lib/oracle.js";

export { MAX_TARIFF_SATS_PER_KWH };

export const TH = 10n ** 12n; // 1 TH/s in H/s
export const BPS = 10_000n;
/** secp256k1 group order: a signature with s > N / 2 is the malleated twin of one with N − s. */
export const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** Bitcoin-like network of the WBTC payout token: difficulty 110 T, 3.125 BTC subsidy + 0.1 BTC fees. */
export const BTC_DIFFICULTY = 110_000_000_000_000n;
export const BTC_BLOCK_REWARD = 322_500_000n;
export enum DifficultyStyle {
  Bitcoin,
  Monero,
}

/** The default rig of fixtures.ts: 200 TH/s, 3,500 W, one-day epochs, at most 1 BTC an epoch. */
export const NOMINAL = 200n * TH;
export const POWER_WATTS = 3_500n;
export const MAX_EPOCH_PAYOUT = 100_000_000n;
/** 3,500 W for 24 h. */
export const FULL_DAY_WH = 84_000n;

/** Oracle defaults set by its constructor. */
export const TOLERANCE_BPS = 10_500n;
export const LUCK_BPS = 20_000n;
export const STALE_AFTER = 3n;
export const REPORTERS = 5;
export const THRESHOLD = 3;
export const SUSPEND_AFTER = 21n;

/** Funder terms of `fundedRigFixture`: 60 sat/kWh (≈ $0.06 at $100k), 2% fee, 92% SLA, 0.001 BTC bond minimum. */
export const TARIFF = 60n;
export const FEE_BPS = 200n;
export const SLA_BPS = 9_200n;
export const REQUIRED_BOND = 100_000n;
export const BOND = 300_000n;

export const TERMS_DELAY = 2n * DAY;
/** Width of every breakdown field: electricity and debt saturate there. */
export const UINT96_MAX = 2n ** 96n - 1n;
export const BOND_WITHDRAWAL_DELAY = 7n * DAY;

export type EpochReport = {
  rigId: bigint;
  epoch: bigint;
  deliveredHashrate: bigint;
  uptimeBps: bigint;
  grossReward: bigint;
  energyWh: bigint;
};

// The EIP-712 type the reporters sign, shared with the demo and the benchmark.

export { REPORT_TYPES };

export type OracleProtocol = Awaited<ReturnType<typeof oracleFixture>>;
export type FundedRig = Awaited<ReturnType<typeof fundedRigFixture>>;

// ───────────────────────────── fixtures ─────────────────────────────

/** Deploys a HashrateOracle on `p`'s share token and distributor with `reporters` at `threshold` and the WBTC network set. */
export async function deployOracle(
  p: Protocol,
  reporters: HardhatEthersSigner[],
  threshold: number,
): Promise<HashrateOracle> {
  const oracle = (await p.ethers.deployContract("HashrateOracle", [
    await p.shares.getAddress(),
    await p.distributor.getAddress(),
    0,
    p.admin.address,
  ])) as unknown as HashrateOracle;
  await oracle.setReporters(
    reporters.map((r) => r.address),
    reporters.map(() => true),
    threshold,
  );
  await oracle.setNetwork(await p.wbtc.getAddress(), {
    difficulty: BTC_DIFFICULTY,
    blockReward: BTC_BLOCK_REWARD,
    style: DifficultyStyle.Bitcoin,
  });
  return oracle;
}

/**
 * The default protocol and rig with a 3-of-5 oracle (reporters are signers 10–14), the epoch funder as the
 * oracle's consumer, the distributor's funder and holder of ECONOMICS_ROLE, and the operator's WBTC
 * approved to the funder. Signer 15 (`outsider`) is no reporter; `keeper` relays and pushes.
 */
export async function oracleFixture(c: NetworkConnection) {
  const p = await protocolWithRigFixture(c);
  const signers = await c.ethers.getSigners();
  const reporters = signers.slice(10, 10 + REPORTERS);
  const oracle = await deployOracle(p, reporters, THRESHOLD);
  const funder = (await c.ethers.deployContract("EpochFunder", [
    await p.shares.getAddress(),
    await p.distributor.getAddress(),
    await oracle.getAddress(),
    SUSPEND_AFTER,
    0,
    p.admin.address,
  ])) as unknown as EpochFunder;
  await oracle.setConsumer(await funder.getAddress());
  await funder.setMaxTariff(await p.wbtc.getAddress(), MAX_TARIFF_SATS_PER_KWH);
  await p.distributor.setFunder(await funder.getAddress());
  await p.shares.grantRole(await p.shares.ECONOMICS_ROLE(), await funder.getAddress());
  await p.wbtc.connect(p.operator).approve(await funder.getAddress(), c.ethers.MaxUint256);
  return { ...p, oracle, funder, reporters, outsider: signers[15], keeper: p.stranger };
}

/**
 * `oracleFixture` with alice holding 600 and bob 400 of the rig's 1,000 shares, terms configured
 * (TARIFF, FEE_BPS, SLA_BPS, REQUIRED_BOND) and BOND posted by the operator; nothing pushed yet.
 */
export async function fundedRigFixture(c: NetworkConnection) {
  return fundedRigWithTerms(c, {});
}

/** Terms of a rig configured before its sale (`fundedRigWithTerms`); each defaults to the fixture's own. */
export type RigTerms = { tariff?: bigint; feeBps?: bigint; slaBps?: bigint; requiredBond?: bigint };

/**
 * `fundedRigFixture` with other terms. Terms are set before the sale because configureRig is refused once a
 * share exists (issue 11, F2): wrap it in a named fixture function for `loadFixture`.
 */
export async function fundedRigWithTerms(c: NetworkConnection, terms: RigTerms) {
  const p = await oracleFixture(c);
  const { tariff = TARIFF, feeBps = FEE_BPS, slaBps = SLA_BPS, requiredBond = REQUIRED_BOND } = terms;
  await p.funder.connect(p.operator).configureRig(p.rigId, tariff, feeBps, slaBps, requiredBond);
  const alicePos = await mintShares(p, p.alice, p.rigId, 600n);
  const bobPos = await mintShares(p, p.bob, p.rigId, 400n);
  await p.funder.connect(p.operator).depositBond(p.rigId, BOND);
  return { ...p, alicePos, bobPos };
}

// ───────────────────────────── signing ─────────────────────────────

/** The oracle's EIP-712 domain on the current chain, or with `overrides` (another chain or contract). */
export async function oracleDomain(
  p: OracleProtocol,
  oracle: HashrateOracle = p.oracle,
  overrides: Partial<TypedDataDomain> = {},
): Promise<TypedDataDomain> {
  return {
    name: "Rigshare Hashrate Oracle",
    version: "1",
    chainId: (await p.ethers.provider.getNetwork()).chainId,
    verifyingContract: await oracle.getAddress(),
    ...overrides,
  };
}

/** `signers` in ascending address order, as the oracle requires its signatures. */
export function ascending<T extends { address: string }>(signers: T[]): T[] {
  return [...signers].sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
}

/** Signatures of `report` by `signers`, in the order given. */
export async function signReport(
  report: EpochReport,
  signers: HardhatEthersSigner[],
  domain: TypedDataDomain,
): Promise<string[]> {
  const signatures: string[] = [];
  for (const s of signers) signatures.push(await s.signTypedData(domain, REPORT_TYPES, report));
  return signatures;
}

/** Signatures of `report` by the first `count` reporters in ascending address order, for `p.oracle`. */
export async function quorumSignatures(p: OracleProtocol, report: EpochReport, count = THRESHOLD): Promise<string[]> {
  return signReport(report, ascending(p.reporters).slice(0, count), await oracleDomain(p));
}

/** The same signature with s → N − s and v flipped: the malleated twin ecrecover also accepts. */
export function malleate(signature: string, ethers: Protocol["ethers"]): string {
  const bytes = ethers.getBytes(signature);
  const r = bytes.slice(0, 32);
  const s = BigInt(ethers.hexlify(bytes.slice(32, 64)));
  const v = bytes[64] === 27 ? 28 : 27;
  return ethers.concat([r, ethers.toBeHex(SECP256K1_N - s, 32), new Uint8Array([v])]);
}

// ───────────────────────────── reports and time ─────────────────────────────

/** Moves time to the end of the rig's next reportable epoch (if not already past it). */
export async function toEpochEnd(p: OracleProtocol, rigId: bigint = p.rigId): Promise<bigint> {
  const epoch = await p.oracle.nextReportEpoch(rigId);
  const stream = await p.distributor.rigStream(rigId);
  const endsAt = (epoch + 1n) * stream.epochLength;
  if (BigInt(await p.connection.networkHelpers.time.latest()) < endsAt) {
    await p.connection.networkHelpers.time.increaseTo(endsAt);
  }
  return epoch;
}

/**
 * A report for the rig's next epoch: the nominal hashrate all day, 84,000 Wh, and a gross of exactly the
 * network's expected reward for the nominal hashrate (mirrored, not read from the oracle), unless overridden.
 */
export async function nextReport(p: OracleProtocol, overrides: Partial<EpochReport> = {}): Promise<EpochReport> {
  const rigId = overrides.rigId ?? p.rigId;
  return {
    rigId,
    epoch: await p.oracle.nextReportEpoch(rigId),
    deliveredHashrate: NOMINAL,
    uptimeBps: BPS,
    grossReward: expectedRewardOf(NOMINAL, DAY, BTC_DIFFICULTY, BTC_BLOCK_REWARD, DifficultyStyle.Bitcoin),
    energyWh: FULL_DAY_WH,
    ...overrides,
  };
}

/** Advances to the end of the next epoch, builds its report, has 3 reporters sign it and a keeper relay and push it. */
export async function pushReport(p: OracleProtocol, overrides: Partial<EpochReport> = {}) {
  await toEpochEnd(p, overrides.rigId ?? p.rigId);
  const report = await nextReport(p, overrides);
  const signatures = await quorumSignatures(p, report);
  const tx = await p.funder.connect(p.keeper).pushEpochWithReport(report, signatures);
  return { report, signatures, tx };
}

// ───────────────────────────── mirrors of the math ─────────────────────────────

/** `E = H × t × reward / (D × 2^32)` (Bitcoin-style) or `H × t × reward / D` (Monero-style), rounded down. */
export function expectedRewardOf(
  hashrate: bigint,
  duration: bigint,
  difficulty: bigint,
  blockReward: bigint,
  style: DifficultyStyle,
): bigint {
  const hashesPerBlock = style === DifficultyStyle.Bitcoin ? difficulty * 2n ** 32n : difficulty;
  return (hashrate * duration * blockReward) / hashesPerBlock;
}

export type GrossCapOptions = {
  luckBps?: bigint;
  difficulty?: bigint;
  blockReward?: bigint;
  style?: DifficultyStyle;
  maxEpochPayout?: bigint;
};

/**
 * The oracle's gross cap for a report delivering `delivered` H/s: the expected reward of that hashrate over
 * the epoch (rounded down), times luck (rounded down), and never above the rig's maxEpochPayout.
 */
export function grossCapOf(delivered: bigint, epochLength: bigint = DAY, options: GrossCapOptions = {}): bigint {
  const {
    luckBps = LUCK_BPS,
    difficulty = BTC_DIFFICULTY,
    blockReward = BTC_BLOCK_REWARD,
    style = DifficultyStyle.Bitcoin,
    maxEpochPayout = MAX_EPOCH_PAYOUT,
  } = options;
  const cap = (expectedRewardOf(delivered, epochLength, difficulty, blockReward, style) * luckBps) / BPS;
  return cap < maxEpochPayout ? cap : maxEpochPayout;
}

/** The oracle's energy cap: W × s / 3600 with the tolerance. */
export function maxEnergyOf(powerWatts: bigint, epochLength: bigint, toleranceBps = TOLERANCE_BPS): bigint {
  return (powerWatts * epochLength * toleranceBps) / (3_600n * BPS);
}

export type Breakdown = {
  epoch: bigint;
  gross: bigint;
  electricity: bigint;
  serviceFee: bigint;
  debtIn: bigint;
  debtOut: bigint;
  slaRefund: bigint;
  net: bigint;
};

export type SettlementTerms = {
  tariff: bigint;
  feeBps: bigint;
  slaBps: bigint;
  debtIn: bigint;
  bond: bigint;
  nominal?: bigint;
  maxEpochPayout?: bigint;
  /** Expected reward of the nominal hashrate over the epoch (refund of a zero-delivery epoch). */
  expectedForNominal?: bigint;
};

/**
 * The documented settlement: net = gross − electricity (Wh × tariff / 1000) − fee (gross × bps / 10,000)
 * − debt in, a shortfall carried as debt out; refund owed below the SLA = gross × (nominal − delivered) /
 * delivered (the nominal expectation when nothing was delivered), paid up to the bond and up to
 * maxEpochPayout − net; electricity and debt out saturate at 2^96 − 1 (the breakdown's width). Returns the
 * breakdown and the refund owed before those caps.
 */
export function settle(r: EpochReport, t: SettlementTerms): { breakdown: Breakdown; refundOwed: bigint } {
  const nominal = t.nominal ?? NOMINAL;
  const maxEpochPayout = t.maxEpochPayout ?? MAX_EPOCH_PAYOUT;
  const electricity = (r.energyWh * t.tariff) / 1_000n;
  const serviceFee = (r.grossReward * t.feeBps) / BPS;
  const costs = electricity + serviceFee + t.debtIn;
  const net = r.grossReward >= costs ? r.grossReward - costs : 0n;
  const debtOut = r.grossReward >= costs ? 0n : costs - r.grossReward;
  let refundOwed = 0n;
  const d = r.deliveredHashrate;
  if (t.slaBps !== 0n && d * BPS < nominal * t.slaBps && d < nominal) {
    refundOwed = d === 0n ? (t.expectedForNominal ?? 0n) : (r.grossReward * (nominal - d)) / d;
  }
  const room = maxEpochPayout > net ? maxEpochPayout - net : 0n;
  let slaRefund = refundOwed < t.bond ? refundOwed : t.bond;
  if (slaRefund > room) slaRefund = room;
  return {
    breakdown: {
      epoch: r.epoch,
      gross: r.grossReward,
      electricity: electricity < UINT96_MAX ? electricity : UINT96_MAX,
      serviceFee,
      debtIn: t.debtIn,
      debtOut: debtOut < UINT96_MAX ? debtOut : UINT96_MAX,
      slaRefund,
      net,
    },
    refundOwed,
  };
}

/** A breakdown struct read from the chain as a plain object, for deep equality. */
export function plainBreakdown(b: Breakdown): Breakdown {
  return {
    epoch: b.epoch,
    gross: b.gross,
    electricity: b.electricity,
    serviceFee: b.serviceFee,
    debtIn: b.debtIn,
    debtOut: b.debtOut,
    slaRefund: b.slaRefund,
    net: b.net,
  };
}

/**
 * What a position of `shares` out of `totalShares` has earned once one stream of `amount` over `duration`
 * has fully run, starting from a rig with no accrual, no carry and nothing unallocated (the distributor's
 * rounding: rate ⌊amount·1e18 / duration⌋, increment ⌊released / totalShares⌋, earned ⌊shares · increment / 1e18⌋).
 */
export function earnedFromFirstStream(amount: bigint, duration: bigint, totalShares: bigint, shares: bigint): bigint {
  const SCALE = 10n ** 18n;
  const released = ((amount * SCALE) / duration) * duration;
  return (shares * (released / totalShares)) / SCALE;
}
