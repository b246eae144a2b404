// Behaviour tests of EpochFunder and of the pieces of RigShares and RewardDistributor it relies on
// (suspendRig, setFunder, fundEpoch, DistributorReportRequired). Every epoch's breakdown is checked to the
// unit against the documented settlement (mirrored in bigint in helpers/oracleFixtures.ts): net = gross −
// electricity − fee − debt in, shortfalls carried as fee debt, SLA refunds from the bond into the stream
// within the bond and maxEpochPayout; the operator funds exactly the net; holders earn exactly what was
// streamed; terms change only after TERMS_DELAY; bonds leave only above the minimum and after a delay.
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import type { FeeOnTransferERC20 } from "../typechain-types/index.js";
import {
  DAY,
  STRIDE,
  mintShares,
  now,
  protocolWithRigFixture,
  pushNextEpoch,
  registerRig,
  sha256RigParams,
} from "./helpers/fixtures.js";
import {
  BOND,
  BOND_WITHDRAWAL_DELAY,
  BTC_BLOCK_REWARD,
  BTC_DIFFICULTY,
  DifficultyStyle,
  FEE_BPS,
  NOMINAL,
  REQUIRED_BOND,
  SLA_BPS,
  SUSPEND_AFTER,
  TARIFF,
  TERMS_DELAY,
  TH,
  UINT96_MAX,
  type Breakdown,
  type EpochReport,
  type OracleProtocol,
  type SettlementTerms,
  earnedFromFirstStream,
  expectedRewardOf,
  fundedRigFixture,
  fundedRigWithTerms,
  nextReport,
  oracleFixture,
  plainBreakdown,
  pushReport,
  quorumSignatures,
  settle,
  toEpochEnd,
  MAX_TARIFF_SATS_PER_KWH,
} from "./helpers/oracleFixtures.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { loadFixture, time } = networkHelpers;

const ADMIN_ROLE = ethers.ZeroHash;
const ECONOMICS_ROLE = ethers.id("ECONOMICS_ROLE");
const UINT128_MAX = 2n ** 128n - 1n;
const ACTIVE = 1n; // IRigShares.RigStatus.Active
const RETIRED = 2n; // IRigShares.RigStatus.Retired
const SUSPENDED = 3n; // IRigShares.RigStatus.Suspended
/** Expected gross of the nominal 200 TH/s over one day on the fixture's network. */
const EXPECTED_DAY = expectedRewardOf(NOMINAL, DAY, BTC_DIFFICULTY, BTC_BLOCK_REWARD, DifficultyStyle.Bitcoin);

// ───────────────────────────── fixtures ─────────────────────────────

/** `oracleFixture` with terms configured but only 1,000 sats of bond (below the 100,000 minimum). */
async function thinBondFixture(c: NetworkConnection) {
  const p = await oracleFixture(c);
  await p.funder.connect(p.operator).configureRig(p.rigId, TARIFF, FEE_BPS, SLA_BPS, REQUIRED_BOND);
  const alicePos = await mintShares(p, p.alice, p.rigId, 1_000n);
  await p.funder.connect(p.operator).depositBond(p.rigId, 1_000n);
  return { ...p, alicePos };
}

/** `fundedRigFixture` plus a second rig (id 2) whose epochs may stream at most 10,000 sats, same terms and bond. */
async function cappedRigFixture(c: NetworkConnection) {
  return cappedRigWith(c, TARIFF, FEE_BPS);
}

/** `cappedRigFixture` with no costs on the capped rig: tariff and fee 0, the same SLA and bond. */
async function costlessCappedRigFixture(c: NetworkConnection) {
  return cappedRigWith(c, 0n, 0n);
}

async function cappedRigWith(c: NetworkConnection, tariff: bigint, feeBps: bigint) {
  const p = await fundedRigFixture(c);
  const cappedRigId = await registerRig(
    p,
    sha256RigParams(await p.usdc.getAddress(), await p.wbtc.getAddress(), { maxEpochPayout: 10_000n }),
  );
  await p.funder.connect(p.operator).configureRig(cappedRigId, tariff, feeBps, SLA_BPS, REQUIRED_BOND);
  const cappedPos = await mintShares(p, p.carol, cappedRigId, 1_000n);
  await p.funder.connect(p.operator).depositBond(cappedRigId, BOND);
  return { ...p, cappedRigId, cappedPos };
}

/** `fundedRigFixture` with the SLA disabled (threshold 0). */
async function noSlaFixture(c: NetworkConnection) {
  return fundedRigWithTerms(c, { slaBps: 0n });
}

/** `fundedRigFixture` with a required bond of BOND − 10,000: only 10,000 of the bond may leave. */
async function tightBondFixture(c: NetworkConnection) {
  return fundedRigWithTerms(c, { requiredBond: BOND - 10_000n });
}

/** `oracleFixture` plus a rig (id 2) paying a token that burns 1% of every transfer, network set, no costs. */
async function feeOnTransferFixture(c: NetworkConnection) {
  const p = await oracleFixture(c);
  const fot = (await c.ethers.deployContract("FeeOnTransferERC20", [100])) as unknown as FeeOnTransferERC20;
  const fotAddress = await fot.getAddress();
  const fotRigId = await registerRig(p, sha256RigParams(await p.usdc.getAddress(), fotAddress));
  await p.oracle.setNetwork(fotAddress, {
    difficulty: BTC_DIFFICULTY,
    blockReward: BTC_BLOCK_REWARD,
    style: DifficultyStyle.Bitcoin,
  });
  await fot.mint(p.operator.address, 10n ** 12n);
  await fot.connect(p.operator).approve(await p.funder.getAddress(), c.ethers.MaxUint256);
  await p.funder.connect(p.operator).configureRig(fotRigId, 0, 0, 0, 0);
  await mintShares(p, p.alice, fotRigId, 10n);
  return { ...p, fot, fotRigId };
}

/** A fresh protocol whose distributor's funder is dave's account (no oracle), to exercise fundEpoch directly. */
async function eoaFunderFixture(c: NetworkConnection) {
  const p = await protocolWithRigFixture(c);
  const alicePos = await mintShares(p, p.alice, p.rigId, 1_000n);
  await p.distributor.setFunder(p.dave.address);
  await p.wbtc.mint(p.dave.address, 1_000_000n);
  return { ...p, alicePos };
}

// ───────────────────────────── helpers ─────────────────────────────

/** The rig's terms, debt, bond, nominal hashrate and epoch cap as the chain holds them now. */
async function currentTerms(p: OracleProtocol, rigId: bigint = p.rigId): Promise<SettlementTerms> {
  const t = await p.funder.terms(rigId);
  const [, nominal] = await p.shares.rigSpec(rigId);
  const [, , , maxEpochPayout] = await p.distributor.epochTerms(rigId);
  return {
    nominal,
    maxEpochPayout,
    tariff: t.tariffPerKWh,
    feeBps: t.serviceFeeBps,
    slaBps: t.slaThresholdBps,
    debtIn: t.feeDebt,
    bond: t.bond,
    expectedForNominal: EXPECTED_DAY,
  };
}

/** Builds and signs the next report, then pushes it from the keeper in a block at `at`. */
async function pushAt(p: OracleProtocol, at: bigint, overrides: Partial<EpochReport> = {}) {
  const report = await nextReport(p, overrides);
  const signatures = await quorumSignatures(p, report);
  await time.setNextBlockTimestamp(at);
  const tx = await p.funder.connect(p.keeper).pushEpochWithReport(report, signatures);
  return { report, tx };
}

/** Breakdown the EpochSettled event of `tx` carries. */
async function settledIn(p: OracleProtocol, tx: { wait(): Promise<unknown> }): Promise<Breakdown> {
  const receipt = (await tx.wait()) as { logs: { topics: readonly string[]; data: string }[] };
  for (const log of receipt.logs) {
    const parsed = p.funder.interface.parseLog(log);
    if (parsed?.name === "EpochSettled") return plainBreakdown(parsed.args.breakdown as Breakdown);
  }
  throw new Error("EpochSettled not emitted");
}

/** Pushes the next epoch and checks its breakdown, stored and emitted, against the mirror; returns it. */
async function pushAndCheck(p: OracleProtocol, overrides: Partial<EpochReport> = {}, rigId: bigint = p.rigId) {
  await toEpochEnd(p, rigId);
  const report = await nextReport(p, { rigId, ...overrides });
  const terms = await currentTerms(p, rigId);
  const expected = settle(report, terms);
  const preview = plainBreakdown(await p.funder.previewBreakdown(report));
  const tx = await p.funder.connect(p.keeper).pushEpochWithReport(report, await quorumSignatures(p, report));
  const emitted = await settledIn(p, tx);
  expect(emitted, "emitted breakdown").to.deep.equal(expected.breakdown);
  expect(plainBreakdown(await p.funder.lastBreakdown(rigId)), "stored breakdown").to.deep.equal(expected.breakdown);
  expect(preview, "preview before the push").to.deep.equal(expected.breakdown);
  return { report, tx, breakdown: expected.breakdown, refundOwed: expected.refundOwed, terms };
}

async function everyoneBut(...excluded: HardhatEthersSigner[]): Promise<HardhatEthersSigner[]> {
  const skip = new Set(excluded.map((s) => s.address));
  return (await ethers.getSigners()).filter((s) => !skip.has(s.address));
}

// ───────────────────────────── tests ─────────────────────────────

describe("EpochFunder", function () {
  describe("configureRig", function () {
    it("sets the initial terms with TermsConfigured, visible in terms()", async function () {
      const p = await loadFixture(oracleFixture);
      await expect(p.funder.connect(p.operator).configureRig(p.rigId, 65n, 250n, 9_000n, 5_000n))
        .to.emit(p.funder, "TermsConfigured")
        .withArgs(p.rigId, 65n, 250n, 9_000n, 5_000n);
      const t = await p.funder.terms(p.rigId);
      expect([t.tariffPerKWh, t.serviceFeeBps, t.slaThresholdBps, t.requiredBond, t.started]).to.deep.equal([
        65n,
        250n,
        9_000n,
        5_000n,
        false,
      ]);
    });

    it("accepts the ends of every range and rejects one step beyond each", async function () {
      const p = await loadFixture(oracleFixture);
      // The widest tariff ceiling the admin can set (issue 11, F2), so the tariff's own range is reachable.
      await p.funder.connect(p.admin).setMaxTariff(p.wbtc, UINT128_MAX);
      const configure = (tariff: bigint, fee: bigint, sla: bigint, bond: bigint) =>
        p.funder.connect(p.operator).configureRig(p.rigId, tariff, fee, sla, bond);
      expect(await p.funder.MAX_SERVICE_FEE_BPS()).to.equal(3_000n);
      const accepted: [bigint, bigint, bigint, bigint][] = [
        [0n, 0n, 0n, 0n],
        [UINT128_MAX, 3_000n, 5_000n, UINT128_MAX],
        [1n, 1n, 10_000n, 1n],
      ];
      for (const [tariff, fee, sla, bond] of accepted) {
        await expect(configure(tariff, fee, sla, bond))
          .to.emit(p.funder, "TermsConfigured")
          .withArgs(p.rigId, tariff, fee, sla, bond);
      }
      // A tariff is bounded by the ceiling now (F2): one above the widest ceiling is FunderTariffAboveCeiling.
      await expect(configure(UINT128_MAX + 1n, 0n, 0n, 0n))
        .to.be.revertedWithCustomError(p.funder, "FunderTariffAboveCeiling")
        .withArgs(UINT128_MAX + 1n, UINT128_MAX);
      for (const [tariff, fee, sla, bond, what] of [
        [0n, 3_001n, 0n, 0n, "serviceFeeBps"],
        [0n, 0n, 1n, 0n, "slaThresholdBps"],
        [0n, 0n, 4_999n, 0n, "slaThresholdBps"],
        [0n, 0n, 10_001n, 0n, "slaThresholdBps"],
        [0n, 0n, 0n, UINT128_MAX + 1n, "requiredBond"],
      ] as const) {
        await expect(configure(tariff, fee, sla, bond))
          .to.be.revertedWithCustomError(p.funder, "FunderInvalidTerms")
          .withArgs(what);
      }
    });

    it("can be redone until the rig's first share is minted, then is FunderAlreadyStarted (issue 11, F2)", async function () {
      const p = await loadFixture(oracleFixture);
      const configure = (tariff: bigint) =>
        p.funder.connect(p.operator).configureRig(p.rigId, tariff, FEE_BPS, SLA_BPS, REQUIRED_BOND);
      await configure(10n);
      await configure(TARIFF);
      await mintShares(p, p.alice, p.rigId, 1n);
      // Holders bought under these terms: no change without proposeTerms' delay, and nothing else changed.
      await expect(configure(MAX_TARIFF_SATS_PER_KWH))
        .to.be.revertedWithCustomError(p.funder, "FunderAlreadyStarted")
        .withArgs(p.rigId);
      const t = await p.funder.terms(p.rigId);
      expect([t.tariffPerKWh, t.serviceFeeBps, t.slaThresholdBps, t.requiredBond]).to.deep.equal([
        TARIFF,
        FEE_BPS,
        SLA_BPS,
        REQUIRED_BOND,
      ]);
      // The delayed path stays open.
      await expect(p.funder.connect(p.operator).proposeTerms(p.rigId, MAX_TARIFF_SATS_PER_KWH, FEE_BPS)).to.emit(
        p.funder,
        "TermsProposed",
      );
    });

    it("stays refused after the first push, and after the minted shares are burned", async function () {
      const p = await loadFixture(fundedRigFixture);
      await pushReport(p);
      expect((await p.funder.terms(p.rigId)).started).to.equal(true);
      await expect(p.funder.connect(p.operator).configureRig(p.rigId, TARIFF, FEE_BPS, SLA_BPS, REQUIRED_BOND))
        .to.be.revertedWithCustomError(p.funder, "FunderAlreadyStarted")
        .withArgs(p.rigId);
      // A rig whose only position was minted and burned before any push: still sold once, still refused.
      const q = await loadFixture(oracleFixture);
      const position = await mintShares(q, q.alice, q.rigId, 5n);
      await q.shares.connect(q.alice).burn(position);
      expect((await q.funder.terms(q.rigId)).started).to.equal(false);
      await expect(q.funder.connect(q.operator).configureRig(q.rigId, 0n, 0n, 0n, 0n))
        .to.be.revertedWithCustomError(q.funder, "FunderAlreadyStarted")
        .withArgs(q.rigId);
    });

    it("rejects an unknown rig with FunderUnknownRig (configure, bond deposit, backup)", async function () {
      const p = await loadFixture(oracleFixture);
      await expect(p.funder.connect(p.operator).configureRig(99n, 0, 0, 0, 0))
        .to.be.revertedWithCustomError(p.funder, "FunderUnknownRig")
        .withArgs(99n);
      await expect(p.funder.connect(p.operator).depositBond(99n, 1n))
        .to.be.revertedWithCustomError(p.funder, "FunderUnknownRig")
        .withArgs(99n);
      await expect(p.funder.connect(p.operator).declareBackup(99n, 1n))
        .to.be.revertedWithCustomError(p.funder, "FunderUnknownRig")
        .withArgs(99n);
    });
  });

  describe("proposeTerms", function () {
    it("announces new terms effective after TERMS_DELAY; the next epoch, pushed 1 s before, settles under the old ones", async function () {
      const p = await loadFixture(fundedRigFixture);
      expect(await p.funder.TERMS_DELAY()).to.equal(TERMS_DELAY);
      await pushReport(p);
      const proposedAt = (await now(p)) + 1n;
      await time.setNextBlockTimestamp(proposedAt);
      const effectiveAt = proposedAt + TERMS_DELAY;
      await expect(p.funder.connect(p.operator).proposeTerms(p.rigId, 120n, 500n))
        .to.emit(p.funder, "TermsProposed")
        .withArgs(p.rigId, 120n, 500n, effectiveAt);
      const pending = await p.funder.terms(p.rigId);
      expect([pending.pendingTariffPerKWh, pending.pendingServiceFeeBps, pending.pendingEffectiveAt]).to.deep.equal([
        120n,
        500n,
        effectiveAt,
      ]);
      expect([pending.tariffPerKWh, pending.serviceFeeBps]).to.deep.equal([TARIFF, FEE_BPS]);

      const before = await pushAt(p, effectiveAt - 1n);
      await expect(before.tx).to.not.emit(p.funder, "TermsApplied");
      const old = settle(before.report, { tariff: TARIFF, feeBps: FEE_BPS, slaBps: SLA_BPS, debtIn: 0n, bond: BOND });
      expect(plainBreakdown(await p.funder.lastBreakdown(p.rigId))).to.deep.equal(old.breakdown);
      expect((await p.funder.terms(p.rigId)).pendingEffectiveAt).to.equal(effectiveAt);
    });

    it("applies them from the first epoch that starts at or after effectiveAt: TermsApplied, new breakdown, pending cleared", async function () {
      const p = await loadFixture(fundedRigFixture);
      const { report: first } = await pushReport(p);
      const e = first.epoch;
      // Proposed a minute into epoch e + 1: effective a minute into epoch e + 3, so e + 4 is the first under them.
      const proposedAt = (e + 1n) * DAY + 60n;
      await time.setNextBlockTimestamp(proposedAt);
      await p.funder.connect(p.operator).proposeTerms(p.rigId, 120n, 500n);
      const effectiveAt = proposedAt + TERMS_DELAY;
      expect(effectiveAt).to.equal((e + 3n) * DAY + 60n);
      // Epochs e + 1 … e + 3 settle under the old terms, though e + 2 and e + 3 are pushed after effectiveAt.
      for (const epoch of [e + 1n, e + 2n, e + 3n]) {
        const { report, tx, breakdown } = await pushAndCheck(p);
        expect(report.epoch).to.equal(epoch);
        await expect(tx).to.not.emit(p.funder, "TermsApplied");
        expect([breakdown.electricity, breakdown.serviceFee]).to.deep.equal([5_040n, 235n]);
      }
      expect((await p.funder.terms(p.rigId)).pendingEffectiveAt).to.equal(effectiveAt);
      // Epoch e + 4 starts at (e + 4) days ≥ effectiveAt: the preview and the push apply the new terms.
      await toEpochEnd(p);
      const report = await nextReport(p);
      expect(report.epoch).to.equal(e + 4n);
      const fresh = settle(report, { tariff: 120n, feeBps: 500n, slaBps: SLA_BPS, debtIn: 0n, bond: BOND });
      expect(fresh.breakdown.electricity).to.equal(10_080n); // 84,000 Wh × 120 / 1000
      expect(fresh.breakdown.serviceFee).to.equal(589n); // ⌊11,795 × 5%⌋
      expect(plainBreakdown(await p.funder.previewBreakdown(report))).to.deep.equal(fresh.breakdown);
      const tx = p.funder.connect(p.keeper).pushEpochWithReport(report, await quorumSignatures(p, report));
      await expect(tx).to.emit(p.funder, "TermsApplied").withArgs(p.rigId, 120n, 500n);
      expect(await settledIn(p, await tx)).to.deep.equal(fresh.breakdown);
      expect(plainBreakdown(await p.funder.lastBreakdown(p.rigId))).to.deep.equal(fresh.breakdown);
      const t = await p.funder.terms(p.rigId);
      expect([
        t.tariffPerKWh,
        t.serviceFeeBps,
        t.pendingTariffPerKWh,
        t.pendingServiceFeeBps,
        t.pendingEffectiveAt,
      ]).to.deep.equal([120n, 500n, 0n, 0n, 0n]);
      // Applied once: the next push emits nothing and keeps the new terms.
      const after = await pushAndCheck(p);
      await expect(after.tx).to.not.emit(p.funder, "TermsApplied");
      expect(after.breakdown.serviceFee).to.equal(589n);
    });

    it("terms proposed mid-epoch apply neither to that epoch nor to the one under way at effectiveAt, but from the next", async function () {
      const p = await loadFixture(fundedRigFixture);
      const { report: first } = await pushReport(p);
      const e = first.epoch;
      // Proposed at noon of epoch e + 1: effective at noon of epoch e + 3.
      const proposedAt = (e + 1n) * DAY + DAY / 2n;
      await time.setNextBlockTimestamp(proposedAt);
      await expect(p.funder.connect(p.operator).proposeTerms(p.rigId, TARIFF, 3_000n))
        .to.emit(p.funder, "TermsProposed")
        .withArgs(p.rigId, TARIFF, 3_000n, (e + 3n) * DAY + DAY / 2n);
      await pushAndCheck(p); // e + 1: under way at the proposal
      await pushAndCheck(p); // e + 2
      await toEpochEnd(p);
      const underWay = await nextReport(p);
      expect(underWay.epoch).to.equal(e + 3n);
      const nextOne = { ...underWay, epoch: e + 4n };
      // Both previews after effectiveAt: the epoch under way at effectiveAt keeps 2%, the next gets 30%.
      expect((await p.funder.previewBreakdown(underWay)).serviceFee).to.equal(235n);
      expect((await p.funder.previewBreakdown(nextOne)).serviceFee).to.equal(3_538n); // ⌊11,795 × 30%⌋
      const { tx, breakdown } = await pushAndCheck(p);
      await expect(tx).to.not.emit(p.funder, "TermsApplied");
      expect(breakdown.serviceFee).to.equal(235n);
      await toEpochEnd(p);
      const applied = p.funder.connect(p.keeper).pushEpochWithReport(nextOne, await quorumSignatures(p, nextOne));
      await expect(applied).to.emit(p.funder, "TermsApplied").withArgs(p.rigId, TARIFF, 3_000n);
      expect((await p.funder.lastBreakdown(p.rigId)).serviceFee).to.equal(3_538n);
    });

    it("terms effective exactly at an epoch's start apply to that epoch and not to the one before", async function () {
      const p = await loadFixture(fundedRigFixture);
      const { report: first } = await pushReport(p);
      const e = first.epoch;
      // Proposed at the very start of epoch e + 2: effective at the start of epoch e + 4.
      await time.setNextBlockTimestamp((e + 2n) * DAY);
      await p.funder.connect(p.operator).proposeTerms(p.rigId, 120n, FEE_BPS);
      expect((await p.funder.terms(p.rigId)).pendingEffectiveAt).to.equal((e + 4n) * DAY);
      for (let i = 0; i < 3; i++) {
        // e + 1, e + 2 and e + 3 (which ends exactly at effectiveAt and is pushed after it)
        const { tx, breakdown } = await pushAndCheck(p);
        await expect(tx).to.not.emit(p.funder, "TermsApplied");
        expect(breakdown.electricity).to.equal(5_040n);
      }
      await toEpochEnd(p);
      const report = await nextReport(p);
      expect(report.epoch).to.equal(e + 4n); // starts at (e + 4) days = effectiveAt
      const tx = p.funder.connect(p.keeper).pushEpochWithReport(report, await quorumSignatures(p, report));
      await expect(tx).to.emit(p.funder, "TermsApplied").withArgs(p.rigId, 120n, FEE_BPS);
      expect((await p.funder.lastBreakdown(p.rigId)).electricity).to.equal(10_080n);
    });

    it("an epoch that ended before the terms were proposed settles under the old terms however late it is pushed", async function () {
      const p = await loadFixture(fundedRigFixture);
      const e = await toEpochEnd(p);
      const report = await nextReport(p);
      await p.oracle.submitReport(report, await quorumSignatures(p, report));
      // The epoch is over and signed; the operator withholds its approval and proposes the maximum fee.
      await p.wbtc.connect(p.operator).approve(await p.funder.getAddress(), 0);
      await expect(p.funder.connect(p.keeper).pushEpoch(report)).to.be.revertedWithCustomError(
        p.wbtc,
        "ERC20InsufficientAllowance",
      );
      await p.funder.connect(p.operator).proposeTerms(p.rigId, TARIFF, 3_000n);
      const effectiveAt = (await p.funder.terms(p.rigId)).pendingEffectiveAt;
      await time.increase(TERMS_DELAY + 10n * DAY);
      const old = settle(report, { tariff: TARIFF, feeBps: FEE_BPS, slaBps: SLA_BPS, debtIn: 0n, bond: BOND });
      expect(plainBreakdown(await p.funder.previewBreakdown(report))).to.deep.equal(old.breakdown);
      await p.wbtc.connect(p.operator).approve(await p.funder.getAddress(), ethers.MaxUint256);
      const tx = p.funder.connect(p.keeper).pushEpoch(report);
      await expect(tx).to.not.emit(p.funder, "TermsApplied");
      await expect(tx).to.changeTokenBalance(ethers, p.wbtc, p.operator, -6_520n);
      const b = plainBreakdown(await p.funder.lastBreakdown(p.rigId));
      expect(b.epoch).to.equal(e);
      expect(b).to.deep.equal(old.breakdown);
      expect(b.serviceFee).to.equal(235n); // not the 3,538 of 30%
      // The proposal waits for the first epoch that starts after effectiveAt.
      const t = await p.funder.terms(p.rigId);
      expect([t.serviceFeeBps, t.pendingServiceFeeBps, t.pendingEffectiveAt]).to.deep.equal([
        FEE_BPS,
        3_000n,
        effectiveAt,
      ]);
    });

    it("a second proposal replaces the first and restarts the delay", async function () {
      const p = await loadFixture(fundedRigFixture);
      await p.funder.connect(p.operator).proposeTerms(p.rigId, 1n, 1n);
      await time.increase(DAY);
      const at = (await now(p)) + 1n;
      await time.setNextBlockTimestamp(at);
      await p.funder.connect(p.operator).proposeTerms(p.rigId, 2n, 2n);
      const t = await p.funder.terms(p.rigId);
      expect([t.pendingTariffPerKWh, t.pendingServiceFeeBps, t.pendingEffectiveAt]).to.deep.equal([
        2n,
        2n,
        at + TERMS_DELAY,
      ]);
    });

    it("rejects a tariff above the payout token's ceiling (up to uint128 and beyond) and a fee above 30%", async function () {
      const p = await loadFixture(fundedRigFixture);
      // Expectation changed with F2 (issue 11): a tariff is bounded by the admin's ceiling, not by uint128.
      for (const tariff of [MAX_TARIFF_SATS_PER_KWH + 1n, UINT128_MAX, UINT128_MAX + 1n]) {
        await expect(p.funder.connect(p.operator).proposeTerms(p.rigId, tariff, 0))
          .to.be.revertedWithCustomError(p.funder, "FunderTariffAboveCeiling")
          .withArgs(tariff, MAX_TARIFF_SATS_PER_KWH);
      }
      await expect(p.funder.connect(p.operator).proposeTerms(p.rigId, MAX_TARIFF_SATS_PER_KWH, 0)).to.emit(
        p.funder,
        "TermsProposed",
      );
      await expect(p.funder.connect(p.operator).proposeTerms(p.rigId, 0, 3_001))
        .to.be.revertedWithCustomError(p.funder, "FunderInvalidTerms")
        .withArgs("serviceFeeBps");
    });
  });

  describe("bond", function () {
    it("anyone may top it up: BondChanged(+amount, bond) and the tokens move to the funder", async function () {
      const p = await loadFixture(fundedRigFixture);
      await p.wbtc.mint(p.stranger.address, 5_000n);
      await p.wbtc.connect(p.stranger).approve(await p.funder.getAddress(), 5_000n);
      await expect(p.funder.connect(p.stranger).depositBond(p.rigId, 5_000n))
        .to.emit(p.funder, "BondChanged")
        .withArgs(p.rigId, 5_000n, BOND + 5_000n);
      expect((await p.funder.terms(p.rigId)).bond).to.equal(BOND + 5_000n);
      expect(await p.wbtc.balanceOf(await p.funder.getAddress())).to.equal(BOND + 5_000n);
    });

    it("withdrawals are requested only above requiredBond: more than bond − required, or zero, is FunderBondLocked", async function () {
      const p = await loadFixture(fundedRigFixture);
      const available = BOND - REQUIRED_BOND;
      for (const amount of [available + 1n, 0n]) {
        await expect(p.funder.connect(p.operator).requestBondWithdrawal(p.rigId, amount))
          .to.be.revertedWithCustomError(p.funder, "FunderBondLocked")
          .withArgs(p.rigId, available);
      }
      const at = (await now(p)) + 1n;
      await time.setNextBlockTimestamp(at);
      await expect(p.funder.connect(p.operator).requestBondWithdrawal(p.rigId, available))
        .to.emit(p.funder, "BondWithdrawalRequested")
        .withArgs(p.rigId, available, at + BOND_WITHDRAWAL_DELAY);
    });

    it("withdrawBond waits BOND_WITHDRAWAL_DELAY, then pays the operator exactly and keeps the minimum", async function () {
      const p = await loadFixture(fundedRigFixture);
      expect(await p.funder.BOND_WITHDRAWAL_DELAY()).to.equal(BOND_WITHDRAWAL_DELAY);
      await expect(p.funder.connect(p.operator).withdrawBond(p.rigId))
        .to.be.revertedWithCustomError(p.funder, "FunderWithdrawalNotReady")
        .withArgs(p.rigId, 0n);
      const at = (await now(p)) + 1n;
      await time.setNextBlockTimestamp(at);
      await p.funder.connect(p.operator).requestBondWithdrawal(p.rigId, 150_000n);
      const readyAt = at + BOND_WITHDRAWAL_DELAY;
      await time.setNextBlockTimestamp(readyAt - 1n);
      await expect(p.funder.connect(p.operator).withdrawBond(p.rigId))
        .to.be.revertedWithCustomError(p.funder, "FunderWithdrawalNotReady")
        .withArgs(p.rigId, readyAt);
      await time.setNextBlockTimestamp(readyAt);
      const tx = p.funder.connect(p.operator).withdrawBond(p.rigId);
      await expect(tx).to.changeTokenBalances(ethers, p.wbtc, [p.operator, p.funder], [150_000n, -150_000n]);
      await expect(tx)
        .to.emit(p.funder, "BondChanged")
        .withArgs(p.rigId, -150_000n, BOND - 150_000n);
      const t = await p.funder.terms(p.rigId);
      expect([t.bond, t.withdrawalAmount, t.withdrawalReadyAt]).to.deep.equal([BOND - 150_000n, 0n, 0n]);
      // The request is spent.
      await expect(p.funder.connect(p.operator).withdrawBond(p.rigId))
        .to.be.revertedWithCustomError(p.funder, "FunderWithdrawalNotReady")
        .withArgs(p.rigId, 0n);
    });

    it("caps a ready withdrawal at what is still above requiredBond after the bond paid a refund meanwhile", async function () {
      const p = await loadFixture(fundedRigFixture);
      await p.funder.connect(p.operator).requestBondWithdrawal(p.rigId, BOND - REQUIRED_BOND);
      // 150 TH/s of 200: refund gross × 50 / 150 from the bond.
      const { breakdown } = await pushAndCheck(p, {
        deliveredHashrate: 150n * TH,
        grossReward: 8_846n,
        energyWh: 63_000n,
      });
      expect(breakdown.slaRefund).to.equal(2_948n); // ⌊8,846 × 50 / 150⌋
      await time.increase(BOND_WITHDRAWAL_DELAY);
      const expected = BOND - breakdown.slaRefund - REQUIRED_BOND;
      await expect(p.funder.connect(p.operator).withdrawBond(p.rigId)).to.changeTokenBalance(
        ethers,
        p.wbtc,
        p.operator,
        expected,
      );
      expect((await p.funder.terms(p.rigId)).bond).to.equal(REQUIRED_BOND);
    });

    it("a ready withdrawal with nothing left above the minimum is FunderBondLocked(0)", async function () {
      // Minimum 290,000 of the 300,000 bond: 10,000 may leave, and is requested.
      const p = await loadFixture(tightBondFixture);
      await p.funder.connect(p.operator).requestBondWithdrawal(p.rigId, 10_000n);
      // 1 TH/s delivered at its 116-sat gross cap: refund 116 × 199 = 23,084 leaves 276,916 < 290,000.
      const { breakdown } = await pushAndCheck(p, { deliveredHashrate: TH, grossReward: 116n, energyWh: 500n });
      expect(breakdown.slaRefund).to.equal(23_084n);
      const t = await p.funder.terms(p.rigId);
      expect([t.bond, t.inDefault]).to.deep.equal([BOND - 23_084n, false]);
      await time.increase(BOND_WITHDRAWAL_DELAY);
      await expect(p.funder.connect(p.operator).withdrawBond(p.rigId))
        .to.be.revertedWithCustomError(p.funder, "FunderBondLocked")
        .withArgs(p.rigId, 0n);
    });

    it('rejects a zero deposit with FunderInvalidTerms("amount"): no event, no transfer, bond unchanged', async function () {
      const p = await loadFixture(thinBondFixture);
      for (const s of [p.operator, p.stranger]) {
        await expect(p.funder.connect(s).depositBond(p.rigId, 0))
          .to.be.revertedWithCustomError(p.funder, "FunderInvalidTerms")
          .withArgs("amount");
      }
      // Nor for an unknown rig: the amount is checked first.
      await expect(p.funder.connect(p.stranger).depositBond(99n, 0))
        .to.be.revertedWithCustomError(p.funder, "FunderInvalidTerms")
        .withArgs("amount");
      expect((await p.funder.terms(p.rigId)).bond).to.equal(1_000n);
      expect(await p.wbtc.balanceOf(await p.funder.getAddress())).to.equal(1_000n);
      // One unit is a deposit.
      await expect(p.funder.connect(p.operator).depositBond(p.rigId, 1n))
        .to.emit(p.funder, "BondChanged")
        .withArgs(p.rigId, 1n, 1_001n);
    });

    it("rejects a fee-on-transfer deposit with FunderTransferMismatch", async function () {
      const p = await loadFixture(feeOnTransferFixture);
      await expect(p.funder.connect(p.operator).depositBond(p.fotRigId, 1_000n))
        .to.be.revertedWithCustomError(p.funder, "FunderTransferMismatch")
        .withArgs(1_000n, 990n);
    });
  });

  describe("failover", function () {
    it("switching to a backup needs declared capacity: FunderNoBackup, then FailoverSwitched both ways", async function () {
      const p = await loadFixture(fundedRigFixture);
      await expect(p.funder.connect(p.operator).setOnBackup(p.rigId, true))
        .to.be.revertedWithCustomError(p.funder, "FunderNoBackup")
        .withArgs(p.rigId);
      await expect(p.funder.connect(p.operator).declareBackup(p.rigId, 190n * TH))
        .to.emit(p.funder, "BackupDeclared")
        .withArgs(p.rigId, 190n * TH);
      await expect(p.funder.connect(p.operator).setOnBackup(p.rigId, true))
        .to.emit(p.funder, "FailoverSwitched")
        .withArgs(p.rigId, true);
      expect((await p.funder.terms(p.rigId)).onBackup).to.equal(true);
      expect((await p.funder.terms(p.rigId)).backupHashrate).to.equal(190n * TH);
      await expect(p.funder.connect(p.operator).setOnBackup(p.rigId, false))
        .to.emit(p.funder, "FailoverSwitched")
        .withArgs(p.rigId, false);
      expect((await p.funder.terms(p.rigId)).onBackup).to.equal(false);
    });

    it("withdrawing the backup capacity while on it switches back with FailoverSwitched(false)", async function () {
      const p = await loadFixture(fundedRigFixture);
      await p.funder.connect(p.operator).declareBackup(p.rigId, 50n * TH);
      await p.funder.connect(p.operator).setOnBackup(p.rigId, true);
      await expect(p.funder.connect(p.operator).declareBackup(p.rigId, 0))
        .to.emit(p.funder, "FailoverSwitched")
        .withArgs(p.rigId, false)
        .and.to.emit(p.funder, "BackupDeclared")
        .withArgs(p.rigId, 0n);
      const t = await p.funder.terms(p.rigId);
      expect([t.onBackup, t.backupHashrate]).to.deep.equal([false, 0n]);
      await expect(p.funder.connect(p.operator).declareBackup(p.rigId, UINT128_MAX + 1n))
        .to.be.revertedWithCustomError(p.funder, "FunderInvalidTerms")
        .withArgs("backupHashrate");
    });

    it("shares of a rig on backup keep earning exactly what the backup delivers (190 TH/s, above the SLA)", async function () {
      const p = await loadFixture(fundedRigFixture);
      await p.funder.connect(p.operator).declareBackup(p.rigId, 190n * TH);
      await p.funder.connect(p.operator).setOnBackup(p.rigId, true);
      const gross = expectedRewardOf(190n * TH, DAY, BTC_DIFFICULTY, BTC_BLOCK_REWARD, DifficultyStyle.Bitcoin);
      const { breakdown } = await pushAndCheck(p, {
        deliveredHashrate: 190n * TH,
        grossReward: gross,
        energyWh: 80_000n,
      });
      expect(breakdown.slaRefund).to.equal(0n);
      await time.increase(DAY);
      const amount = breakdown.net;
      expect(await p.distributor.pendingReward(p.alicePos)).to.equal(earnedFromFirstStream(amount, DAY, 1_000n, 600n));
      expect(await p.distributor.pendingReward(p.bobPos)).to.equal(earnedFromFirstStream(amount, DAY, 1_000n, 400n));
    });
  });

  describe("pushing", function () {
    it("a keeper pushes a report another keeper relayed; the operator pays exactly the net: 11,795 − 5,040 − 235 = 6,520", async function () {
      const p = await loadFixture(fundedRigFixture);
      await toEpochEnd(p);
      const report = await nextReport(p);
      await p.oracle.connect(p.keeper).submitReport(report, await quorumSignatures(p, report));
      const { breakdown } = settle(report, {
        tariff: TARIFF,
        feeBps: FEE_BPS,
        slaBps: SLA_BPS,
        debtIn: 0n,
        bond: BOND,
      });
      expect([breakdown.gross, breakdown.electricity, breakdown.serviceFee, breakdown.net]).to.deep.equal([
        11_795n,
        5_040n,
        235n,
        6_520n,
      ]);
      const preview = plainBreakdown(await p.funder.previewBreakdown(report));
      const tx = p.funder.connect(p.carol).pushEpoch(report);
      await expect(tx).to.changeTokenBalances(
        ethers,
        p.wbtc,
        [p.operator, p.distributor, p.funder, p.carol],
        [-6_520n, 6_520n, 0n, 0n],
      );
      await expect(tx)
        .to.emit(p.oracle, "ReportConsumed")
        .withArgs(p.rigId, report.epoch)
        .and.to.emit(p.funder, "EpochSettled")
        .withArgs(p.rigId, report.epoch, Object.values(breakdown))
        .and.to.emit(p.distributor, "EpochPushed");
      expect(plainBreakdown(await p.funder.lastBreakdown(p.rigId))).to.deep.equal(breakdown);
      expect(preview).to.deep.equal(breakdown);
      expect(await p.oracle.pendingReport(p.rigId)).to.equal(ethers.ZeroHash);
      expect((await p.distributor.rigStream(p.rigId)).nextEpoch).to.equal(report.epoch + 1n);
    });

    it("pushEpochWithReport relays and pushes in one transaction", async function () {
      const p = await loadFixture(fundedRigFixture);
      await toEpochEnd(p);
      const report = await nextReport(p);
      const tx = p.funder.connect(p.keeper).pushEpochWithReport(report, await quorumSignatures(p, report));
      await expect(tx)
        .to.emit(p.oracle, "ReportAccepted")
        .and.to.emit(p.oracle, "ReportConsumed")
        .and.to.emit(p.funder, "EpochSettled")
        .and.to.emit(p.distributor, "EpochPushed")
        .withArgs(p.rigId, report.epoch, 6_520n, (6_520n * 10n ** 18n) / DAY, (await now(p)) + 1n + DAY);
    });

    it("holders earn exactly the streamed net, 600/400, once the epoch's stream has run", async function () {
      const p = await loadFixture(fundedRigFixture);
      const { breakdown } = await pushAndCheck(p);
      await time.increase(DAY);
      expect(await p.distributor.pendingReward(p.alicePos)).to.equal(
        earnedFromFirstStream(breakdown.net, DAY, 1_000n, 600n),
      );
      expect(await p.distributor.pendingReward(p.bobPos)).to.equal(
        earnedFromFirstStream(breakdown.net, DAY, 1_000n, 400n),
      );
      expect(earnedFromFirstStream(6_520n, DAY, 1_000n, 600n)).to.equal(3_911n);
    });

    it("without the operator's approval the push reverts and the report stays pending until it is given", async function () {
      const p = await loadFixture(fundedRigFixture);
      await toEpochEnd(p);
      const report = await nextReport(p);
      await p.oracle.submitReport(report, await quorumSignatures(p, report));
      await p.wbtc.connect(p.operator).approve(await p.funder.getAddress(), 6_519n);
      await expect(p.funder.connect(p.keeper).pushEpoch(report))
        .to.be.revertedWithCustomError(p.wbtc, "ERC20InsufficientAllowance")
        .withArgs(await p.funder.getAddress(), 6_519n, 6_520n);
      expect(await p.oracle.pendingReport(p.rigId)).to.not.equal(ethers.ZeroHash);
      await p.wbtc.connect(p.operator).approve(await p.funder.getAddress(), 6_520n);
      await expect(p.funder.connect(p.keeper).pushEpoch(report)).to.changeTokenBalance(
        ethers,
        p.wbtc,
        p.operator,
        -6_520n,
      );
    });

    it("an epoch that earned and cost nothing still advances with a zero stream and no transfer", async function () {
      const p = await loadFixture(noSlaFixture);
      const { tx, breakdown, report } = await pushAndCheck(p, {
        deliveredHashrate: 0n,
        grossReward: 0n,
        energyWh: 0n,
        uptimeBps: 0n,
      });
      expect(breakdown.net + breakdown.slaRefund + breakdown.debtOut).to.equal(0n);
      await expect(tx).to.not.emit(p.wbtc, "Transfer");
      await expect(tx)
        .to.emit(p.distributor, "EpochPushed")
        .withArgs(p.rigId, report.epoch, 0n, 0n, (await now(p)) + DAY);
    });

    it("previewBreakdown of a report equals lastBreakdown after pushing it, over a mixed week", async function () {
      const p = await loadFixture(fundedRigFixture);
      // pushAndCheck compares preview, event and storage with the mirror each time.
      await pushAndCheck(p);
      await pushAndCheck(p, { grossReward: 2_000n });
      await pushAndCheck(p, { deliveredHashrate: 170n * TH, grossReward: 10_000n, energyWh: 70_000n });
      await pushAndCheck(p, { deliveredHashrate: 0n, grossReward: 0n, energyWh: 0n, uptimeBps: 0n });
      await pushAndCheck(p, { grossReward: 24_770n, energyWh: 88_200n, deliveredHashrate: 210n * TH });
    });
  });

  describe("fee debt", function () {
    it("carries costs above gross as debt: holders get 0 and the operator pays nothing", async function () {
      const p = await loadFixture(fundedRigFixture);
      const { tx, breakdown, report } = await pushAndCheck(p, { grossReward: 3_000n });
      // 5,040 electricity + 60 fee − 3,000 gross
      expect([breakdown.net, breakdown.debtOut]).to.deep.equal([0n, 2_100n]);
      await expect(tx)
        .to.emit(p.distributor, "EpochPushed")
        .withArgs(p.rigId, report.epoch, 0n, 0n, (await now(p)) + DAY);
      await expect(tx).to.not.emit(p.wbtc, "Transfer");
      const t = await p.funder.terms(p.rigId);
      expect([t.feeDebt, t.negativeRun]).to.deep.equal([2_100n, 1n]);
      await time.increase(DAY);
      expect(await p.distributor.pendingReward(p.alicePos)).to.equal(0n);
    });

    it("repays the debt first from the next positive epoch: 11,795 − 5,040 − 235 − 2,100 = 4,420", async function () {
      const p = await loadFixture(fundedRigFixture);
      await pushAndCheck(p, { grossReward: 3_000n });
      const { tx, breakdown } = await pushAndCheck(p);
      expect([breakdown.debtIn, breakdown.net, breakdown.debtOut]).to.deep.equal([2_100n, 4_420n, 0n]);
      await expect(tx).to.changeTokenBalance(ethers, p.wbtc, p.operator, -4_420n);
      const t = await p.funder.terms(p.rigId);
      expect([t.feeDebt, t.negativeRun]).to.deep.equal([0n, 0n]);
    });

    it("a debt larger than one epoch's margin is repaid over several epochs, conserving gross + debtOut = net + costs + debtIn", async function () {
      const p = await loadFixture(fundedRigFixture);
      const grosses = [0n, 0n, 11_795n, 11_795n, 11_795n, 20_000n];
      let funded = 0n;
      for (const grossReward of grosses) {
        const { breakdown: b } = await pushAndCheck(p, { grossReward });
        expect(b.gross + b.debtOut).to.equal(b.net + b.electricity + b.serviceFee + b.debtIn);
        expect(b.net <= b.gross).to.equal(true);
        expect(b.net === 0n || b.debtOut === 0n).to.equal(true);
        funded += b.net + b.slaRefund;
      }
      // Two empty days cost 10,080; each normal day's margin is 6,520.
      const t = await p.funder.terms(p.rigId);
      expect(t.feeDebt).to.equal(0n);
      expect(funded).to.equal(6_520n * 3n - 10_080n + (20_000n - 5_040n - 400n));
      expect((await p.distributor.rigStream(p.rigId)).funded).to.equal(funded);
    });
  });

  describe("suspension for debt", function () {
    it("suspends the rig after suspendAfterEpochs negative epochs in a row: status Suspended, sale closed", async function () {
      const p = await loadFixture(fundedRigFixture);
      expect(await p.funder.suspendAfterEpochs()).to.equal(SUSPEND_AFTER);
      await p.funder.setSuspendAfterEpochs(3);
      await pushAndCheck(p, { grossReward: 1_000n });
      await pushAndCheck(p, { grossReward: 1_000n });
      expect((await p.shares.rig(p.rigId)).status).to.equal(ACTIVE);
      const { tx } = await pushAndCheck(p, { grossReward: 1_000n });
      await expect(tx)
        .to.emit(p.funder, "RigSuspendedForDebt")
        .withArgs(p.rigId, 3n)
        .and.to.emit(p.shares, "RigStatusChanged")
        .withArgs(p.rigId, SUSPENDED)
        .and.to.emit(p.shares, "SaleStatusChanged")
        .withArgs(p.rigId, false);
      const rig = await p.shares.rig(p.rigId);
      expect([rig.status, rig.saleOpen]).to.deep.equal([SUSPENDED, false]);
      await expect(p.shares.connect(p.operator).setSaleOpen(p.rigId, true))
        .to.be.revertedWithCustomError(p.shares, "RigSharesSaleClosed")
        .withArgs(p.rigId);
      await expect(p.shares.connect(p.carol).mint(p.rigId, 1n))
        .to.be.revertedWithCustomError(p.shares, "RigSharesSaleClosed")
        .withArgs(p.rigId);
      // Epochs keep being pushed. A fourth negative one changes nothing: the rig is already suspended, so
      // neither the funder nor RigShares reports a suspension again.
      const fourth = (await pushAndCheck(p, { grossReward: 1_000n })).tx;
      await expect(fourth).to.not.emit(p.funder, "RigSuspendedForDebt");
      await expect(fourth).to.not.emit(p.shares, "RigStatusChanged");
      await expect(fourth).to.not.emit(p.shares, "SaleStatusChanged");
      expect((await p.funder.terms(p.rigId)).negativeRun).to.equal(4n);
      expect((await p.shares.rig(p.rigId)).status).to.equal(SUSPENDED);
      // A good day still reaches holders and resets the run.
      const good = await pushAndCheck(p, { grossReward: 23_590n });
      expect(good.breakdown.net).to.equal(1_839n); // 23,590 − 5,040 − 471 − 16,240 owed after four days of 1,000
      expect((await p.funder.terms(p.rigId)).negativeRun).to.equal(0n);
    });

    it("a positive epoch resets the run: 2 negative, 1 positive, 2 negative does not suspend at 3", async function () {
      const p = await loadFixture(fundedRigFixture);
      await p.funder.setSuspendAfterEpochs(3);
      for (const grossReward of [1_000n, 1_000n, 23_590n, 1_000n, 1_000n]) {
        await expect((await pushAndCheck(p, { grossReward })).tx).to.not.emit(p.funder, "RigSuspendedForDebt");
      }
      expect((await p.funder.terms(p.rigId)).negativeRun).to.equal(2n);
      expect((await p.shares.rig(p.rigId)).status).to.equal(ACTIVE);
    });

    it("counts only the epoch's own costs: a gross that covers electricity and fee but not older debt is not negative", async function () {
      const p = await loadFixture(fundedRigFixture);
      await p.funder.setSuspendAfterEpochs(2);
      // Negative: 5,040 electricity + 0 fee > 0 gross.
      await pushAndCheck(p, { grossReward: 0n });
      expect((await p.funder.terms(p.rigId)).negativeRun).to.equal(1n);
      // 6,000 covers 5,040 + 120 of its own; repaying the 5,040 owed leaves 4,200 of debt, yet the run resets.
      const { tx, breakdown } = await pushAndCheck(p, { grossReward: 6_000n });
      expect([breakdown.debtIn, breakdown.net, breakdown.debtOut]).to.deep.equal([5_040n, 0n, 4_200n]);
      await expect(tx).to.not.emit(p.funder, "RigSuspendedForDebt");
      expect((await p.funder.terms(p.rigId)).negativeRun).to.equal(0n);
      // Own costs exactly equal to gross are not negative either: 5,040 + 102 = 5,142 (fee ⌊5,142 × 2%⌋ = 102).
      const even = await pushAndCheck(p, { grossReward: 5_142n });
      expect(even.breakdown.electricity + even.breakdown.serviceFee).to.equal(5_142n);
      await expect(even.tx).to.not.emit(p.funder, "RigSuspendedForDebt");
      // One sat less is negative, and a second negative epoch in a row suspends at 2.
      await pushAndCheck(p, { grossReward: 5_141n });
      expect((await p.funder.terms(p.rigId)).negativeRun).to.equal(1n);
      await expect((await pushAndCheck(p, { grossReward: 5_141n })).tx)
        .to.emit(p.funder, "RigSuspendedForDebt")
        .withArgs(p.rigId, 2n);
      expect((await p.shares.rig(p.rigId)).status).to.equal(SUSPENDED);
    });

    it("setSuspendAfterEpochs accepts 1 to 65,535, admin only", async function () {
      const p = await loadFixture(fundedRigFixture);
      for (const bad of [0n, 65_536n]) {
        await expect(p.funder.setSuspendAfterEpochs(bad))
          .to.be.revertedWithCustomError(p.funder, "FunderInvalidTerms")
          .withArgs("suspendAfterEpochs");
      }
      await p.funder.setSuspendAfterEpochs(65_535n);
      expect(await p.funder.suspendAfterEpochs()).to.equal(65_535n);
      await p.funder.setSuspendAfterEpochs(1n);
      await expect((await pushAndCheck(p, { grossReward: 1n })).tx)
        .to.emit(p.funder, "RigSuspendedForDebt")
        .withArgs(p.rigId, 1n);
    });

    it("a lowered suspension rule suspends a rig already past it on its next negative epoch", async function () {
      const p = await loadFixture(fundedRigFixture);
      for (let i = 0; i < 3; i++) await pushAndCheck(p, { grossReward: 1_000n });
      expect((await p.funder.terms(p.rigId)).negativeRun).to.equal(3n);
      // Lowering the rule alone changes nothing until an epoch is pushed.
      await p.funder.setSuspendAfterEpochs(2);
      expect((await p.shares.rig(p.rigId)).status).to.equal(ACTIVE);
      await expect((await pushAndCheck(p, { grossReward: 1_000n })).tx)
        .to.emit(p.funder, "RigSuspendedForDebt")
        .withArgs(p.rigId, 4n)
        .and.to.emit(p.shares, "RigStatusChanged")
        .withArgs(p.rigId, SUSPENDED);
      expect((await p.funder.terms(p.rigId)).negativeRun).to.equal(4n);
      expect((await p.shares.rig(p.rigId)).status).to.equal(SUSPENDED);
    });

    it("a lowered rule does not suspend a rig whose next epoch is positive: the run resets instead", async function () {
      const p = await loadFixture(fundedRigFixture);
      for (let i = 0; i < 3; i++) await pushAndCheck(p, { grossReward: 1_000n });
      await p.funder.setSuspendAfterEpochs(2);
      await expect((await pushAndCheck(p)).tx).to.not.emit(p.funder, "RigSuspendedForDebt");
      expect((await p.funder.terms(p.rigId)).negativeRun).to.equal(0n);
      expect((await p.shares.rig(p.rigId)).status).to.equal(ACTIVE);
    });

    it("a retired rig stays retired through negative epochs past the rule: suspendRig leaves it as it is", async function () {
      const p = await loadFixture(fundedRigFixture);
      await expect(p.shares.connect(p.operator).retireRig(p.rigId))
        .to.emit(p.shares, "RigStatusChanged")
        .withArgs(p.rigId, RETIRED);
      await p.funder.setSuspendAfterEpochs(1);
      for (const run of [1n, 2n]) {
        const { tx } = await pushAndCheck(p, { grossReward: 1_000n });
        // The run is counted, but a retired rig is not suspended, so no suspension is reported.
        expect((await p.funder.terms(p.rigId)).negativeRun).to.equal(run);
        await expect(tx).to.not.emit(p.funder, "RigSuspendedForDebt");
        await expect(tx).to.not.emit(p.shares, "RigStatusChanged");
        await expect(tx).to.not.emit(p.shares, "SaleStatusChanged");
        expect((await p.shares.rig(p.rigId)).status).to.equal(RETIRED);
      }
      // Retired rigs still settle and stream their epochs: 23,590 − 5,040 − 471 − 8,120 owed.
      const { breakdown } = await pushAndCheck(p, { grossReward: 23_590n });
      expect(breakdown.net).to.equal(9_959n);
      expect((await p.distributor.rigStream(p.rigId)).funded).to.equal(9_959n);
    });
  });

  describe("SLA", function () {
    it("refunds nothing at exactly the threshold (184 TH/s = 92% of 200)", async function () {
      const p = await loadFixture(fundedRigFixture);
      const { breakdown } = await pushAndCheck(p, { deliveredHashrate: 184n * TH, grossReward: 10_000n });
      expect(breakdown.slaRefund).to.equal(0n);
      expect((await p.funder.terms(p.rigId)).bond).to.equal(BOND);
    });

    it("1 H/s below the threshold refunds gross × (nominal − delivered) / delivered", async function () {
      const p = await loadFixture(fundedRigFixture);
      const delivered = 184n * TH - 1n;
      const { breakdown } = await pushAndCheck(p, { deliveredHashrate: delivered, grossReward: 10_000n });
      expect(breakdown.slaRefund).to.equal((10_000n * (NOMINAL - delivered)) / delivered);
      expect(breakdown.slaRefund).to.equal(869n);
    });

    it("a 75% epoch refunds gross / 3 from the bond into the stream: holders' pendingReward rises by exactly that", async function () {
      const p = await loadFixture(fundedRigFixture);
      await toEpochEnd(p);
      const report = await nextReport(p, { deliveredHashrate: 150n * TH, grossReward: 8_846n, energyWh: 63_000n });
      const { breakdown } = settle(report, await currentTerms(p));
      expect([breakdown.net, breakdown.slaRefund]).to.deep.equal([8_846n - 3_780n - 176n, 2_948n]);
      const tx = p.funder.connect(p.keeper).pushEpochWithReport(report, await quorumSignatures(p, report));
      await expect(tx).to.changeTokenBalances(
        ethers,
        p.wbtc,
        [p.operator, p.funder, p.distributor],
        [-breakdown.net, -breakdown.slaRefund, breakdown.net + breakdown.slaRefund],
      );
      await expect(tx).to.emit(p.funder, "EpochSettled").withArgs(p.rigId, report.epoch, Object.values(breakdown));
      expect((await p.funder.terms(p.rigId)).bond).to.equal(BOND - 2_948n);
      await time.increase(DAY);
      const streamed = breakdown.net + breakdown.slaRefund;
      const alice = await p.distributor.pendingReward(p.alicePos);
      const bob = await p.distributor.pendingReward(p.bobPos);
      expect(alice).to.equal(earnedFromFirstStream(streamed, DAY, 1_000n, 600n));
      expect(bob).to.equal(earnedFromFirstStream(streamed, DAY, 1_000n, 400n));
      // Compared with the same epoch unrefunded: +60% / +40% of the 2,948 refund (1,768.8 / 1,179.2), each
      // within the one unit its two floors can move it.
      expect(alice - earnedFromFirstStream(breakdown.net, DAY, 1_000n, 600n)).to.equal(1_769n);
      expect(bob - earnedFromFirstStream(breakdown.net, DAY, 1_000n, 400n)).to.equal(1_180n);
      // Together the holders get all that was streamed but the one unit the rate's rounding keeps.
      expect(alice + bob).to.equal(streamed - 1n);
    });

    it("delivered = 0 refunds the expected reward of the nominal hashrate for the epoch (oracle.expectedReward)", async function () {
      const p = await loadFixture(fundedRigFixture);
      const expected = await p.oracle.expectedReward(await p.wbtc.getAddress(), NOMINAL, DAY);
      expect(expected).to.equal(EXPECTED_DAY);
      const { breakdown, tx } = await pushAndCheck(p, {
        deliveredHashrate: 0n,
        grossReward: 0n,
        energyWh: 0n,
        uptimeBps: 0n,
      });
      expect([breakdown.net, breakdown.slaRefund, breakdown.debtOut]).to.deep.equal([0n, 11_795n, 0n]);
      await expect(tx).to.changeTokenBalances(
        ethers,
        p.wbtc,
        [p.operator, p.funder, p.distributor],
        [0n, -11_795n, 11_795n],
      );
      await time.increase(DAY);
      expect(await p.distributor.pendingReward(p.alicePos)).to.equal(earnedFromFirstStream(11_795n, DAY, 1_000n, 600n));
    });

    it("an outage with costs still refunds from the bond while the costs become debt", async function () {
      const p = await loadFixture(fundedRigFixture);
      const { breakdown } = await pushAndCheck(p, {
        deliveredHashrate: 0n,
        grossReward: 0n,
        energyWh: 2_000n,
        uptimeBps: 0n,
      });
      expect([breakdown.net, breakdown.debtOut, breakdown.slaRefund]).to.deep.equal([0n, 120n, 11_795n]);
    });

    it("a bond too small pays all it has: RigDefaulted(owed, paid) and inDefault, cured by reaching requiredBond", async function () {
      const p = await loadFixture(thinBondFixture);
      const { tx, breakdown } = await pushAndCheck(p, {
        deliveredHashrate: 0n,
        grossReward: 0n,
        energyWh: 0n,
        uptimeBps: 0n,
      });
      await expect(tx).to.emit(p.funder, "RigDefaulted").withArgs(p.rigId, 11_795n, 1_000n);
      expect(breakdown.slaRefund).to.equal(1_000n);
      let t = await p.funder.terms(p.rigId);
      expect([t.bond, t.inDefault]).to.deep.equal([0n, true]);
      // A deposit that leaves the bond below the minimum does not cure.
      await expect(p.funder.connect(p.operator).depositBond(p.rigId, REQUIRED_BOND - 1n)).to.not.emit(
        p.funder,
        "DefaultCured",
      );
      expect((await p.funder.terms(p.rigId)).inDefault).to.equal(true);
      await expect(p.funder.connect(p.operator).depositBond(p.rigId, 1n))
        .to.emit(p.funder, "DefaultCured")
        .withArgs(p.rigId)
        .and.to.emit(p.funder, "BondChanged")
        .withArgs(p.rigId, 1n, REQUIRED_BOND);
      t = await p.funder.terms(p.rigId);
      expect([t.bond, t.inDefault]).to.deep.equal([REQUIRED_BOND, false]);
    });

    it("caps the refund so net + refund = maxEpochPayout (10,000 sats); the bond keeps the rest, no default", async function () {
      const p = await loadFixture(cappedRigFixture);
      // 100 TH/s of 200 with 10,000 gross (the rig's cap): net 4,760, refund owed 10,000, room 5,240.
      const { breakdown, refundOwed } = await pushAndCheck(
        p,
        { deliveredHashrate: 100n * TH, grossReward: 10_000n },
        p.cappedRigId,
      );
      expect(refundOwed).to.equal(10_000n);
      expect([breakdown.net, breakdown.slaRefund]).to.deep.equal([4_760n, 5_240n]);
      const t = await p.funder.terms(p.cappedRigId);
      expect([t.bond, t.inDefault]).to.deep.equal([BOND - 5_240n, false]);
      expect((await p.distributor.rigStream(p.cappedRigId)).funded).to.equal(10_000n);
    });

    it("bounds the refund by the luck-adjusted value of the missing hashrate: 1 TH/s at its 116-sat cap refunds 23,084", async function () {
      const p = await loadFixture(fundedRigFixture);
      await toEpochEnd(p);
      // 1,100 sats at 1 TH/s (which would have refunded 218,900) is no longer a valid report.
      const inflated = await nextReport(p, { deliveredHashrate: TH, grossReward: 1_100n, energyWh: 500n });
      await expect(p.funder.connect(p.keeper).pushEpochWithReport(inflated, await quorumSignatures(p, inflated)))
        .to.be.revertedWithCustomError(p.oracle, "OracleReportOutOfBounds")
        .withArgs("grossReward", 1_100n, 116n);
      const { breakdown, refundOwed } = await pushAndCheck(p, {
        deliveredHashrate: TH,
        grossReward: 116n,
        energyWh: 500n,
      });
      expect([refundOwed, breakdown.slaRefund]).to.deep.equal([23_084n, 23_084n]); // 116 × 199
      // At most luck (2×) × the expected reward of the 199 TH/s missing: 2 × 11,736.
      const missing = expectedRewardOf(NOMINAL - TH, DAY, BTC_DIFFICULTY, BTC_BLOCK_REWARD, DifficultyStyle.Bitcoin);
      expect(missing).to.equal(11_736n);
      expect(breakdown.slaRefund <= 2n * missing).to.equal(true);
      expect((await p.funder.terms(p.rigId)).bond).to.equal(BOND - 23_084n);
    });

    it("never refunds with the SLA disabled (threshold 0)", async function () {
      const p = await loadFixture(noSlaFixture);
      const { breakdown } = await pushAndCheck(p, {
        deliveredHashrate: 0n,
        grossReward: 0n,
        energyWh: 0n,
        uptimeBps: 0n,
      });
      expect(breakdown.slaRefund).to.equal(0n);
    });
  });

  describe("caps and hostile tokens", function () {
    it("a report whose gross exceeds maxEpochPayout is rejected by the oracle, so it never blocks the rig", async function () {
      const p = await loadFixture(costlessCappedRigFixture);
      await toEpochEnd(p, p.cappedRigId);
      const over = await nextReport(p, { rigId: p.cappedRigId, grossReward: 10_001n });
      await expect(p.oracle.submitReport(over, await quorumSignatures(p, over)))
        .to.be.revertedWithCustomError(p.oracle, "OracleReportOutOfBounds")
        .withArgs("grossReward", 10_001n, 10_000n);
      expect(await p.oracle.pendingReport(p.cappedRigId)).to.equal(ethers.ZeroHash);
      // The same epoch at the cap is accepted and pushed: with no costs, net = maxEpochPayout exactly.
      const { tx, breakdown } = await pushAndCheck(p, { grossReward: 10_000n }, p.cappedRigId);
      expect([breakdown.net, breakdown.slaRefund]).to.deep.equal([10_000n, 0n]);
      await expect(tx).to.changeTokenBalance(ethers, p.wbtc, p.operator, -10_000n);
      expect((await p.distributor.rigStream(p.cappedRigId)).funded).to.equal(10_000n);
      // And the rig goes on.
      await pushAndCheck(p, { grossReward: 9_999n }, p.cappedRigId);
      expect(await p.oracle.nextReportEpoch(p.cappedRigId)).to.equal(over.epoch + 2n);
    });

    it("RigShares rejects a maxEpochPayout above 2^96 − 1 (the breakdown's width) and accepts 2^96 − 1", async function () {
      const p = await loadFixture(oracleFixture);
      const [usdc, wbtc] = [await p.usdc.getAddress(), await p.wbtc.getAddress()];
      const params = (maxEpochPayout: bigint) => sha256RigParams(usdc, wbtc, { maxEpochPayout });
      for (const bad of [UINT96_MAX + 1n, UINT128_MAX]) {
        await expect(p.shares.connect(p.operator).registerRig(params(bad)))
          .to.be.revertedWithCustomError(p.shares, "RigSharesInvalidParams")
          .withArgs("maxEpochPayout");
      }
      const count = await p.shares.rigCount();
      await p.shares.connect(p.operator).registerRig(params(UINT96_MAX));
      expect(await p.shares.rigCount()).to.equal(count + 1n);
      expect((await p.distributor.epochTerms(count + 1n))[3]).to.equal(UINT96_MAX);
    });

    it("rejects a fee-on-transfer payout token at the push: FunderTransferMismatch(net, received)", async function () {
      const p = await loadFixture(feeOnTransferFixture);
      await toEpochEnd(p, p.fotRigId);
      const report = await nextReport(p, { rigId: p.fotRigId, grossReward: 10_000n });
      await expect(p.funder.connect(p.keeper).pushEpochWithReport(report, await quorumSignatures(p, report)))
        .to.be.revertedWithCustomError(p.funder, "FunderTransferMismatch")
        .withArgs(10_000n, 9_900n);
    });
  });

  describe("privileged functions", function () {
    it("every operator function rejects all 19 other accounts with FunderNotRigOperator", async function () {
      const p = await loadFixture(fundedRigFixture);
      const others = await everyoneBut(p.operator);
      expect(others.length).to.equal(19);
      for (const s of others) {
        const f = p.funder.connect(s);
        const calls = [
          f.configureRig(p.rigId, 0, 0, 0, 0),
          f.proposeTerms(p.rigId, 0, 0),
          f.requestBondWithdrawal(p.rigId, 1),
          f.withdrawBond(p.rigId),
          f.declareBackup(p.rigId, 1),
          f.setOnBackup(p.rigId, false),
        ];
        for (const call of calls) {
          await expect(call)
            .to.be.revertedWithCustomError(p.funder, "FunderNotRigOperator")
            .withArgs(p.rigId, s.address);
        }
      }
    });

    it("admin and role functions reject every account without the role", async function () {
      const p = await loadFixture(fundedRigFixture);
      for (const s of await everyoneBut(p.admin)) {
        await expect(p.funder.connect(s).setSuspendAfterEpochs(1))
          .to.be.revertedWithCustomError(p.funder, "AccessControlUnauthorizedAccount")
          .withArgs(s.address, ADMIN_ROLE);
        await expect(p.distributor.connect(s).setFunder(s.address))
          .to.be.revertedWithCustomError(p.distributor, "AccessControlUnauthorizedAccount")
          .withArgs(s.address, ADMIN_ROLE);
        await expect(p.shares.connect(s).suspendRig(p.rigId))
          .to.be.revertedWithCustomError(p.shares, "AccessControlUnauthorizedAccount")
          .withArgs(s.address, ECONOMICS_ROLE);
        await expect(p.distributor.connect(s).fundEpoch(p.rigId, 0, 0))
          .to.be.revertedWithCustomError(p.distributor, "DistributorOnlyFunder")
          .withArgs(s.address);
      }
      // The admin itself holds no ECONOMICS_ROLE and is no funder.
      await expect(p.shares.suspendRig(p.rigId))
        .to.be.revertedWithCustomError(p.shares, "AccessControlUnauthorizedAccount")
        .withArgs(p.admin.address, ECONOMICS_ROLE);
      await expect(p.distributor.fundEpoch(p.rigId, 0, 0))
        .to.be.revertedWithCustomError(p.distributor, "DistributorOnlyFunder")
        .withArgs(p.admin.address);
    });
  });

  describe("RewardDistributor hand-over to the funder", function () {
    it("setFunder: the zero address is rejected, then set once with FunderSet, then DistributorFunderAlreadySet", async function () {
      const p = await loadFixture(protocolWithRigFixture);
      expect(await p.distributor.funder()).to.equal(ethers.ZeroAddress);
      await expect(p.distributor.setFunder(ethers.ZeroAddress)).to.be.revertedWithCustomError(
        p.distributor,
        "DistributorZeroAddress",
      );
      await expect(p.distributor.setFunder(p.dave.address))
        .to.emit(p.distributor, "FunderSet")
        .withArgs(p.dave.address);
      expect(await p.distributor.funder()).to.equal(p.dave.address);
      await expect(p.distributor.setFunder(p.carol.address)).to.be.revertedWithCustomError(
        p.distributor,
        "DistributorFunderAlreadySet",
      );
    });

    it("the operator pushes directly before the hand-over and gets DistributorReportRequired after it", async function () {
      const p = await loadFixture(protocolWithRigFixture);
      await pushNextEpoch(p, p.rigId, 1_000n);
      await p.distributor.setFunder(p.dave.address);
      const s = await p.distributor.rigStream(p.rigId);
      await time.increaseTo((s.nextEpoch + 1n) * DAY);
      await expect(p.distributor.connect(p.operator).pushEpoch(p.rigId, s.nextEpoch, 1_000n))
        .to.be.revertedWithCustomError(p.distributor, "DistributorReportRequired")
        .withArgs(p.rigId);
    });

    it("fundEpoch streams only what the distributor holds above its liabilities (DistributorUnfunded)", async function () {
      const p = await loadFixture(eoaFunderFixture);
      const s = await p.distributor.rigStream(p.rigId);
      await time.increaseTo((s.nextEpoch + 1n) * DAY);
      await expect(p.distributor.connect(p.dave).fundEpoch(p.rigId, s.nextEpoch, 1_000n))
        .to.be.revertedWithCustomError(p.distributor, "DistributorUnfunded")
        .withArgs(1_000n, 0n);
      await p.wbtc.connect(p.dave).transfer(await p.distributor.getAddress(), 999n);
      await expect(p.distributor.connect(p.dave).fundEpoch(p.rigId, s.nextEpoch, 1_000n))
        .to.be.revertedWithCustomError(p.distributor, "DistributorUnfunded")
        .withArgs(1_000n, 999n);
      await p.wbtc.connect(p.dave).transfer(await p.distributor.getAddress(), 1n);
      await expect(p.distributor.connect(p.dave).fundEpoch(p.rigId, s.nextEpoch, 1_000n))
        .to.emit(p.distributor, "EpochPushed")
        .withArgs(p.rigId, s.nextEpoch, 1_000n, (1_000n * 10n ** 18n) / DAY, (await now(p)) + 1n + DAY);
      expect(await p.distributor.liabilities(await p.wbtc.getAddress())).to.equal(1_000n);
      // Same ordering rules as pushEpoch.
      await expect(p.distributor.connect(p.dave).fundEpoch(p.rigId, s.nextEpoch, 0))
        .to.be.revertedWithCustomError(p.distributor, "DistributorEpochOutOfOrder")
        .withArgs(p.rigId, s.nextEpoch + 1n, s.nextEpoch);
    });

    it("suspendRig by ECONOMICS_ROLE: unknown rig rejected, events and status for a known one", async function () {
      const p = await loadFixture(protocolWithRigFixture);
      await mintShares(p, p.alice, p.rigId, 1n);
      await mintShares(p, p.bob, p.rigId, 2n);
      await p.shares.grantRole(ECONOMICS_ROLE, p.dave.address);
      await expect(p.shares.connect(p.dave).suspendRig(7n))
        .to.be.revertedWithCustomError(p.shares, "RigSharesUnknownRig")
        .withArgs(7n);
      await expect(p.shares.connect(p.dave).suspendRig(p.rigId))
        .to.emit(p.shares, "RigStatusChanged")
        .withArgs(p.rigId, SUSPENDED)
        .and.to.emit(p.shares, "SaleStatusChanged")
        .withArgs(p.rigId, false)
        .and.to.emit(p.shares, "BatchMetadataUpdate")
        .withArgs(p.rigId * STRIDE + 1n, p.rigId * STRIDE + 2n);
      expect((await p.shares.rig(p.rigId)).status).to.equal(SUSPENDED);
    });

    it("suspendRig leaves a rig that is not active as it is: a second suspension and a retired rig emit nothing", async function () {
      const p = await loadFixture(protocolWithRigFixture);
      await p.shares.grantRole(ECONOMICS_ROLE, p.dave.address);
      await p.shares.connect(p.dave).suspendRig(p.rigId);
      const again = p.shares.connect(p.dave).suspendRig(p.rigId);
      await expect(again).to.not.emit(p.shares, "RigStatusChanged");
      await expect(again).to.not.emit(p.shares, "SaleStatusChanged");
      await expect(again).to.not.emit(p.shares, "BatchMetadataUpdate");
      expect((await p.shares.rig(p.rigId)).status).to.equal(SUSPENDED);
      // A retired rig (sale closed, retired by its operator) stays retired.
      const retiredId = await registerRig(p, sha256RigParams(await p.usdc.getAddress(), await p.wbtc.getAddress()));
      await p.shares.connect(p.operator).retireRig(retiredId);
      const retired = p.shares.connect(p.dave).suspendRig(retiredId);
      await expect(retired).to.not.emit(p.shares, "RigStatusChanged");
      await expect(retired).to.not.emit(p.shares, "SaleStatusChanged");
      const rig = await p.shares.rig(retiredId);
      expect([rig.status, rig.saleOpen]).to.deep.equal([RETIRED, false]);
      // The unknown-rig check still comes first.
      await expect(p.shares.connect(p.dave).suspendRig(retiredId + 1n))
        .to.be.revertedWithCustomError(p.shares, "RigSharesUnknownRig")
        .withArgs(retiredId + 1n);
    });
  });

  describe("conservation", function () {
    it("after a week of funded, refunded, indebted epochs, transfers and claims: funded = Σ(net + refund) = claimed + owed + dust", async function () {
      const p = await loadFixture(fundedRigFixture);
      const week: Partial<EpochReport>[] = [
        {},
        { grossReward: 1_500n }, // fees > gross: debt
        { deliveredHashrate: 150n * TH, grossReward: 8_846n, energyWh: 63_000n }, // SLA refund
        { deliveredHashrate: 0n, grossReward: 0n, energyWh: 0n, uptimeBps: 0n }, // outage
        { grossReward: 24_770n, deliveredHashrate: 210n * TH, energyWh: 88_200n },
        {},
        { grossReward: 12_000n },
      ];
      let streamed = 0n;
      for (const [i, r] of week.entries()) {
        const { breakdown } = await pushAndCheck(p, r);
        streamed += breakdown.net + breakdown.slaRefund;
        await time.increase(DAY / 3n);
        if (i === 1) await p.shares.connect(p.alice).transferFrom(p.alice.address, p.carol.address, p.alicePos);
        if (i === 3) await p.distributor.connect(p.bob).claim([p.bobPos]);
        if (i === 5) await p.distributor.connect(p.carol).claim([p.alicePos]);
      }
      await time.increase(DAY);
      const d = p.distributor;
      const token = await p.wbtc.getAddress();
      expect((await d.rigStream(p.rigId)).funded).to.equal(streamed);
      const claimed = (await d.queryFilter(d.filters.RewardsClaimed(undefined, token))).reduce(
        (s, e) => s + e.args.amount,
        0n,
      );
      expect(await d.liabilities(token)).to.equal(streamed - claimed);
      expect(await p.wbtc.balanceOf(await d.getAddress())).to.equal(streamed - claimed);
      let balances = 0n;
      for (const s of await ethers.getSigners()) balances += await d.claimableBalance(s.address, token);
      const pending = (await d.pendingReward(p.alicePos)) + (await d.pendingReward(p.bobPos));
      const dust = streamed - claimed - balances - pending - (await d.undistributed(p.rigId));
      // Each settlement (1 transfer, 2 claims) and each pending view and push floors less than one unit.
      expect(dust >= 0n && dust <= 3n + 2n + BigInt(week.length)).to.equal(true);
      // The funder holds exactly the bond left.
      expect(await p.wbtc.balanceOf(await p.funder.getAddress())).to.equal((await p.funder.terms(p.rigId)).bond);
    });
  });
});
