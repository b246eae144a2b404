// The oracle attacks of DESIGN.md, each a named test: replayed, reordered, cross-chain, cross-contract,
// malleated, duplicated-signer, unsorted and under-threshold reports, a removed or outside signer, a
// compromised single reporter (who can do nothing alone) and a compromised operator (who can at most push
// capped epochs it funds exactly, from reports the reporters signed). Every rejection is asserted with
// its exact custom error and arguments; every accepted path with exact amounts.
import { expect } from "chai";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import type { EpochFunder } from "../typechain-types/index.js";
import { DAY, protocolWithRigFixture } from "./helpers/fixtures.js";
import {
  BOND,
  FEE_BPS,
  REPORT_TYPES,
  REQUIRED_BOND,
  SECP256K1_N,
  SLA_BPS,
  SUSPEND_AFTER,
  TARIFF,
  THRESHOLD,
  TH,
  ascending,
  deployOracle,
  fundedRigFixture,
  grossCapOf,
  malleate,
  nextReport,
  oracleDomain,
  NOMINAL,
  oracleFixture,
  pushReport,
  quorumSignatures,
  settle,
  signReport,
  toEpochEnd,
  type EpochReport,
  MAX_TARIFF_SATS_PER_KWH,
} from "./helpers/oracleFixtures.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { loadFixture, time } = networkHelpers;

const ADMIN_ROLE = ethers.ZeroHash;

// ───────────────────────────── fixtures ─────────────────────────────

/** `oracleFixture` plus a second oracle deployment with the same reporters, threshold and network. */
async function twoOraclesFixture(c: NetworkConnection) {
  const p = await oracleFixture(c);
  const otherOracle = await deployOracle(p, p.reporters, THRESHOLD);
  return { ...p, otherOracle };
}

/**
 * The oracle and funder deployed and wired to each other, but the distributor's funder not yet set:
 * the window in which the operator still pushes directly.
 */
async function beforeHandOverFixture(c: NetworkConnection) {
  const p = await protocolWithRigFixture(c);
  const signers = await c.ethers.getSigners();
  const reporters = signers.slice(10, 15);
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
  await p.shares.grantRole(await p.shares.ECONOMICS_ROLE(), await funder.getAddress());
  await p.wbtc.connect(p.operator).approve(await funder.getAddress(), c.ethers.MaxUint256);
  return { ...p, oracle, funder, reporters, outsider: signers[15], keeper: p.stranger };
}

// ───────────────────────────── helpers ─────────────────────────────

/** Orders `signatures` by the address each recovers to over `digest`, so the oracle's first failing check is the signer's identity. */
function byRecovered(signatures: string[], digest: string): { signatures: string[]; signers: string[] } {
  const pairs = signatures.map((s) => ({ s, a: ethers.recoverAddress(digest, s) }));
  pairs.sort((x, y) => (BigInt(x.a) < BigInt(y.a) ? -1 : 1));
  return { signatures: pairs.map((x) => x.s), signers: pairs.map((x) => x.a) };
}

// ───────────────────────────── tests ─────────────────────────────

describe("Oracle attacks", function () {
  describe("replay and ordering", function () {
    it("replayed report: the same signed report again is OracleReportPending, and after its push OracleEpochOutOfOrder", async function () {
      const p = await loadFixture(oracleFixture);
      await toEpochEnd(p);
      const report = await nextReport(p);
      const signatures = await quorumSignatures(p, report);
      await p.oracle.connect(p.keeper).submitReport(report, signatures);
      await expect(p.oracle.connect(p.keeper).submitReport(report, signatures))
        .to.be.revertedWithCustomError(p.oracle, "OracleReportPending")
        .withArgs(p.rigId, report.epoch);
      await p.funder.connect(p.keeper).pushEpoch(report);
      await time.increaseTo((report.epoch + 5n) * DAY);
      await expect(p.oracle.connect(p.keeper).submitReport(report, signatures))
        .to.be.revertedWithCustomError(p.oracle, "OracleEpochOutOfOrder")
        .withArgs(p.rigId, report.epoch + 1n, report.epoch);
      // Nor through the funder: the pushed report is consumed.
      await expect(p.funder.connect(p.keeper).pushEpoch(report))
        .to.be.revertedWithCustomError(p.oracle, "OracleReportNotAccepted")
        .withArgs(p.rigId, report.epoch);
      await expect(p.funder.connect(p.keeper).pushEpochWithReport(report, signatures))
        .to.be.revertedWithCustomError(p.oracle, "OracleEpochOutOfOrder")
        .withArgs(p.rigId, report.epoch + 1n, report.epoch);
    });

    it("replayed signatures on an altered report recover to non-reporters: OracleNotReporter", async function () {
      const p = await loadFixture(oracleFixture);
      await toEpochEnd(p);
      const report = await nextReport(p);
      const signatures = await quorumSignatures(p, report);
      const inflated = { ...report, grossReward: report.grossReward + 1n };
      const ordered = byRecovered(signatures, await p.oracle.reportDigest(inflated));
      await expect(p.oracle.submitReport(inflated, ordered.signatures))
        .to.be.revertedWithCustomError(p.oracle, "OracleNotReporter")
        .withArgs(ordered.signers[0]);
    });

    it("reordered report: epoch e + 1 before e is OracleEpochOutOfOrder, and so is skipping to e + 2", async function () {
      const p = await loadFixture(oracleFixture);
      const e = await p.oracle.nextReportEpoch(p.rigId);
      await time.increaseTo((e + 3n) * DAY);
      for (const ahead of [1n, 2n]) {
        const report = await nextReport(p, { epoch: e + ahead });
        await expect(p.oracle.submitReport(report, await quorumSignatures(p, report)))
          .to.be.revertedWithCustomError(p.oracle, "OracleEpochOutOfOrder")
          .withArgs(p.rigId, e, e + ahead);
      }
      // In order, both pass.
      await pushReport(p);
      await pushReport(p);
      expect(await p.oracle.nextReportEpoch(p.rigId)).to.equal(e + 2n);
    });
  });

  describe("signatures for another domain", function () {
    it("cross-chain report: signed for chain id 1, the signers recover to non-reporters (OracleNotReporter)", async function () {
      const p = await loadFixture(oracleFixture);
      await toEpochEnd(p);
      const report = await nextReport(p);
      const foreign = await oracleDomain(p, p.oracle, { chainId: 1n });
      expect(foreign.chainId).to.not.equal((await ethers.provider.getNetwork()).chainId);
      const signatures = await signReport(report, ascending(p.reporters).slice(0, 3), foreign);
      // They are genuine signatures of the reporters, for chain 1.
      expect(ethers.verifyTypedData(foreign, REPORT_TYPES, report, signatures[0])).to.equal(
        ascending(p.reporters)[0].address,
      );
      const ordered = byRecovered(signatures, await p.oracle.reportDigest(report));
      for (const a of ordered.signers) expect(await p.oracle.isReporter(a)).to.equal(false);
      await expect(p.oracle.submitReport(report, ordered.signatures))
        .to.be.revertedWithCustomError(p.oracle, "OracleNotReporter")
        .withArgs(ordered.signers[0]);
    });

    it("cross-contract report: signed for another oracle deployment, rejected here and accepted there", async function () {
      const p = await loadFixture(twoOraclesFixture);
      await toEpochEnd(p);
      const report = await nextReport(p);
      const signatures = await signReport(
        report,
        ascending(p.reporters).slice(0, 3),
        await oracleDomain(p, p.otherOracle),
      );
      const ordered = byRecovered(signatures, await p.oracle.reportDigest(report));
      await expect(p.oracle.submitReport(report, ordered.signatures))
        .to.be.revertedWithCustomError(p.oracle, "OracleNotReporter")
        .withArgs(ordered.signers[0]);
      await expect(p.otherOracle.submitReport(report, signatures)).to.emit(p.otherOracle, "ReportAccepted");
      expect(await p.oracle.pendingReport(p.rigId)).to.equal(ethers.ZeroHash);
    });
  });

  describe("malformed signature sets", function () {
    it("malleated report: a high-s twin (s → n − s, v flipped) is ECDSAInvalidSignatureS", async function () {
      const p = await loadFixture(oracleFixture);
      await toEpochEnd(p);
      const report = await nextReport(p);
      const signatures = await quorumSignatures(p, report);
      const twin = malleate(signatures[1], ethers);
      const highS = ethers.dataSlice(twin, 32, 64);
      expect(BigInt(highS) > SECP256K1_N / 2n).to.equal(true);
      // ecrecover itself would accept the twin for the same signer: only the low-s rule stops it.
      const digest = await p.oracle.reportDigest(report);
      const sig = ethers.Signature.from(signatures[1]);
      expect(BigInt(highS)).to.equal(SECP256K1_N - BigInt(sig.s));
      await expect(p.oracle.submitReport(report, [signatures[0], twin, signatures[2]]))
        .to.be.revertedWithCustomError(p.oracle, "ECDSAInvalidSignatureS")
        .withArgs(highS);
      expect(ethers.recoverAddress(digest, signatures[1])).to.equal(ascending(p.reporters)[1].address);
      await expect(p.oracle.submitReport(report, signatures)).to.emit(p.oracle, "ReportAccepted");
    });

    it("duplicated signer: one reporter's signature twice is OracleSignersNotAscending(a, a)", async function () {
      const p = await loadFixture(oracleFixture);
      await toEpochEnd(p);
      const report = await nextReport(p);
      const [a, b] = ascending(p.reporters);
      const [sigA, sigB] = await signReport(report, [a, b], await oracleDomain(p));
      await expect(p.oracle.submitReport(report, [sigA, sigA, sigB]))
        .to.be.revertedWithCustomError(p.oracle, "OracleSignersNotAscending")
        .withArgs(a.address, a.address);
      await expect(p.oracle.submitReport(report, [sigA, sigB, sigB]))
        .to.be.revertedWithCustomError(p.oracle, "OracleSignersNotAscending")
        .withArgs(b.address, b.address);
    });

    it("unsorted signers: a valid quorum out of order is OracleSignersNotAscending(lower, higher)", async function () {
      const p = await loadFixture(oracleFixture);
      await toEpochEnd(p);
      const report = await nextReport(p);
      const [a, b, c] = ascending(p.reporters);
      const [sigA, sigB, sigC] = await signReport(report, [a, b, c], await oracleDomain(p));
      await expect(p.oracle.submitReport(report, [sigB, sigA, sigC]))
        .to.be.revertedWithCustomError(p.oracle, "OracleSignersNotAscending")
        .withArgs(a.address, b.address);
      await expect(p.oracle.submitReport(report, [sigA, sigC, sigB]))
        .to.be.revertedWithCustomError(p.oracle, "OracleSignersNotAscending")
        .withArgs(b.address, c.address);
    });

    it("under-threshold report: k − 1 = 2 signatures is OracleInsufficientSignatures(2, 3), none is (0, 3)", async function () {
      const p = await loadFixture(oracleFixture);
      await toEpochEnd(p);
      const report = await nextReport(p);
      await expect(p.oracle.submitReport(report, await quorumSignatures(p, report, 2)))
        .to.be.revertedWithCustomError(p.oracle, "OracleInsufficientSignatures")
        .withArgs(2n, 3n);
      await expect(p.oracle.submitReport(report, []))
        .to.be.revertedWithCustomError(p.oracle, "OracleInsufficientSignatures")
        .withArgs(0n, 3n);
    });

    it("a removed reporter's signature is OracleNotReporter; the remaining reporters still reach the quorum", async function () {
      const p = await loadFixture(oracleFixture);
      await toEpochEnd(p);
      const report = await nextReport(p);
      const sorted = ascending(p.reporters);
      await expect(p.oracle.setReporters([sorted[0].address], [false], 3))
        .to.emit(p.oracle, "ReporterSet")
        .withArgs(sorted[0].address, false);
      const domain = await oracleDomain(p);
      await expect(p.oracle.submitReport(report, await signReport(report, sorted.slice(0, 3), domain)))
        .to.be.revertedWithCustomError(p.oracle, "OracleNotReporter")
        .withArgs(sorted[0].address);
      await expect(p.oracle.submitReport(report, await signReport(report, sorted.slice(1, 4), domain))).to.emit(
        p.oracle,
        "ReportAccepted",
      );
    });

    it("an outsider's signature is OracleNotReporter even beside a full quorum", async function () {
      const p = await loadFixture(oracleFixture);
      await toEpochEnd(p);
      const report = await nextReport(p);
      const signers = ascending([...ascending(p.reporters).slice(0, 3), p.outsider]);
      await expect(p.oracle.submitReport(report, await signReport(report, signers, await oracleDomain(p))))
        .to.be.revertedWithCustomError(p.oracle, "OracleNotReporter")
        .withArgs(p.outsider.address);
    });

    it("a truncated (64-byte) signature is ECDSAInvalidSignatureLength(64)", async function () {
      const p = await loadFixture(oracleFixture);
      await toEpochEnd(p);
      const report = await nextReport(p);
      const signatures = await quorumSignatures(p, report);
      await expect(p.oracle.submitReport(report, [ethers.dataSlice(signatures[0], 0, 64), ...signatures.slice(1)]))
        .to.be.revertedWithCustomError(p.oracle, "ECDSAInvalidSignatureLength")
        .withArgs(64n);
    });

    it("even all five reporters together cannot get a report past the bounds", async function () {
      const p = await loadFixture(oracleFixture);
      await toEpochEnd(p);
      const cap = grossCapOf(NOMINAL);
      expect(cap).to.equal(23_590n);
      const report = await nextReport(p, { grossReward: cap + 1n });
      await expect(p.oracle.submitReport(report, await quorumSignatures(p, report, 5)))
        .to.be.revertedWithCustomError(p.oracle, "OracleReportOutOfBounds")
        .withArgs("grossReward", cap + 1n, cap);
    });

    it("even all five reporters cannot pair a tiny delivered hashrate with a large gross to drain the bond via the SLA refund", async function () {
      const p = await loadFixture(fundedRigFixture);
      await toEpochEnd(p);
      // 1 TH/s with 24,770 sats would have owed 24,770 × 199 = 4,929,230 sats of refund; the cap is 116 sats.
      const cap = grossCapOf(TH);
      expect(cap).to.equal(116n);
      const report = await nextReport(p, { deliveredHashrate: TH, grossReward: 24_770n, energyWh: 500n });
      await expect(p.funder.connect(p.keeper).pushEpochWithReport(report, await quorumSignatures(p, report, 5)))
        .to.be.revertedWithCustomError(p.oracle, "OracleReportOutOfBounds")
        .withArgs("grossReward", 24_770n, cap);
      // At its cap the refund is 116 × 199 = 23,084: within the luck-adjusted value of the missing 199 TH/s
      // (2 × 11,736 = 23,472).
      await pushReport(p, { deliveredHashrate: TH, grossReward: cap, energyWh: 500n });
      const breakdown = await p.funder.lastBreakdown(p.rigId);
      expect(breakdown.slaRefund).to.equal(23_084n);
      expect(grossCapOf(NOMINAL - TH)).to.equal(23_472n);
      expect((await p.funder.terms(p.rigId)).bond).to.equal(BOND - 23_084n);
    });
  });

  describe("a compromised single reporter can do nothing alone", function () {
    for (const threshold of [3, 2]) {
      it(`at threshold ${threshold}: its own signature, alone or repeated, is never a quorum`, async function () {
        const p = await loadFixture(oracleFixture);
        await p.oracle.setReporters([], [], threshold);
        await toEpochEnd(p);
        const rogue = p.reporters[0];
        const report = await nextReport(p, { grossReward: grossCapOf(NOMINAL) });
        const [sig] = await signReport(report, [rogue], await oracleDomain(p));
        await expect(p.oracle.connect(rogue).submitReport(report, [sig]))
          .to.be.revertedWithCustomError(p.oracle, "OracleInsufficientSignatures")
          .withArgs(1n, BigInt(threshold));
        await expect(p.oracle.connect(rogue).submitReport(report, Array(threshold).fill(sig)))
          .to.be.revertedWithCustomError(p.oracle, "OracleSignersNotAscending")
          .withArgs(rogue.address, rogue.address);
        await expect(p.funder.connect(rogue).pushEpochWithReport(report, [sig]))
          .to.be.revertedWithCustomError(p.oracle, "OracleInsufficientSignatures")
          .withArgs(1n, BigInt(threshold));
      });
    }

    it("cannot rotate the reporter set, change bounds, network or consumer, nor consume or fund", async function () {
      const p = await loadFixture(oracleFixture);
      const rogue = p.reporters[0];
      await expect(p.oracle.connect(rogue).setReporters([p.outsider.address], [true], 1))
        .to.be.revertedWithCustomError(p.oracle, "AccessControlUnauthorizedAccount")
        .withArgs(rogue.address, ADMIN_ROLE);
      await expect(p.oracle.connect(rogue).setBounds(15_000, 50_000, 1))
        .to.be.revertedWithCustomError(p.oracle, "AccessControlUnauthorizedAccount")
        .withArgs(rogue.address, ADMIN_ROLE);
      await expect(
        p.oracle
          .connect(rogue)
          .setNetwork(await p.wbtc.getAddress(), { difficulty: 1n, blockReward: 10n ** 20n, style: 1 }),
      )
        .to.be.revertedWithCustomError(p.oracle, "AccessControlUnauthorizedAccount")
        .withArgs(rogue.address, ethers.id("NETWORK_ROLE"));
      await expect(p.oracle.connect(rogue).setConsumer(rogue.address))
        .to.be.revertedWithCustomError(p.oracle, "AccessControlUnauthorizedAccount")
        .withArgs(rogue.address, ADMIN_ROLE);
      await expect(p.oracle.connect(rogue).grantRole(ADMIN_ROLE, rogue.address)).to.be.revertedWithCustomError(
        p.oracle,
        "AccessControlEnforcedDefaultAdminRules",
      );
      await expect(p.oracle.connect(rogue).beginDefaultAdminTransfer(rogue.address))
        .to.be.revertedWithCustomError(p.oracle, "AccessControlUnauthorizedAccount")
        .withArgs(rogue.address, ADMIN_ROLE);
      const report = await nextReport(p);
      await expect(p.oracle.connect(rogue).consumeReport(report))
        .to.be.revertedWithCustomError(p.oracle, "OracleOnlyConsumer")
        .withArgs(rogue.address);
      await expect(p.distributor.connect(rogue).fundEpoch(p.rigId, report.epoch, 0))
        .to.be.revertedWithCustomError(p.distributor, "DistributorOnlyFunder")
        .withArgs(rogue.address);
      expect(await p.oracle.reporterSet()).to.deep.equal([5n, 3n]);
    });
  });

  describe("a compromised operator can at most push capped epochs it funds exactly", function () {
    it("cannot push through the distributor once a funder is set: DistributorReportRequired", async function () {
      const p = await loadFixture(fundedRigFixture);
      const epoch = await toEpochEnd(p);
      await expect(p.distributor.connect(p.operator).pushEpoch(p.rigId, epoch, 1_000n))
        .to.be.revertedWithCustomError(p.distributor, "DistributorReportRequired")
        .withArgs(p.rigId);
      await expect(p.distributor.connect(p.operator).fundEpoch(p.rigId, epoch, 0))
        .to.be.revertedWithCustomError(p.distributor, "DistributorOnlyFunder")
        .withArgs(p.operator.address);
    });

    it("cannot push without an accepted report, nor the accepted one with any field changed", async function () {
      const p = await loadFixture(fundedRigFixture);
      await toEpochEnd(p);
      const report = await nextReport(p);
      await expect(p.funder.connect(p.operator).pushEpoch(report))
        .to.be.revertedWithCustomError(p.oracle, "OracleReportNotAccepted")
        .withArgs(p.rigId, report.epoch);
      await p.oracle.submitReport(report, await quorumSignatures(p, report));
      const altered: EpochReport[] = [
        { ...report, grossReward: report.grossReward - 1n },
        { ...report, energyWh: report.energyWh + 1n },
        { ...report, deliveredHashrate: report.deliveredHashrate - 1n },
        { ...report, uptimeBps: report.uptimeBps - 1n },
      ];
      for (const r of altered) {
        await expect(p.funder.connect(p.operator).pushEpoch(r))
          .to.be.revertedWithCustomError(p.oracle, "OracleReportNotAccepted")
          .withArgs(p.rigId, report.epoch);
      }
      await expect(p.funder.connect(p.operator).pushEpoch(report)).to.emit(p.funder, "EpochSettled");
    });

    it("with a genuine report, funds exactly the net of the operator's own terms, nothing more", async function () {
      const p = await loadFixture(fundedRigFixture);
      await toEpochEnd(p);
      const report = await nextReport(p);
      const { breakdown } = settle(report, {
        tariff: TARIFF,
        feeBps: FEE_BPS,
        slaBps: SLA_BPS,
        debtIn: 0n,
        bond: BOND,
      });
      expect(breakdown.net).to.equal(6_520n); // 11,795 − 5,040 electricity − 235 fee
      await p.oracle.submitReport(report, await quorumSignatures(p, report));
      await expect(p.funder.connect(p.operator).pushEpoch(report)).to.changeTokenBalances(
        ethers,
        p.wbtc,
        [p.operator, p.distributor, p.funder],
        [-breakdown.net, breakdown.net, 0n],
      );
      expect((await p.distributor.rigStream(p.rigId)).funded).to.equal(breakdown.net);
    });

    it("cannot change its fee or tariff without the 2-day delay, reconfigure after the start, or pull the bond below the minimum", async function () {
      const p = await loadFixture(fundedRigFixture);
      await pushReport(p);
      await expect(p.funder.connect(p.operator).configureRig(p.rigId, 0, 3_000, 0, 0))
        .to.be.revertedWithCustomError(p.funder, "FunderAlreadyStarted")
        .withArgs(p.rigId);
      // A tariff above the payout token's ceiling is refused outright (issue 11, F2); the ceiling is accepted.
      await expect(p.funder.connect(p.operator).proposeTerms(p.rigId, 1_000_000n, 3_000n))
        .to.be.revertedWithCustomError(p.funder, "FunderTariffAboveCeiling")
        .withArgs(1_000_000n, MAX_TARIFF_SATS_PER_KWH);
      await p.funder.connect(p.operator).proposeTerms(p.rigId, MAX_TARIFF_SATS_PER_KWH, 3_000n);
      // The next epoch still settles under the old terms.
      const { report } = await pushReport(p);
      const expected = settle(report, { tariff: TARIFF, feeBps: FEE_BPS, slaBps: SLA_BPS, debtIn: 0n, bond: BOND });
      expect((await p.funder.lastBreakdown(p.rigId)).serviceFee).to.equal(expected.breakdown.serviceFee);
      await expect(p.funder.connect(p.operator).requestBondWithdrawal(p.rigId, BOND - REQUIRED_BOND + 1n))
        .to.be.revertedWithCustomError(p.funder, "FunderBondLocked")
        .withArgs(p.rigId, BOND - REQUIRED_BOND);
    });

    it("cannot suspend rigs, set the funder or change the suspension rule", async function () {
      const p = await loadFixture(fundedRigFixture);
      await expect(p.shares.connect(p.operator).suspendRig(p.rigId))
        .to.be.revertedWithCustomError(p.shares, "AccessControlUnauthorizedAccount")
        .withArgs(p.operator.address, ethers.id("ECONOMICS_ROLE"));
      await expect(p.distributor.connect(p.operator).setFunder(p.operator.address))
        .to.be.revertedWithCustomError(p.distributor, "AccessControlUnauthorizedAccount")
        .withArgs(p.operator.address, ADMIN_ROLE);
      await expect(p.funder.connect(p.operator).setSuspendAfterEpochs(1000))
        .to.be.revertedWithCustomError(p.funder, "AccessControlUnauthorizedAccount")
        .withArgs(p.operator.address, ADMIN_ROLE);
    });
  });

  describe("hand-over window", function () {
    it("a report left pending before the hand-over does not block the rig: the next epoch's report is accepted and pushed", async function () {
      const p = await loadFixture(beforeHandOverFixture);
      const e = await toEpochEnd(p);
      const stale = await nextReport(p);
      await p.oracle.submitReport(stale, await quorumSignatures(p, stale));
      // The operator pushes epoch e directly, then the funder takes over.
      await p.distributor.connect(p.operator).pushEpoch(p.rigId, e, 1_000n);
      await p.distributor.setFunder(await p.funder.getAddress());
      await time.increaseTo((e + 2n) * DAY);
      // The stale report can never be pushed: its epoch is behind the distributor's.
      await expect(p.funder.connect(p.keeper).pushEpoch(stale))
        .to.be.revertedWithCustomError(p.distributor, "DistributorEpochOutOfOrder")
        .withArgs(p.rigId, e + 1n, e);
      // It neither shows as the rig's pending report nor counts as reported.
      expect(await p.oracle.pendingReport(p.rigId)).to.equal(ethers.ZeroHash);
      expect(await p.oracle.epochsBehind(p.rigId)).to.equal(1n);
      const next = await nextReport(p);
      expect(next.epoch).to.equal(e + 1n);
      // No terms configured: the operator funds the whole gross.
      const tx = p.funder.connect(p.keeper).pushEpochWithReport(next, await quorumSignatures(p, next));
      await expect(tx).to.changeTokenBalances(ethers, p.wbtc, [p.operator, p.distributor], [-11_795n, 11_795n]);
      await expect(tx)
        .to.emit(p.oracle, "ReportAccepted")
        .and.to.emit(p.oracle, "ReportConsumed")
        .withArgs(p.rigId, e + 1n)
        .and.to.emit(p.funder, "EpochSettled")
        .and.to.emit(p.distributor, "EpochPushed");
      expect((await p.distributor.rigStream(p.rigId)).nextEpoch).to.equal(e + 2n);
      expect(await p.oracle.epochsBehind(p.rigId)).to.equal(0n);
    });
  });
});
