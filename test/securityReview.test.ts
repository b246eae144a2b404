// Regression tests of the outside security review (issue 11, README "Security"). Each finding has a test
// named after it that failed on the code the review read and passes after its fix.
//
// F1 (high): a rental expiry that did not fit the rig's 40-bit rental horizon was stored truncated, which
// closed the rig's accumulator history while other rentals still ran; the next expiry was then split at
// (roughly) the current reward per share and the renter kept the owner's rewards. The fix rejects an
// expiry above type(uint40).max in RigShares.setUser (the distributor re-checks it), so the horizon is
// never wrapped and never decreases while a rental runs. Amounts are checked against IdealStream, an
// independent model of the stream (test/helpers/marketFixtures.ts).
//
// F2 (medium): the operator's tariff was bounded only by uint128, so after the terms delay electricity could
// take every epoch's whole gross and the fee debt grow until it saturated. The admin now sets a tariff
// ceiling per payout token (EpochFunder.setMaxTariff); every tariff proposed is at most it, and every epoch's
// electricity, and so the debt one epoch adds, is at most the rig's nominal power × epoch length × ceiling.
//
// F3 (low): an accepted report could be pushed only with the operator's funds, and no later report is
// accepted while one is pending, so an operator who stopped funding froze its rig and dodged SLA refunds. Now,
// UNFUNDED_AFTER_EPOCHS (3) epochs after the epoch's end, anyone may push it with EpochFunder.pushUnfundedEpoch:
// the bond pays the net, then what it can of the refund; the rig goes into default, and is suspended once the
// bond is exhausted, with what the bond could not pay reported as the shortfall.
//
// F4 (informational): the rig's checkpoint counter was 24 bits wide, and a checkpoint can be written every
// second while rentals run (a mint or burn each block), so 2^24 of them (194 days of one every second, ~388
// days of one per 2-second L2 block) would have made mint, burn, push and rent revert for good. The counter is
// now 32 bits (136 years of one every second); the bits come from the stored epoch length, now at most
// 2^24 − 1 s (194 days), which RigShares checks at registration.
import { expect } from "chai";
import { network } from "hardhat";

import {
  ALICE_SHARES,
  BOB_SHARES,
  CLEAN_PUSH,
  DAY,
  IdealStream,
  type MarketProtocol,
  marketStreamFixture,
  mintShares,
  protocolWithRigFixture,
  sha256RigParams,
} from "./helpers/marketFixtures.js";
import {
  FEE_BPS,
  FULL_DAY_WH,
  MAX_TARIFF_SATS_PER_KWH,
  NOMINAL,
  TERMS_DELAY,
  type OracleProtocol,
  fundedRigFixture,
  nextReport,
  oracleFixture,
  pushReport,
  quorumSignatures,
  toEpochEnd,
} from "./helpers/oracleFixtures.js";
import { UINT40_MAX, UINT64_MAX } from "./model/RewardModel.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { loadFixture, time } = networkHelpers;

type Stream = Awaited<ReturnType<typeof marketStreamFixture>>;

const PER_DAY = 1_000_000n;

async function at(t: bigint): Promise<void> {
  await time.setNextBlockTimestamp(t);
}

async function pushNext(m: MarketProtocol, t: bigint, amount: bigint, model: IdealStream): Promise<void> {
  await at(t);
  await m.distributor
    .connect(m.operator)
    .pushEpoch(m.rigId, (await m.distributor.rigStream(m.rigId)).nextEpoch, amount);
  model.push(t, amount);
}

/**
 * The review's proof of concept: Carol rents Alice's 400 shares through the market for a day from P + 2,000,
 * so the rental ends mid-stream; Dave mints one share at P + 3,000 and rents it to himself until
 * `attackExpiry`; epochs are pushed at P + 1 day and P + 2 days + 100; Carol claims Alice's position at
 * P + 2 days + 5,000. Returns the chain's renter and owner parts at that claim and the model's.
 */
/** The "Status" attribute of a position's on-chain metadata. */
async function statusOf(p: OracleProtocol, positionId: bigint): Promise<string> {
  const uri = await p.shares.tokenURI(positionId);
  const json = JSON.parse(Buffer.from(uri.split(",")[1], "base64").toString("utf8"));
  return json.attributes.find((a: { trait_type: string }) => a.trait_type === "Status").value;
}

async function rentalWithSelfRent(m: Stream, attackExpiry: bigint) {
  const P = m.pushedAt;
  const model = new IdealStream(DAY);
  model.sharesChanged(P, ALICE_SHARES + BOB_SHARES);
  model.push(P, CLEAN_PUSH);

  const start = P + 2_000n;
  await m.market.connect(m.alice).listForRent(m.aliceId, m.usdc, PER_DAY, 1n, 30n, start + 30n * DAY);
  await at(start);
  await m.market.connect(m.carol).rent(m.aliceId, 1n, PER_DAY);
  const expires = start + DAY;

  await at(P + 3_000n);
  const daveId = await mintShares(m, m.dave, m.rigId, 1n);
  model.sharesChanged(P + 3_000n, 1n);
  let attackAccepted = true;
  try {
    await (await m.shares.connect(m.dave).setUser(daveId, m.dave.address, attackExpiry)).wait();
  } catch {
    attackAccepted = false;
  }
  await pushNext(m, P + DAY, CLEAN_PUSH, model);
  await pushNext(m, P + 2n * DAY + 100n, CLEAN_PUSH, model);

  const claimAt = P + 2n * DAY + 5_000n;
  await at(claimAt);
  const before = await m.wbtc.balanceOf(m.carol.address);
  const ownerBefore = await m.distributor.claimableBalance(m.alice.address, m.wbtc);
  await m.distributor.connect(m.carol).claim([m.aliceId]);
  const renterPart = (await m.wbtc.balanceOf(m.carol.address)) - before;
  const ownerPart = (await m.distributor.claimableBalance(m.alice.address, m.wbtc)) - ownerBefore;
  return {
    attackAccepted,
    renterPart,
    ownerPart,
    fairRenter: model.earned(ALICE_SHARES, start, expires),
    fairOwner: model.earned(ALICE_SHARES, expires, claimAt),
  };
}

function expectWithinOne(actual: bigint, expected: bigint, what: string): void {
  const diff = actual > expected ? actual - expected : expected - actual;
  expect(diff <= 1n, `${what}: chain ${actual}, fair ${expected}`).to.equal(true);
}

describe("Security review findings (issue 11)", function () {
  describe("F1: a rental expiry wider than the 40-bit horizon", function () {
    it("F1: a self-rent until 2^40 cannot move the owner's rewards to another position's renter", async function () {
      const m = await loadFixture(marketStreamFixture);
      const r = await rentalWithSelfRent(m, 1n << 40n);
      // Before the fix the attack was accepted and the renter's part held most of the owner's (see the README).
      expectWithinOne(r.renterPart, r.fairRenter, `renter's part (attack accepted: ${r.attackAccepted})`);
      expectWithinOne(r.ownerPart, r.fairOwner, `owner's part (attack accepted: ${r.attackAccepted})`);
      expect(r.attackAccepted, "setUser until 2^40 was accepted").to.equal(false);
    });

    it("F1: setUser rejects every expiry above type(uint40).max, up to 2^64 − 1, and changes nothing", async function () {
      const m = await loadFixture(marketStreamFixture);
      const horizon = (await m.distributor.rigStream(m.rigId)).rentalHorizon;
      for (const expires of [UINT40_MAX + 1n, (1n << 40n) * 3n + 12_345n, (1n << 63n) + 1n, UINT64_MAX]) {
        await expect(m.shares.connect(m.bob).setUser(m.bobId, m.bob.address, expires))
          .to.be.revertedWithCustomError(m.shares, "RigSharesInvalidRental")
          .withArgs(m.bob.address, expires);
      }
      expect((await m.distributor.rigStream(m.rigId)).rentalHorizon).to.equal(horizon);
      expect((await m.distributor.position(m.bobId)).rented).to.equal(false);
    });

    it("F1: the widest accepted expiry (2^40 − 1) keeps the horizon there and every split exact", async function () {
      const m = await loadFixture(marketStreamFixture);
      const r = await rentalWithSelfRent(m, UINT40_MAX);
      expect(r.attackAccepted).to.equal(true);
      expectWithinOne(r.renterPart, r.fairRenter, "renter's part");
      expectWithinOne(r.ownerPart, r.fairOwner, "owner's part");
      // The horizon is the latest expiry and stays open while Dave's rental runs.
      expect((await m.distributor.rigStream(m.rigId)).rentalHorizon).to.equal(UINT40_MAX);
    });
  });

  describe("F2: the tariff, the electricity and the debt of an epoch are bounded", function () {
    /** The default rig with 1,000 shares sold, terms configured at `tariff`, nothing pushed yet. */
    async function soldRig(tariff: bigint) {
      const p = await loadFixture(oracleFixture);
      await p.funder.connect(p.operator).configureRig(p.rigId, tariff, FEE_BPS, 0n, 0n);
      await mintShares(p, p.alice, p.rigId, 1_000n);
      return p;
    }

    it("F2: a tariff above the payout token's ceiling is refused, by configureRig and proposeTerms alike", async function () {
      const p = await loadFixture(oracleFixture);
      const over = MAX_TARIFF_SATS_PER_KWH + 1n;
      await expect(p.funder.connect(p.operator).configureRig(p.rigId, over, FEE_BPS, 0n, 0n))
        .to.be.revertedWithCustomError(p.funder, "FunderTariffAboveCeiling")
        .withArgs(over, MAX_TARIFF_SATS_PER_KWH);
      await expect(p.funder.connect(p.operator).proposeTerms(p.rigId, 2n ** 127n, FEE_BPS))
        .to.be.revertedWithCustomError(p.funder, "FunderTariffAboveCeiling")
        .withArgs(2n ** 127n, MAX_TARIFF_SATS_PER_KWH);
      await p.funder.connect(p.operator).configureRig(p.rigId, MAX_TARIFF_SATS_PER_KWH, FEE_BPS, 0n, 0n);
      // A payout token without a ceiling accepts only a zero tariff; only the admin sets one.
      await p.funder.connect(p.admin).setMaxTariff(p.wbtc, 0n);
      await expect(p.funder.connect(p.operator).proposeTerms(p.rigId, 1n, FEE_BPS))
        .to.be.revertedWithCustomError(p.funder, "FunderTariffAboveCeiling")
        .withArgs(1n, 0n);
      await expect(p.funder.connect(p.admin).setMaxTariff(p.wbtc, 2n ** 128n))
        .to.be.revertedWithCustomError(p.funder, "FunderInvalidTerms")
        .withArgs("maxTariffPerKWh");
      await expect(p.funder.connect(p.operator).setMaxTariff(p.wbtc, 10n ** 9n)).to.be.revertedWithCustomError(
        p.funder,
        "AccessControlUnauthorizedAccount",
      );
    });

    it("F2: once a share is minted, configureRig is refused and a tariff change waits TERMS_DELAY", async function () {
      const p = await loadFixture(oracleFixture);
      await p.funder.connect(p.operator).configureRig(p.rigId, 60n, FEE_BPS, 9_000n, 100_000n);
      await mintShares(p, p.alice, p.rigId, 1_000n);
      // Before the fix the operator could rewrite every term here, after the sale and before the first push.
      await expect(p.funder.connect(p.operator).configureRig(p.rigId, MAX_TARIFF_SATS_PER_KWH, 3_000n, 0n, 0n))
        .to.be.revertedWithCustomError(p.funder, "FunderAlreadyStarted")
        .withArgs(p.rigId);
      const proposedAt = BigInt(await time.latest()) + 10n;
      await time.setNextBlockTimestamp(proposedAt);
      await expect(p.funder.connect(p.operator).proposeTerms(p.rigId, MAX_TARIFF_SATS_PER_KWH, 3_000n))
        .to.emit(p.funder, "TermsProposed")
        .withArgs(p.rigId, MAX_TARIFF_SATS_PER_KWH, 3_000n, proposedAt + TERMS_DELAY);
      const t = await p.funder.terms(p.rigId);
      expect([t.tariffPerKWh, t.serviceFeeBps, t.slaThresholdBps, t.requiredBond]).to.deep.equal([
        60n,
        FEE_BPS,
        9_000n,
        100_000n,
      ]);
    });

    it("F2: a lower ceiling caps the electricity of a tariff already in force at nominal power × epoch × ceiling", async function () {
      const p = await soldRig(MAX_TARIFF_SATS_PER_KWH);
      await expect(p.funder.connect(p.admin).setMaxTariff(p.wbtc, 100n))
        .to.emit(p.funder, "MaxTariffSet")
        .withArgs(p.wbtc, 100n);
      // 3,500 W over a day is 84 kWh: 8,400 sats at 100 sats/kWh, whatever the report's energy (≤ 88.2 kWh).
      expect(await p.funder.maxElectricity(p.rigId)).to.equal((FULL_DAY_WH * 100n) / 1_000n);
      const { report } = await pushReport(p, { energyWh: (FULL_DAY_WH * 10_500n) / 10_000n });
      const b = await p.funder.lastBreakdown(p.rigId);
      expect(b.electricity).to.equal(8_400n);
      // The debt this epoch added is at most that bound.
      expect(b.debtOut - b.debtIn <= 8_400n).to.equal(true);
      expect(b.gross).to.equal(report.grossReward);
    });

    it("F2: after epochs in debt at the ceiling, a lowered tariff repays the debt and pays holders again", async function () {
      const p = await soldRig(MAX_TARIFF_SATS_PER_KWH);
      const bound = await p.funder.maxElectricity(p.rigId);
      // Two epochs of full energy at the ceiling: each costs more than its gross and adds at most `bound`.
      let debt = 0n;
      for (let i = 0; i < 2; i++) {
        await pushReport(p, { energyWh: FULL_DAY_WH });
        const b = await p.funder.lastBreakdown(p.rigId);
        expect(b.net).to.equal(0n);
        expect(b.debtOut > b.debtIn && b.debtOut - b.debtIn <= bound).to.equal(true);
        debt = b.debtOut;
      }
      await p.funder.connect(p.operator).proposeTerms(p.rigId, 0n, FEE_BPS);
      const effectiveAt = (await p.funder.terms(p.rigId)).pendingEffectiveAt;
      expect(effectiveAt).to.equal(BigInt(await time.latest()) + TERMS_DELAY);
      // Gross less the fee repays the debt first; then holders are paid the rest, every epoch.
      let repaid = 0n;
      let paidEpochs = 0;
      for (let i = 0; i < 30 && paidEpochs < 2; i++) {
        await pushReport(p, { energyWh: FULL_DAY_WH });
        const b = await p.funder.lastBreakdown(p.rigId);
        // Epochs that started before the new terms took effect still settle under the old tariff.
        if (b.electricity !== 0n) debt = b.debtOut;
        else {
          repaid += b.debtIn - b.debtOut;
          expect(b.net + (b.debtIn - b.debtOut)).to.equal(b.gross - b.serviceFee);
          if (b.net > 0n) paidEpochs += 1;
        }
      }
      expect(repaid).to.equal(debt);
      expect(paidEpochs).to.equal(2);
      expect((await p.funder.terms(p.rigId)).feeDebt).to.equal(0n);
    });
  });

  describe("F3: an operator who stops funding cannot freeze its rig", function () {
    /** The operator stops funding; a keeper relays the next epoch's report, which now waits for funds. */
    async function unfundedReport(p: OracleProtocol, overrides = {}) {
      await p.wbtc.connect(p.operator).approve(p.funder, 0n);
      await toEpochEnd(p);
      const report = await nextReport(p, overrides);
      await p.oracle.connect(p.keeper).submitReport(report, await quorumSignatures(p, report));
      const pushableAt = (report.epoch + 1n + 3n) * DAY;
      return { report, pushableAt };
    }

    it("F3: after 3 epochs anyone pushes the stale report from the bond; the rig defaults and the next epoch goes on", async function () {
      const p = await loadFixture(fundedRigFixture);
      // Delivering 80% of nominal (below the 92% SLA) with a proportional gross: a refund is owed too.
      const delivered = (NOMINAL * 8n) / 10n;
      const { report, pushableAt } = await unfundedReport(p, { deliveredHashrate: delivered, grossReward: 9_000n });
      expect(await p.funder.UNFUNDED_AFTER_EPOCHS()).to.equal(3n);
      await expect(p.funder.connect(p.keeper).pushEpoch(report)).to.revert(ethers); // no funds approved
      await expect(p.funder.connect(p.keeper).pushUnfundedEpoch(report))
        .to.be.revertedWithCustomError(p.funder, "FunderNotYetUnfunded")
        .withArgs(p.rigId, report.epoch, pushableAt);
      await time.increaseTo(pushableAt);
      const expected = await p.funder.previewBreakdown(report);
      const bondBefore = (await p.funder.terms(p.rigId)).bond;
      const fundedBefore = (await p.distributor.rigStream(p.rigId)).funded;
      const operatorBefore = await p.wbtc.balanceOf(p.operator.address);

      await expect(p.funder.connect(p.stranger).pushUnfundedEpoch(report))
        .to.emit(p.funder, "UnfundedEpochPushed")
        .withArgs(p.rigId, report.epoch, expected.net, expected.net, 0n);

      const b = await p.funder.lastBreakdown(p.rigId);
      expect(b.net).to.equal(expected.net);
      expect(b.slaRefund).to.equal(expected.slaRefund);
      expect(b.slaRefund > 0n).to.equal(true);
      const t = await p.funder.terms(p.rigId);
      expect(t.bond).to.equal(bondBefore - expected.net - expected.slaRefund);
      expect(t.inDefault).to.equal(true);
      expect(await statusOf(p, p.alicePos)).to.equal("In default, on sale");
      expect((await p.distributor.rigStream(p.rigId)).funded - fundedBefore).to.equal(
        expected.net + expected.slaRefund,
      );
      expect(await p.wbtc.balanceOf(p.operator.address)).to.equal(operatorBefore);
      // The rig is not frozen: the next epoch's report is accepted and pushed as usual once funds are back.
      await p.wbtc.connect(p.operator).approve(p.funder, 2n ** 255n);
      await pushReport(p);
      expect((await p.distributor.rigStream(p.rigId)).nextEpoch).to.equal(report.epoch + 2n);
      expect((await p.shares.rig(p.rigId)).status).to.equal(1n); // still Active while bond is left
    });

    it("F3: a bond too small for the net pays what it has, reports the shortfall and suspends the rig", async function () {
      const p = await loadFixture(oracleFixture);
      await p.funder.connect(p.operator).configureRig(p.rigId, 60n, FEE_BPS, 0n, 0n);
      const position = await mintShares(p, p.alice, p.rigId, 1_000n);
      await p.funder.connect(p.operator).depositBond(p.rigId, 1_000n);
      expect(await statusOf(p, position)).to.equal("Active, on sale");
      const { report, pushableAt } = await unfundedReport(p);
      await time.increaseTo(pushableAt);
      const { net } = await p.funder.previewBreakdown(report);
      expect(net > 1_000n).to.equal(true);

      await expect(p.funder.connect(p.stranger).pushUnfundedEpoch(report))
        .to.emit(p.funder, "UnfundedEpochPushed")
        .withArgs(p.rigId, report.epoch, net, 1_000n, net - 1_000n)
        .and.to.emit(p.funder, "RigSuspendedForDefault")
        .withArgs(p.rigId);
      expect((await p.funder.lastBreakdown(p.rigId)).net).to.equal(1_000n);
      expect((await p.funder.terms(p.rigId)).bond).to.equal(0n);
      expect((await p.funder.terms(p.rigId)).inDefault).to.equal(true);
      expect((await p.shares.rig(p.rigId)).status).to.equal(3n); // Suspended
      expect(await statusOf(p, position)).to.equal("Suspended, in default");
      // Books: the distributor streams exactly the 1,000 the bond paid and holds it.
      expect((await p.distributor.rigStream(p.rigId)).funded).to.equal(1_000n);
      expect(await p.distributor.liabilities(p.wbtc)).to.equal(1_000n);
      // A report pushed twice is refused.
      await expect(p.funder.connect(p.stranger).pushUnfundedEpoch(report)).to.be.revertedWithCustomError(
        p.oracle,
        "OracleReportNotAccepted",
      );
    });
  });

  describe("F4: the checkpoint counter cannot run out", function () {
    it("F4: registration refuses an epoch longer than 2^24 − 1 s (195 days) and accepts 194 days", async function () {
      const p = await loadFixture(protocolWithRigFixture);
      const params = (epochLength: bigint) =>
        sha256RigParams(String(p.usdc.target), String(p.wbtc.target), { epochLength });
      await expect(p.shares.connect(p.operator).registerRig(params(195n * DAY)))
        .to.be.revertedWithCustomError(p.shares, "RigSharesInvalidParams")
        .withArgs("epochLength");
      await expect(p.shares.connect(p.operator).registerRig(params(194n * DAY))).to.emit(p.shares, "RigRegistered");
      const rigId = await p.shares.rigCount();
      expect((await p.distributor.rigStream(rigId)).epochLength).to.equal(194n * DAY);
    });

    it("F4: the rig's checkpoint count is a 32-bit field", async function () {
      const p = await loadFixture(protocolWithRigFixture);
      const fragment = p.distributor.interface.getFunction("rigStream")!;
      const checkpoints = fragment.outputs[0].components!.find((c) => c.name === "checkpoints")!;
      expect(checkpoints.type).to.equal("uint32");
    });
  });
});
