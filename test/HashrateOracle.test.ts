// Behaviour tests of HashrateOracle: the admin-managed k-of-n reporter set, the EIP-712 digest against
// ethers' own encoder, report acceptance (exactly k and more signatures, relayed by anyone, only once the
// epoch has ended), every report bound to its exact limit (computed with the MiningMath formulas in
// bigint), staleness, the one consumer, network parameters, bound ranges and the expected-reward view.
// The attacks (replay, reorder, cross-chain, malleated, …) are in oracleAttacks.test.ts.
import { expect } from "chai";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import type { HashrateOracle, TestERC20 } from "../typechain-types/index.js";
import { DAY, registerRig, sha256RigParams } from "./helpers/fixtures.js";
import {
  BPS,
  BTC_BLOCK_REWARD,
  BTC_DIFFICULTY,
  DifficultyStyle,
  LUCK_BPS,
  MAX_EPOCH_PAYOUT,
  NOMINAL,
  POWER_WATTS,
  REPORT_TYPES,
  STALE_AFTER,
  TH,
  THRESHOLD,
  TOLERANCE_BPS,
  type OracleProtocol,
  ascending,
  expectedRewardOf,
  grossCapOf,
  maxEnergyOf,
  nextReport,
  oracleDomain,
  oracleFixture,
  pushReport,
  quorumSignatures,
  signReport,
  toEpochEnd,
} from "./helpers/oracleFixtures.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { loadFixture, time } = networkHelpers;

const ADMIN_ROLE = ethers.ZeroHash;
const NETWORK_ROLE = ethers.id("NETWORK_ROLE");
const XMR = 10n ** 12n; // 12-decimal Monero-like payout token unit

// ───────────────────────────── fixtures ─────────────────────────────

/** The protocol plus a freshly deployed oracle with no reporters, no network and no consumer. */
async function bareOracleFixture(c: NetworkConnection) {
  const p = await oracleFixture(c);
  const bare = (await c.ethers.deployContract("HashrateOracle", [
    await p.shares.getAddress(),
    await p.distributor.getAddress(),
    0,
    p.admin.address,
  ])) as unknown as HashrateOracle;
  return { ...p, bare };
}

/** `oracleFixture` plus a second oracle whose consumer is dave's account, so tests can consume directly. */
async function eoaConsumerFixture(c: NetworkConnection) {
  const p = await bareOracleFixture(c);
  await p.bare.setReporters(
    p.reporters.map((r) => r.address),
    p.reporters.map(() => true),
    THRESHOLD,
  );
  await p.bare.setNetwork(await p.wbtc.getAddress(), {
    difficulty: BTC_DIFFICULTY,
    blockReward: BTC_BLOCK_REWARD,
    style: DifficultyStyle.Bitcoin,
  });
  await p.bare.setConsumer(p.dave.address);
  return p;
}

/** `oracleFixture` plus a rig (id 2) paying a token the oracle has no network for. */
async function unknownNetworkFixture(c: NetworkConnection) {
  const p = await oracleFixture(c);
  const ltc = (await c.ethers.deployContract("TestERC20", ["Litecoin", "LTC", 8])) as unknown as TestERC20;
  const ltcRigId = await registerRig(p, sha256RigParams(await p.usdc.getAddress(), await ltc.getAddress()));
  return { ...p, ltc, ltcRigId };
}

/** `oracleFixture` plus a rig (id 2) whose epochs may stream at most 10,000 sats. */
async function cappedRigFixture(c: NetworkConnection) {
  const p = await oracleFixture(c);
  const cappedRigId = await registerRig(
    p,
    sha256RigParams(await p.usdc.getAddress(), await p.wbtc.getAddress(), { maxEpochPayout: 10_000n }),
  );
  return { ...p, cappedRigId };
}

// ───────────────────────────── tests ─────────────────────────────

describe("HashrateOracle", function () {
  describe("deployment", function () {
    it("starts with 10,500 bps tolerance, 20,000 bps luck, stale after 3 epochs, no consumer, NETWORK_ROLE to the admin", async function () {
      const p = await loadFixture(bareOracleFixture);
      const [tolerance, luck, stale] = await p.bare.bounds();
      expect([tolerance, luck, stale]).to.deep.equal([TOLERANCE_BPS, LUCK_BPS, STALE_AFTER]);
      expect(await p.bare.consumer()).to.equal(ethers.ZeroAddress);
      expect(await p.bare.reporterSet()).to.deep.equal([0n, 0n]);
      expect(await p.bare.hasRole(NETWORK_ROLE, p.admin.address)).to.equal(true);
      expect(await p.bare.hasRole(ADMIN_ROLE, p.admin.address)).to.equal(true);
    });

    it("publishes its EIP-712 domain: name, version 1, this chain and this contract", async function () {
      const p = await loadFixture(oracleFixture);
      const domain = await p.oracle.eip712Domain();
      expect(domain.name).to.equal("Rigshare Hashrate Oracle");
      expect(domain.version).to.equal("1");
      expect(domain.chainId).to.equal((await ethers.provider.getNetwork()).chainId);
      expect(domain.verifyingContract).to.equal(await p.oracle.getAddress());
    });
  });

  describe("reporter set", function () {
    it("adds reporters with one ReporterSet event each, then ThresholdSet, and counts them", async function () {
      const p = await loadFixture(bareOracleFixture);
      const [a, b, c] = p.reporters;
      const tx = p.bare.setReporters([a.address, b.address, c.address], [true, true, true], 2);
      await expect(tx)
        .to.emit(p.bare, "ReporterSet")
        .withArgs(a.address, true)
        .and.to.emit(p.bare, "ReporterSet")
        .withArgs(b.address, true)
        .and.to.emit(p.bare, "ReporterSet")
        .withArgs(c.address, true)
        .and.to.emit(p.bare, "ThresholdSet")
        .withArgs(2n);
      expect(await p.bare.reporterSet()).to.deep.equal([3n, 2n]);
      for (const r of [a, b, c]) expect(await p.bare.isReporter(r.address)).to.equal(true);
      expect(await p.bare.isReporter(p.reporters[3].address)).to.equal(false);
    });

    it("removes reporters, skips entries that do not change (no event), and keeps the count exact", async function () {
      const p = await loadFixture(oracleFixture);
      const [a, b, c] = p.reporters;
      // a stays (already active), b and c leave, outsider joins: 5 - 2 + 1 = 4.
      const receipt = await (
        await p.oracle.setReporters(
          [a.address, b.address, c.address, p.outsider.address],
          [true, false, false, true],
          4,
        )
      ).wait();
      const changes = receipt!.logs
        .map((l) => p.oracle.interface.parseLog(l))
        .filter((e) => e?.name === "ReporterSet")
        .map((e) => [e!.args[0], e!.args[1]]);
      expect(changes).to.deep.equal([
        [b.address, false],
        [c.address, false],
        [p.outsider.address, true],
      ]);
      expect(await p.oracle.reporterSet()).to.deep.equal([4n, 4n]);
      expect(await p.oracle.isReporter(b.address)).to.equal(false);
      expect(await p.oracle.isReporter(p.outsider.address)).to.equal(true);
    });

    it("accepts every threshold from 1 to the reporter count and rejects 0 and count + 1", async function () {
      const p = await loadFixture(oracleFixture);
      for (let k = 1; k <= 5; k++) {
        await expect(p.oracle.setReporters([], [], k))
          .to.emit(p.oracle, "ThresholdSet")
          .withArgs(k);
        expect((await p.oracle.reporterSet())[1]).to.equal(BigInt(k));
      }
      for (const k of [0, 6]) {
        await expect(p.oracle.setReporters([], [], k))
          .to.be.revertedWithCustomError(p.oracle, "OracleInvalidConfig")
          .withArgs("threshold");
      }
      // Removing a reporter must come with a threshold the remaining four can meet.
      await expect(p.oracle.setReporters([p.reporters[0].address], [false], 5))
        .to.be.revertedWithCustomError(p.oracle, "OracleInvalidConfig")
        .withArgs("threshold");
    });

    it("rejects mismatched lengths and the zero address", async function () {
      const p = await loadFixture(oracleFixture);
      await expect(p.oracle.setReporters([p.outsider.address], [true, true], 3))
        .to.be.revertedWithCustomError(p.oracle, "OracleInvalidConfig")
        .withArgs("lengths");
      await expect(p.oracle.setReporters([ethers.ZeroAddress], [true], 3))
        .to.be.revertedWithCustomError(p.oracle, "OracleInvalidConfig")
        .withArgs("reporter");
    });

    it("rejects setReporters, setBounds, setConsumer and setNetwork from all 19 accounts without the role, reporters included", async function () {
      const p = await loadFixture(bareOracleFixture);
      const others = (await ethers.getSigners()).filter((s) => s.address !== p.admin.address);
      expect(others.length).to.equal(19);
      for (const s of others) {
        await expect(p.bare.connect(s).setReporters([s.address], [true], 1))
          .to.be.revertedWithCustomError(p.bare, "AccessControlUnauthorizedAccount")
          .withArgs(s.address, ADMIN_ROLE);
        await expect(p.bare.connect(s).setBounds(10_000, 10_000, 1))
          .to.be.revertedWithCustomError(p.bare, "AccessControlUnauthorizedAccount")
          .withArgs(s.address, ADMIN_ROLE);
        await expect(p.bare.connect(s).setConsumer(s.address))
          .to.be.revertedWithCustomError(p.bare, "AccessControlUnauthorizedAccount")
          .withArgs(s.address, ADMIN_ROLE);
        await expect(
          p.bare.connect(s).setNetwork(await p.wbtc.getAddress(), { difficulty: 1, blockReward: 1, style: 0 }),
        )
          .to.be.revertedWithCustomError(p.bare, "AccessControlUnauthorizedAccount")
          .withArgs(s.address, NETWORK_ROLE);
      }
      expect(await p.bare.reporterSet()).to.deep.equal([0n, 0n]);
    });
  });

  describe("EIP-712", function () {
    it("reportDigest equals ethers' TypedDataEncoder hash of the same report and domain", async function () {
      const p = await loadFixture(oracleFixture);
      const report = await nextReport(p, { grossReward: 12_345n, energyWh: 80_001n, uptimeBps: 9_876n });
      const domain = await oracleDomain(p);
      expect(await p.oracle.reportDigest(report)).to.equal(ethers.TypedDataEncoder.hash(domain, REPORT_TYPES, report));
      // And changes with every field.
      for (const field of Object.keys(report) as (keyof typeof report)[]) {
        const changed = { ...report, [field]: report[field] + 1n };
        expect(await p.oracle.reportDigest(changed)).to.equal(
          ethers.TypedDataEncoder.hash(domain, REPORT_TYPES, changed),
        );
        expect(await p.oracle.reportDigest(changed)).to.not.equal(await p.oracle.reportDigest(report));
      }
    });

    it("EPOCH_REPORT_TYPEHASH is the hash of the type string ethers encodes", async function () {
      const p = await loadFixture(oracleFixture);
      const encoded = ethers.TypedDataEncoder.from(REPORT_TYPES).encodeType("EpochReport");
      expect(encoded).to.equal(
        "EpochReport(uint256 rigId,uint256 epoch,uint256 deliveredHashrate,uint256 uptimeBps,uint256 grossReward,uint256 energyWh)",
      );
      expect(await p.oracle.EPOCH_REPORT_TYPEHASH()).to.equal(ethers.id(encoded));
    });

    it("a reporter's ethers signature recovers to the reporter over the oracle's digest", async function () {
      const p = await loadFixture(oracleFixture);
      const report = await nextReport(p);
      const [sig] = await signReport(report, [p.reporters[2]], await oracleDomain(p));
      expect(ethers.recoverAddress(await p.oracle.reportDigest(report), sig)).to.equal(p.reporters[2].address);
    });
  });

  describe("submitReport", function () {
    it("accepts exactly k = 3 signatures in ascending signer order from any relayer and records the struct hash", async function () {
      const p = await loadFixture(oracleFixture);
      await toEpochEnd(p);
      const report = await nextReport(p);
      const signatures = await quorumSignatures(p, report, 3);
      const structHash = ethers.TypedDataEncoder.hashStruct("EpochReport", REPORT_TYPES, report);
      await expect(p.oracle.connect(p.keeper).submitReport(report, signatures))
        .to.emit(p.oracle, "ReportAccepted")
        .withArgs(p.rigId, report.epoch, structHash, Object.values(report));
      expect(await p.oracle.pendingReport(p.rigId)).to.equal(structHash);
      // Accepting does not advance the epoch: the funder's push does.
      expect(await p.oracle.nextReportEpoch(p.rigId)).to.equal(report.epoch);
    });

    it("returns the struct hash to the relayer", async function () {
      const p = await loadFixture(oracleFixture);
      await toEpochEnd(p);
      const report = await nextReport(p);
      const signatures = await quorumSignatures(p, report);
      expect(await p.oracle.submitReport.staticCall(report, signatures)).to.equal(
        ethers.TypedDataEncoder.hashStruct("EpochReport", REPORT_TYPES, report),
      );
    });

    it("accepts more than k signatures: all five reporters", async function () {
      const p = await loadFixture(oracleFixture);
      await toEpochEnd(p);
      const report = await nextReport(p);
      const signatures = await signReport(report, ascending(p.reporters), await oracleDomain(p));
      expect(signatures.length).to.equal(5);
      await expect(p.oracle.connect(p.outsider).submitReport(report, signatures)).to.emit(p.oracle, "ReportAccepted");
    });

    it("rejects a report for an unknown rig with OracleUnknownRig", async function () {
      const p = await loadFixture(oracleFixture);
      await toEpochEnd(p);
      const report = await nextReport(p);
      const stray = { ...report, rigId: 99n };
      await expect(p.oracle.submitReport(stray, await quorumSignatures(p, stray)))
        .to.be.revertedWithCustomError(p.oracle, "OracleUnknownRig")
        .withArgs(99n);
      await expect(p.oracle.nextReportEpoch(99n)).to.be.revertedWithCustomError(p.oracle, "OracleUnknownRig");
    });

    it("rejects a report one second before its epoch ends (OracleEpochNotEnded) and accepts it at the end", async function () {
      const p = await loadFixture(oracleFixture);
      const report = await nextReport(p);
      const signatures = await quorumSignatures(p, report);
      const endsAt = (report.epoch + 1n) * DAY;
      await time.increaseTo(endsAt - 2n);
      await time.setNextBlockTimestamp(endsAt - 1n);
      await expect(p.oracle.submitReport(report, signatures))
        .to.be.revertedWithCustomError(p.oracle, "OracleEpochNotEnded")
        .withArgs(p.rigId, report.epoch);
      await time.setNextBlockTimestamp(endsAt);
      await expect(p.oracle.submitReport(report, signatures)).to.emit(p.oracle, "ReportAccepted");
    });
  });

  describe("bounds", function () {
    /** Submits the next report of `rigId` with `overrides` (at the end of its epoch) with a quorum. */
    async function submit(p: OracleProtocol, overrides: Parameters<typeof nextReport>[1], rigId: bigint = p.rigId) {
      await toEpochEnd(p, rigId);
      const report = await nextReport(p, overrides);
      return p.oracle.submitReport(report, await quorumSignatures(p, report));
    }

    it("accepts uptime 10,000 bps and rejects 10,001", async function () {
      const p = await loadFixture(oracleFixture);
      await expect(submit(p, { uptimeBps: 10_001n }))
        .to.be.revertedWithCustomError(p.oracle, "OracleReportOutOfBounds")
        .withArgs("uptimeBps", 10_001n, 10_000n);
      await expect(submit(p, { uptimeBps: 10_000n })).to.emit(p.oracle, "ReportAccepted");
    });

    it("accepts delivered = nominal × 10,500 / 10,000 (210 TH/s) and rejects one H/s more", async function () {
      const p = await loadFixture(oracleFixture);
      const limit = (NOMINAL * TOLERANCE_BPS) / BPS;
      expect(limit).to.equal(210n * TH);
      await expect(submit(p, { deliveredHashrate: limit + 1n }))
        .to.be.revertedWithCustomError(p.oracle, "OracleReportOutOfBounds")
        .withArgs("deliveredHashrate", limit + 1n, limit);
      await expect(submit(p, { deliveredHashrate: limit })).to.emit(p.oracle, "ReportAccepted");
    });

    it("accepts energy = power × epoch × tolerance (88,200 Wh) and rejects 1 Wh more", async function () {
      const p = await loadFixture(oracleFixture);
      const limit = maxEnergyOf(POWER_WATTS, DAY);
      expect(limit).to.equal(88_200n);
      await expect(submit(p, { energyWh: limit + 1n }))
        .to.be.revertedWithCustomError(p.oracle, "OracleReportOutOfBounds")
        .withArgs("energyWh", limit + 1n, limit);
      await expect(submit(p, { energyWh: limit })).to.emit(p.oracle, "ReportAccepted");
    });

    it("accepts gross = grossCap(rig, 210 TH/s) = 24,770 sats at the tolerated hashrate and rejects 1 sat more", async function () {
      const p = await loadFixture(oracleFixture);
      const delivered = (NOMINAL * TOLERANCE_BPS) / BPS;
      const cap = grossCapOf(delivered);
      expect(cap).to.equal(24_770n); // ⌊12,385.2⌋ × 2
      expect(await p.oracle.grossCap(p.rigId, delivered)).to.equal(cap);
      await expect(submit(p, { deliveredHashrate: delivered, grossReward: cap + 1n }))
        .to.be.revertedWithCustomError(p.oracle, "OracleReportOutOfBounds")
        .withArgs("grossReward", cap + 1n, cap);
      await expect(submit(p, { deliveredHashrate: delivered, grossReward: cap })).to.emit(p.oracle, "ReportAccepted");
    });

    it("bounds gross by the delivered hashrate: at the nominal 200 TH/s 23,590 sats pass and 23,591 do not", async function () {
      const p = await loadFixture(oracleFixture);
      const cap = grossCapOf(NOMINAL);
      expect(cap).to.equal(23_590n); // ⌊11,795.4⌋ × 2
      expect(await p.oracle.grossCap(p.rigId, NOMINAL)).to.equal(cap);
      await expect(submit(p, { grossReward: cap + 1n }))
        .to.be.revertedWithCustomError(p.oracle, "OracleReportOutOfBounds")
        .withArgs("grossReward", cap + 1n, cap);
      await expect(submit(p, { grossReward: cap })).to.emit(p.oracle, "ReportAccepted");
    });

    it("grossCap follows the delivered hashrate exactly: expected reward of what was delivered × luck, rounded down twice", async function () {
      const p = await loadFixture(oracleFixture);
      const cases: [bigint, bigint][] = [
        [0n, 0n],
        [1n, 0n], // 1 H/s mines ⌊0.00…⌋ = 0
        [TH, 116n], // ⌊58.98⌋ × 2
        [50n * TH, 5_896n], // ⌊2,948.9⌋ × 2
        [100n * TH, 11_794n], // ⌊5,897.7⌋ × 2
        [184n * TH - 1n, 21_702n], // just below the fixtures' 92% SLA: ⌊10,851.…⌋ × 2
        [NOMINAL, 23_590n],
        [210n * TH, 24_770n],
      ];
      for (const [delivered, cap] of cases) {
        expect(grossCapOf(delivered), `mirror at ${delivered}`).to.equal(cap);
        expect(await p.oracle.grossCap(p.rigId, delivered), `oracle at ${delivered}`).to.equal(cap);
      }
    });

    it("a tiny delivered hashrate cannot carry a large gross: 1 TH/s with 117 sats and 1 H/s with 1 sat are rejected", async function () {
      const p = await loadFixture(oracleFixture);
      // Under the old nominal-based cap these passed and inflated the SLA refund gross × (nominal − d) / d.
      await expect(submit(p, { deliveredHashrate: TH, grossReward: 117n }))
        .to.be.revertedWithCustomError(p.oracle, "OracleReportOutOfBounds")
        .withArgs("grossReward", 117n, 116n);
      await expect(submit(p, { deliveredHashrate: TH, grossReward: 24_770n }))
        .to.be.revertedWithCustomError(p.oracle, "OracleReportOutOfBounds")
        .withArgs("grossReward", 24_770n, 116n);
      await expect(submit(p, { deliveredHashrate: 1n, grossReward: 1n }))
        .to.be.revertedWithCustomError(p.oracle, "OracleReportOutOfBounds")
        .withArgs("grossReward", 1n, 0n);
      await expect(submit(p, { deliveredHashrate: 0n, grossReward: 1n }))
        .to.be.revertedWithCustomError(p.oracle, "OracleReportOutOfBounds")
        .withArgs("grossReward", 1n, 0n);
      await expect(submit(p, { deliveredHashrate: TH, grossReward: 116n })).to.emit(p.oracle, "ReportAccepted");
    });

    it("never lets gross exceed the rig's maxEpochPayout: a rig capped at 10,000 sats rejects 10,001 at nominal", async function () {
      const p = await loadFixture(cappedRigFixture);
      // The network would allow 23,590 at 200 TH/s; the rig's cap wins. Below the cap, the network bound does.
      expect(await p.oracle.grossCap(p.cappedRigId, NOMINAL)).to.equal(10_000n);
      expect(grossCapOf(NOMINAL, DAY, { maxEpochPayout: 10_000n })).to.equal(10_000n);
      expect(await p.oracle.grossCap(p.cappedRigId, 50n * TH)).to.equal(5_896n);
      // The default rig (1 BTC an epoch) only meets its cap at absurd hashrates, and the view applies it too.
      expect(await p.oracle.grossCap(p.rigId, 10n ** 6n * TH)).to.equal(MAX_EPOCH_PAYOUT);
      expect(grossCapOf(10n ** 6n * TH, DAY, { maxEpochPayout: 10n ** 18n })).to.equal(117_956_236n);
      await expect(submit(p, { rigId: p.cappedRigId, grossReward: 10_001n }, p.cappedRigId))
        .to.be.revertedWithCustomError(p.oracle, "OracleReportOutOfBounds")
        .withArgs("grossReward", 10_001n, 10_000n);
      await expect(submit(p, { rigId: p.cappedRigId, grossReward: 10_000n }, p.cappedRigId)).to.emit(
        p.oracle,
        "ReportAccepted",
      );
    });

    it("recomputes every cap after setBounds(15,000, 50,000, 3)", async function () {
      const p = await loadFixture(oracleFixture);
      await p.oracle.setBounds(15_000, 50_000, 3);
      const delivered = (NOMINAL * 15_000n) / BPS;
      const energy = maxEnergyOf(POWER_WATTS, DAY, 15_000n);
      const cap = grossCapOf(delivered, DAY, { luckBps: 50_000n });
      const nominalCap = grossCapOf(NOMINAL, DAY, { luckBps: 50_000n });
      expect([delivered, energy, cap, nominalCap]).to.deep.equal([300n * TH, 126_000n, 88_465n, 58_975n]);
      expect(await p.oracle.grossCap(p.rigId, delivered)).to.equal(cap);
      expect(await p.oracle.grossCap(p.rigId, NOMINAL)).to.equal(nominalCap);
      await expect(submit(p, { deliveredHashrate: delivered + 1n }))
        .to.be.revertedWithCustomError(p.oracle, "OracleReportOutOfBounds")
        .withArgs("deliveredHashrate", delivered + 1n, delivered);
      await expect(submit(p, { energyWh: energy + 1n }))
        .to.be.revertedWithCustomError(p.oracle, "OracleReportOutOfBounds")
        .withArgs("energyWh", energy + 1n, energy);
      await expect(submit(p, { deliveredHashrate: delivered, grossReward: cap + 1n }))
        .to.be.revertedWithCustomError(p.oracle, "OracleReportOutOfBounds")
        .withArgs("grossReward", cap + 1n, cap);
      await expect(submit(p, { grossReward: nominalCap + 1n }))
        .to.be.revertedWithCustomError(p.oracle, "OracleReportOutOfBounds")
        .withArgs("grossReward", nominalCap + 1n, nominalCap);
      await expect(submit(p, { deliveredHashrate: delivered, energyWh: energy, grossReward: cap })).to.emit(
        p.oracle,
        "ReportAccepted",
      );
    });

    it("follows a network change: a higher difficulty lowers the gross cap exactly", async function () {
      const p = await loadFixture(oracleFixture);
      const difficulty = 2n * BTC_DIFFICULTY + 7n;
      await p.oracle.setNetwork(await p.wbtc.getAddress(), {
        difficulty,
        blockReward: BTC_BLOCK_REWARD,
        style: DifficultyStyle.Bitcoin,
      });
      const cap = grossCapOf(NOMINAL, DAY, { difficulty });
      expect(cap).to.equal(11_794n); // ⌊5,897.7⌋ × 2
      expect(await p.oracle.grossCap(p.rigId, NOMINAL)).to.equal(cap);
      await expect(submit(p, { grossReward: cap + 1n }))
        .to.be.revertedWithCustomError(p.oracle, "OracleReportOutOfBounds")
        .withArgs("grossReward", cap + 1n, cap);
    });

    it("rejects any report of a rig whose payout token has no network parameters (OracleNetworkUnset)", async function () {
      const p = await loadFixture(unknownNetworkFixture);
      await toEpochEnd(p, p.ltcRigId);
      const report = await nextReport(p, { rigId: p.ltcRigId, grossReward: 1n });
      await expect(p.oracle.submitReport(report, await quorumSignatures(p, report)))
        .to.be.revertedWithCustomError(p.oracle, "OracleNetworkUnset")
        .withArgs(await p.ltc.getAddress());
      await expect(p.oracle.grossCap(p.ltcRigId, NOMINAL)).to.be.revertedWithCustomError(
        p.oracle,
        "OracleNetworkUnset",
      );
      await expect(p.oracle.expectedReward(await p.ltc.getAddress(), NOMINAL, DAY))
        .to.be.revertedWithCustomError(p.oracle, "OracleNetworkUnset")
        .withArgs(await p.ltc.getAddress());
    });
  });

  describe("staleness", function () {
    it("counts finished epochs without a report and turns stale after staleAfterEpochs (3)", async function () {
      const p = await loadFixture(oracleFixture);
      const e0 = await p.oracle.nextReportEpoch(p.rigId);
      expect(await p.oracle.epochsBehind(p.rigId)).to.equal(0n);
      expect(await p.oracle.isStale(p.rigId)).to.equal(false);
      await time.increaseTo((e0 + 1n) * DAY);
      expect(await p.oracle.epochsBehind(p.rigId)).to.equal(1n);
      await time.increaseTo((e0 + 3n) * DAY - 1n);
      expect(await p.oracle.epochsBehind(p.rigId)).to.equal(2n);
      expect(await p.oracle.isStale(p.rigId)).to.equal(false);
      await time.increaseTo((e0 + 3n) * DAY);
      expect(await p.oracle.epochsBehind(p.rigId)).to.equal(3n);
      expect(await p.oracle.isStale(p.rigId)).to.equal(true);
    });

    it("counts an accepted, still pending report as reported, and a pushed one too", async function () {
      const p = await loadFixture(oracleFixture);
      const e0 = await p.oracle.nextReportEpoch(p.rigId);
      await time.increaseTo((e0 + 3n) * DAY);
      const report = await nextReport(p);
      await p.oracle.submitReport(report, await quorumSignatures(p, report));
      expect(await p.oracle.epochsBehind(p.rigId)).to.equal(2n);
      expect(await p.oracle.isStale(p.rigId)).to.equal(false);
      await p.funder.connect(p.keeper).pushEpoch(report);
      expect(await p.oracle.nextReportEpoch(p.rigId)).to.equal(e0 + 1n);
      expect(await p.oracle.epochsBehind(p.rigId)).to.equal(2n);
      // A stricter rule applies at once.
      await expect(p.oracle.setBounds(TOLERANCE_BPS, LUCK_BPS, 2))
        .to.emit(p.oracle, "BoundsSet")
        .withArgs(TOLERANCE_BPS, LUCK_BPS, 2n);
      expect(await p.oracle.isStale(p.rigId)).to.equal(true);
    });

    it("is fresh again once the reports catch up", async function () {
      const p = await loadFixture(oracleFixture);
      const e0 = await p.oracle.nextReportEpoch(p.rigId);
      await time.increaseTo((e0 + 4n) * DAY + 10n);
      expect(await p.oracle.isStale(p.rigId)).to.equal(true);
      for (let i = 0; i < 4; i++) await pushReport(p);
      expect(await p.oracle.epochsBehind(p.rigId)).to.equal(0n);
      expect(await p.oracle.isStale(p.rigId)).to.equal(false);
    });
  });

  describe("consumer", function () {
    it("lets only the consumer consume: admin, operator, reporters and keepers get OracleOnlyConsumer", async function () {
      const p = await loadFixture(oracleFixture);
      await toEpochEnd(p);
      const report = await nextReport(p);
      await p.oracle.submitReport(report, await quorumSignatures(p, report));
      for (const s of [p.admin, p.operator, p.keeper, p.alice, ...p.reporters]) {
        await expect(p.oracle.connect(s).consumeReport(report))
          .to.be.revertedWithCustomError(p.oracle, "OracleOnlyConsumer")
          .withArgs(s.address);
      }
      expect(await p.oracle.pendingReport(p.rigId)).to.not.equal(ethers.ZeroHash);
    });

    it("consumes exactly the accepted report: any changed field, or nothing pending, is OracleReportNotAccepted", async function () {
      const p = await loadFixture(eoaConsumerFixture);
      await toEpochEnd(p);
      const report = await nextReport(p);
      const domain = await oracleDomain(p, p.bare);
      const signatures = await signReport(report, ascending(p.reporters).slice(0, 3), domain);
      await expect(p.bare.connect(p.dave).consumeReport(report))
        .to.be.revertedWithCustomError(p.bare, "OracleReportNotAccepted")
        .withArgs(p.rigId, report.epoch);
      await p.bare.submitReport(report, signatures);
      for (const field of Object.keys(report) as (keyof typeof report)[]) {
        const changed = { ...report, [field]: report[field] + 1n };
        await expect(p.bare.connect(p.dave).consumeReport(changed)).to.be.revertedWithCustomError(
          p.bare,
          "OracleReportNotAccepted",
        );
      }
      await expect(p.bare.connect(p.dave).consumeReport(report))
        .to.emit(p.bare, "ReportConsumed")
        .withArgs(p.rigId, report.epoch);
      expect(await p.bare.pendingReport(p.rigId)).to.equal(ethers.ZeroHash);
      await expect(p.bare.connect(p.dave).consumeReport(report)).to.be.revertedWithCustomError(
        p.bare,
        "OracleReportNotAccepted",
      );
    });

    it("keys pending reports by epoch: one left for an epoch the distributor moved past blocks neither the next epoch's report nor its count", async function () {
      const p = await loadFixture(eoaConsumerFixture);
      const domain = await oracleDomain(p, p.bare);
      const signers = ascending(p.reporters).slice(0, 3);
      const e = await toEpochEnd(p);
      const stale = await nextReport(p);
      await p.bare.submitReport(stale, await signReport(stale, signers, domain));
      // The distributor moves on through the other oracle; the bare oracle's report for e stays unconsumed.
      await pushReport(p);
      expect(await p.bare.nextReportEpoch(p.rigId)).to.equal(e + 1n);
      expect(await p.bare.pendingReport(p.rigId)).to.equal(ethers.ZeroHash);
      await toEpochEnd(p);
      expect(await p.bare.epochsBehind(p.rigId)).to.equal(1n);
      const next = await nextReport(p);
      expect(next.epoch).to.equal(e + 1n);
      const nextHash = ethers.TypedDataEncoder.hashStruct("EpochReport", REPORT_TYPES, next);
      await expect(p.bare.submitReport(next, await signReport(next, signers, domain)))
        .to.emit(p.bare, "ReportAccepted")
        .withArgs(p.rigId, e + 1n, nextHash, Object.values(next));
      expect(await p.bare.pendingReport(p.rigId)).to.equal(nextHash);
      expect(await p.bare.epochsBehind(p.rigId)).to.equal(0n);
      // Each epoch's report is consumed under its own key, once.
      await expect(p.bare.connect(p.dave).consumeReport(next))
        .to.emit(p.bare, "ReportConsumed")
        .withArgs(p.rigId, e + 1n);
      await expect(p.bare.connect(p.dave).consumeReport(stale)).to.emit(p.bare, "ReportConsumed").withArgs(p.rigId, e);
      await expect(p.bare.connect(p.dave).consumeReport(stale))
        .to.be.revertedWithCustomError(p.bare, "OracleReportNotAccepted")
        .withArgs(p.rigId, e);
    });

    it("sets the consumer once: the zero address and a second call are OracleInvalidConfig", async function () {
      const p = await loadFixture(bareOracleFixture);
      await expect(p.bare.setConsumer(ethers.ZeroAddress))
        .to.be.revertedWithCustomError(p.bare, "OracleInvalidConfig")
        .withArgs("consumer");
      await expect(p.bare.setConsumer(p.dave.address)).to.emit(p.bare, "ConsumerSet").withArgs(p.dave.address);
      expect(await p.bare.consumer()).to.equal(p.dave.address);
      await expect(p.bare.setConsumer(p.carol.address))
        .to.be.revertedWithCustomError(p.bare, "OracleInvalidConfig")
        .withArgs("consumer");
      expect(await p.bare.consumer()).to.equal(p.dave.address);
    });
  });

  describe("setNetwork", function () {
    it("is NETWORK_ROLE only: a stranger is rejected, a granted account sets it with NetworkSet", async function () {
      const p = await loadFixture(oracleFixture);
      const wbtc = await p.wbtc.getAddress();
      const params = { difficulty: 120_000_000_000_000n, blockReward: 312_500_000n, style: DifficultyStyle.Bitcoin };
      await expect(p.oracle.connect(p.carol).setNetwork(wbtc, params))
        .to.be.revertedWithCustomError(p.oracle, "AccessControlUnauthorizedAccount")
        .withArgs(p.carol.address, NETWORK_ROLE);
      await p.oracle.grantRole(NETWORK_ROLE, p.carol.address);
      await expect(p.oracle.connect(p.carol).setNetwork(wbtc, params))
        .to.emit(p.oracle, "NetworkSet")
        .withArgs(wbtc, [params.difficulty, params.blockReward, params.style]);
      expect(await p.oracle.network(wbtc)).to.deep.equal([params.difficulty, params.blockReward, BigInt(params.style)]);
      // NETWORK_ROLE gives no admin power.
      await expect(p.oracle.connect(p.carol).setBounds(10_000, 10_000, 1)).to.be.revertedWithCustomError(
        p.oracle,
        "AccessControlUnauthorizedAccount",
      );
    });

    it("rejects a zero difficulty or a zero block reward", async function () {
      const p = await loadFixture(oracleFixture);
      const wbtc = await p.wbtc.getAddress();
      for (const params of [
        { difficulty: 0n, blockReward: 1n, style: 0 },
        { difficulty: 1n, blockReward: 0n, style: 0 },
      ]) {
        await expect(p.oracle.setNetwork(wbtc, params))
          .to.be.revertedWithCustomError(p.oracle, "OracleInvalidConfig")
          .withArgs("network");
      }
    });
  });

  describe("setBounds", function () {
    it("accepts the ends of every range and rejects one step beyond each", async function () {
      const p = await loadFixture(oracleFixture);
      const U32 = 2n ** 32n - 1n;
      for (const [t, l, s] of [
        [10_000n, 10_000n, 1n],
        [15_000n, 50_000n, U32],
      ]) {
        await expect(p.oracle.setBounds(t, l, s))
          .to.emit(p.oracle, "BoundsSet")
          .withArgs(t, l, s);
        expect(await p.oracle.bounds()).to.deep.equal([t, l, s]);
      }
      for (const [t, l, s, what] of [
        [9_999n, 20_000n, 3n, "toleranceBps"],
        [15_001n, 20_000n, 3n, "toleranceBps"],
        [10_500n, 9_999n, 3n, "luckBps"],
        [10_500n, 50_001n, 3n, "luckBps"],
        [10_500n, 20_000n, 0n, "staleAfterEpochs"],
        [10_500n, 20_000n, U32 + 1n, "staleAfterEpochs"],
      ] as const) {
        await expect(p.oracle.setBounds(t, l, s))
          .to.be.revertedWithCustomError(p.oracle, "OracleInvalidConfig")
          .withArgs(what);
      }
    });
  });

  describe("expectedReward", function () {
    it("Bitcoin-style: 200 TH/s at difficulty 110e12 and 3.225 BTC a block earns 11,795 sats a day", async function () {
      const p = await loadFixture(oracleFixture);
      // 200e12 × 86,400 × 322,500,000 / (110e12 × 2^32) = 11,795.44… → 11,795
      expect(expectedRewardOf(NOMINAL, DAY, BTC_DIFFICULTY, BTC_BLOCK_REWARD, DifficultyStyle.Bitcoin)).to.equal(
        11_795n,
      );
      expect(await p.oracle.expectedReward(await p.wbtc.getAddress(), NOMINAL, DAY)).to.equal(11_795n);
    });

    it("Monero-style: 20 kH/s at difficulty 350e9 and 0.6 XMR a block earns 2,962,285,714 piconero a day", async function () {
      const p = await loadFixture(oracleFixture);
      const xmr = await (await ethers.deployContract("TestERC20", ["Monero", "XMR", 12])).getAddress();
      const params = { difficulty: 350_000_000_000n, blockReward: (6n * XMR) / 10n, style: DifficultyStyle.Monero };
      await p.oracle.setNetwork(xmr, params);
      // 20,000 × 86,400 × 6e11 / 3.5e11 = 2,962,285,714.28… → 2,962,285,714
      expect(expectedRewardOf(20_000n, DAY, params.difficulty, params.blockReward, DifficultyStyle.Monero)).to.equal(
        2_962_285_714n,
      );
      expect(await p.oracle.expectedReward(xmr, 20_000n, DAY)).to.equal(2_962_285_714n);
    });

    it("rounds only once, at the end, for hashrates and durations from 1 up", async function () {
      const p = await loadFixture(oracleFixture);
      const wbtc = await p.wbtc.getAddress();
      const cases: [bigint, bigint][] = [
        [1n, 1n],
        [1n, DAY],
        [13n * TH + 7n, 3_601n],
        [NOMINAL, 1n],
        [1_000_000n * TH, 30n * DAY],
        [2n ** 100n, 2n ** 40n],
      ];
      for (const [h, t] of cases) {
        expect(await p.oracle.expectedReward(wbtc, h, t)).to.equal(
          expectedRewardOf(h, t, BTC_DIFFICULTY, BTC_BLOCK_REWARD, DifficultyStyle.Bitcoin),
        );
      }
      // 1 H/s for 1 s is 322,500,000 / (110e12 × 2^32) of a sat: 0.
      expect(await p.oracle.expectedReward(wbtc, 1n, 1n)).to.equal(0n);
    });
  });

  describe("rigSpec (RigShares)", function () {
    it("returns operator, nominal hashrate and power, zeros for an unknown rig", async function () {
      const p = await loadFixture(oracleFixture);
      expect(await p.shares.rigSpec(p.rigId)).to.deep.equal([p.operator.address, NOMINAL, POWER_WATTS]);
      expect(await p.shares.rigSpec(42n)).to.deep.equal([ethers.ZeroAddress, 0n, 0n]);
    });

    it("epochTerms (RewardDistributor) returns payout token, epoch length, next epoch and cap", async function () {
      const p = await loadFixture(oracleFixture);
      const s = await p.distributor.rigStream(p.rigId);
      expect(await p.distributor.epochTerms(p.rigId)).to.deep.equal([
        await p.wbtc.getAddress(),
        DAY,
        s.nextEpoch,
        100_000_000n,
      ]);
      expect(await p.distributor.epochTerms(42n)).to.deep.equal([ethers.ZeroAddress, 0n, 0n, 0n]);
    });
  });
});
