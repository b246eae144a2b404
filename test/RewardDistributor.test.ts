// Behaviour tests of RewardDistributor: epoch pushes and their checks, streaming with leftover roll-in,
// accrual exact to the wei, claims, the unallocated bucket, excess sweeps, pause, the share-token hooks,
// and a conservation check (funded = claimed + balances + pending + undistributed + bounded dust).
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import type { FeeOnTransferERC20, RewardDistributor, TestERC20 } from "../typechain-types/index.js";
import {
  Algorithm,
  BTC,
  DAY,
  SCALE,
  STRIDE,
  USDC,
  type Protocol,
  mintShares,
  now,
  protocolWithRigFixture,
  registerRig,
  sha256RigParams,
} from "./helpers/fixtures.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { loadFixture, time } = networkHelpers;

const LTC = 10n ** 8n; // 8-decimal Litecoin-like payout token unit
const HOUR = 3_600n;
const HALF_DAY = 43_200n;
const ADMIN_ROLE = ethers.ZeroHash;

// ───────────────────────────────────── fixtures ─────────────────────────────────────

/** The default rig with alice holding 600 shares and bob 400, nothing pushed yet. */
async function holdersFixture(c: NetworkConnection) {
  const p = await protocolWithRigFixture(c);
  const alicePos = await mintShares(p, p.alice, p.rigId, 600n);
  const bobPos = await mintShares(p, p.bob, p.rigId, 400n);
  return { ...p, alicePos, bobPos };
}

/** `holdersFixture` plus a Scrypt rig (id 2) paying an 8-decimal LTC-like token over 12-hour epochs; alice holds 300 of its 500 shares. */
async function twoRigsFixture(c: NetworkConnection) {
  const p = await holdersFixture(c);
  const ltc = (await c.ethers.deployContract("TestERC20", ["Litecoin", "LTC", 8])) as unknown as TestERC20;
  const ltcRigId = await registerRig(p, scryptRigParams(p, await ltc.getAddress()));
  await ltc.mint(p.operator.address, 1_000_000n * LTC);
  await ltc.connect(p.operator).approve(await p.distributor.getAddress(), c.ethers.MaxUint256);
  const aliceLtcPos = await mintShares(p, p.alice, ltcRigId, 300n);
  return { ...p, ltc, ltcRigId, aliceLtcPos };
}

/** The default protocol plus a rig registered by `dave` (given OPERATOR_ROLE) who holds no payout token. */
async function unfundedOperatorFixture(c: NetworkConnection) {
  const p = await protocolWithRigFixture(c);
  await p.shares.connect(p.admin).grantRole(await p.shares.OPERATOR_ROLE(), p.dave.address);
  const daveRigId = await registerRig(p, sha256RigParams(await p.usdc.getAddress(), await p.wbtc.getAddress()), p.dave);
  const davePos = await mintShares(p, p.alice, daveRigId, 10n);
  return { ...p, daveRigId, davePos };
}

/** The default protocol plus a rig paying a token that burns 1% of every transfer. */
async function feeOnTransferPayoutFixture(c: NetworkConnection) {
  const p = await protocolWithRigFixture(c);
  const fot = (await c.ethers.deployContract("FeeOnTransferERC20", [100])) as unknown as FeeOnTransferERC20;
  const fotRigId = await registerRig(
    p,
    sha256RigParams(await p.usdc.getAddress(), await fot.getAddress(), { maxEpochPayout: 10n ** 24n }),
  );
  await fot.mint(p.operator.address, 10n ** 21n);
  await fot.connect(p.operator).approve(await p.distributor.getAddress(), c.ethers.MaxUint256);
  await mintShares(p, p.alice, fotRigId, 10n);
  return { ...p, fot, fotRigId };
}

function scryptRigParams(p: Protocol, payoutToken: string) {
  return {
    name: "Antminer L9 #1",
    algorithm: Algorithm.Scrypt,
    hashrate: 16n * 10n ** 9n,
    powerWatts: 3_360n,
    totalShares: 500n,
    pricePerShare: 20n * USDC,
    paymentToken: p.usdc.target as string,
    payoutToken,
    epochLength: HALF_DAY,
    maxEpochPayout: 50n * LTC,
    royaltyBps: 300n,
  };
}

// ───────────────────────────────────── helpers ─────────────────────────────────────

/**
 * Pushes the rig's next epoch in a block with timestamp `at` (default: the epoch's end, or the next
 * second if that has passed). Returns the transaction, the epoch and the push timestamp.
 */
async function pushAt(
  p: Protocol,
  rigId: bigint,
  amount: bigint,
  at?: bigint,
  operator: HardhatEthersSigner = p.operator,
) {
  const s = await p.distributor.rigStream(rigId);
  const epoch = s.nextEpoch;
  const endsAt = (epoch + 1n) * s.epochLength;
  const latest = await now(p);
  const t = at ?? (endsAt > latest ? endsAt : latest + 1n);
  await time.setNextBlockTimestamp(t);
  const tx = await p.distributor.connect(operator).pushEpoch(rigId, epoch, amount);
  return { tx, epoch, t };
}

/** Mines a block at `t` so that views run at exactly `t`. */
async function viewAt(t: bigint) {
  await time.increaseTo(t);
}

/** Sends the next transaction at exactly `t`. */
async function nextTxAt(t: bigint) {
  await time.setNextBlockTimestamp(t);
}

/** Rate and unstreamable remainder of a stream of `totalX18` over `duration` (mirrors the contract's rounding). */
function rateFor(totalX18: bigint, duration: bigint) {
  return { rate: totalX18 / duration, rem: totalX18 % duration };
}

/**
 * Conservation: for every rig paying `token`,
 *   funded == claimed + Σ claimableBalance + Σ pendingReward + Σ undistributed + dust,
 * with 0 ≤ dust ≤ settlements + pushes + live positions (each settlement, each pending view and each
 * rounded undistributed view floors less than one unit). `claimed` is summed from RewardsClaimed events
 * and cross-checked against `liabilities`. Also checks solvency (balance ≥ liabilities). Returns the dust.
 */
async function expectConserved(
  p: Protocol,
  token: TestERC20 | FeeOnTransferERC20,
  rigIds: bigint[],
  positionIds: bigint[],
  settlements: number,
): Promise<bigint> {
  const d = p.distributor;
  const tokenAddress = await token.getAddress();
  let funded = 0n;
  let undistributed = 0n;
  for (const rigId of rigIds) {
    funded += (await d.rigStream(rigId)).funded;
    undistributed += await d.undistributed(rigId);
  }
  const pushes = (await d.queryFilter(d.filters.EpochPushed())).filter((e) => rigIds.includes(e.args.rigId)).length;
  const claimed = (await d.queryFilter(d.filters.RewardsClaimed(undefined, tokenAddress))).reduce(
    (sum, e) => sum + e.args.amount,
    0n,
  );
  expect(await d.liabilities(tokenAddress), "liabilities = funded - claimed").to.equal(funded - claimed);
  expect((await token.balanceOf(await d.getAddress())) >= funded - claimed, "solvent").to.equal(true);

  let balances = 0n;
  for (const signer of await p.ethers.getSigners()) balances += await d.claimableBalance(signer.address, tokenAddress);
  let pending = 0n;
  for (const id of positionIds) pending += await d.pendingReward(id);

  const dust = funded - claimed - balances - pending - undistributed;
  expect(dust >= 0n, `dust ${dust} must not be negative (over-attribution)`).to.equal(true);
  expect(dust <= BigInt(settlements + pushes + positionIds.length), `dust ${dust} above bound`).to.equal(true);
  return dust;
}

async function nonOperatorSigners(p: Protocol) {
  return [p.admin, p.treasury, p.alice, p.bob, p.carol, p.dave, p.stranger];
}

// ───────────────────────────────────── tests ─────────────────────────────────────

describe("RewardDistributor", function () {
  describe("pushEpoch", function () {
    it("streams amount×1e18/epochLength per second until now + epochLength and pulls exactly the amount", async function () {
      const p = await loadFixture(holdersFixture);
      const amount = 12_345_678n;
      const distributorAddress = await p.distributor.getAddress();
      const { epoch } = await pushAt(p, p.rigId, 1n); // a first push so the second one has a registered epoch before it
      const s0 = await p.distributor.rigStream(p.rigId);
      // Let the first 1-unit stream end so that only its unstreamable remainder rolls over.
      const t = s0.periodEnd + 10n;
      await nextTxAt(t);
      const tx = p.distributor.connect(p.operator).pushEpoch(p.rigId, epoch + 1n, amount);
      const { rate, rem } = rateFor(amount * SCALE + s0.unallocatedX18, DAY);
      await expect(tx)
        .to.emit(p.distributor, "EpochPushed")
        .withArgs(p.rigId, epoch + 1n, amount, rate, t + DAY);
      await expect(tx).to.changeTokenBalances(
        ethers,
        p.wbtc,
        [p.operator.address, distributorAddress],
        [-amount, amount],
      );

      const s = await p.distributor.rigStream(p.rigId);
      expect(s.rateX18).to.equal(rate);
      expect(s.periodEnd).to.equal(t + DAY);
      expect(s.lastUpdate).to.equal(t);
      expect(s.nextEpoch).to.equal(epoch + 2n);
      expect(s.unallocatedX18).to.equal(rem);
      expect(s.funded).to.equal(amount + 1n);
      expect(await p.distributor.liabilities(p.wbtc)).to.equal(amount + 1n);
    });

    it("sets the first stream's rate to exactly amount×1e18 / epochLength, keeping the remainder unallocated", async function () {
      const p = await loadFixture(holdersFixture);
      const amount = 1n * BTC;
      const before = await p.distributor.rigStream(p.rigId);
      const { tx, epoch, t } = await pushAt(p, p.rigId, amount);
      expect(epoch).to.equal(before.nextEpoch);
      await expect(tx)
        .to.emit(p.distributor, "EpochPushed")
        .withArgs(p.rigId, epoch, amount, (amount * SCALE) / DAY, t + DAY);
      const s = await p.distributor.rigStream(p.rigId);
      expect(s.rateX18).to.equal((amount * SCALE) / DAY);
      expect(s.unallocatedX18).to.equal((amount * SCALE) % DAY);
      expect(s.rateX18 * DAY + s.unallocatedX18).to.equal(amount * SCALE);
      expect(s.rewardPerShareX18).to.equal(0n);
    });

    it("advances nextEpoch by exactly one per push and adds every amount to liabilities", async function () {
      const p = await loadFixture(holdersFixture);
      const first = (await p.distributor.rigStream(p.rigId)).nextEpoch;
      const amounts = [3n * 10n ** 7n, 1n, 99_999_999n];
      let total = 0n;
      for (const [i, amount] of amounts.entries()) {
        const { epoch } = await pushAt(p, p.rigId, amount);
        total += amount;
        expect(epoch).to.equal(first + BigInt(i));
        expect((await p.distributor.rigStream(p.rigId)).nextEpoch).to.equal(first + BigInt(i) + 1n);
        expect(await p.distributor.liabilities(p.wbtc)).to.equal(total);
        expect(await p.wbtc.balanceOf(await p.distributor.getAddress())).to.equal(total);
      }
      expect((await p.distributor.rigStream(p.rigId)).funded).to.equal(total);
    });

    it("rolls exactly the unstreamed half of a running stream into the next rate", async function () {
      const p = await loadFixture(holdersFixture);
      const e = (await p.distributor.rigStream(p.rigId)).nextEpoch;
      const a1 = 1n * BTC;
      const a2 = 70_000_007n;
      // Push epoch e half a day late, then epoch e+1 as soon as it ends: half of stream 1 is left.
      const tA = (e + 1n) * DAY + HALF_DAY;
      await pushAt(p, p.rigId, a1, tA);
      const r1 = rateFor(a1 * SCALE, DAY);
      const tB = (e + 2n) * DAY;
      expect(tB - tA).to.equal(HALF_DAY);
      const leftover = r1.rate * HALF_DAY + r1.rem; // unstreamed half + unstreamable remainder of push 1
      const r2 = rateFor(a2 * SCALE + leftover, DAY);
      const { tx } = await pushAt(p, p.rigId, a2, tB);
      await expect(tx)
        .to.emit(p.distributor, "EpochPushed")
        .withArgs(p.rigId, e + 1n, a2, r2.rate, tB + DAY);
      const s = await p.distributor.rigStream(p.rigId);
      expect(s.rateX18).to.equal(r2.rate);
      expect(s.unallocatedX18).to.equal(r2.rem);
      // What streamed in the first half went to the holders (1000 shares, no carry before).
      const accA = (r1.rate * HALF_DAY) / 1000n;
      expect(s.rewardPerShareX18).to.equal(accA);
      expect(s.carryX18).to.equal((r1.rate * HALF_DAY) % 1000n);
      // Nothing is lost: after the second stream, everything funded is attributed but for rounding dust.
      await viewAt(tB + DAY);
      const dust = await expectConserved(p, p.wbtc, [p.rigId], [p.alicePos, p.bobPos], 0);
      expect(dust).to.be.lessThanOrEqual(2n);
      const paid = (await p.distributor.pendingReward(p.alicePos)) + (await p.distributor.pendingReward(p.bobPos));
      expect(a1 + a2 - paid).to.be.within(0n, 2n);
    });
  });

  describe("pushEpoch rejections", function () {
    it("rejects every signer other than the rig's operator with DistributorNotRigOperator", async function () {
      const p = await loadFixture(holdersFixture);
      const s = await p.distributor.rigStream(p.rigId);
      await time.increaseTo((s.nextEpoch + 1n) * DAY);
      for (const signer of await nonOperatorSigners(p)) {
        await p.wbtc.mint(signer.address, BTC);
        await p.wbtc.connect(signer).approve(await p.distributor.getAddress(), BTC);
        await expect(p.distributor.connect(signer).pushEpoch(p.rigId, s.nextEpoch, BTC))
          .to.be.revertedWithCustomError(p.distributor, "DistributorNotRigOperator")
          .withArgs(p.rigId, signer.address);
      }
    });

    it("rejects the operator of another rig with DistributorNotRigOperator", async function () {
      const p = await loadFixture(unfundedOperatorFixture);
      const s = await p.distributor.rigStream(p.rigId);
      await time.increaseTo((s.nextEpoch + 1n) * DAY);
      await expect(p.distributor.connect(p.dave).pushEpoch(p.rigId, s.nextEpoch, 1n))
        .to.be.revertedWithCustomError(p.distributor, "DistributorNotRigOperator")
        .withArgs(p.rigId, p.dave.address);
      await expect(p.distributor.connect(p.operator).pushEpoch(p.daveRigId, s.nextEpoch, 1n))
        .to.be.revertedWithCustomError(p.distributor, "DistributorNotRigOperator")
        .withArgs(p.daveRigId, p.operator.address);
    });

    it("rejects an unknown rig id with DistributorNotRigOperator (it has no operator)", async function () {
      const p = await loadFixture(holdersFixture);
      await expect(p.distributor.connect(p.operator).pushEpoch(99n, 0n, 1n))
        .to.be.revertedWithCustomError(p.distributor, "DistributorNotRigOperator")
        .withArgs(99n, p.operator.address);
    });

    it("rejects pushing the same epoch twice with DistributorEpochOutOfOrder", async function () {
      const p = await loadFixture(holdersFixture);
      const { epoch } = await pushAt(p, p.rigId, BTC);
      await expect(p.distributor.connect(p.operator).pushEpoch(p.rigId, epoch, BTC))
        .to.be.revertedWithCustomError(p.distributor, "DistributorEpochOutOfOrder")
        .withArgs(p.rigId, epoch + 1n, epoch);
    });

    it("rejects skipping an epoch with DistributorEpochOutOfOrder, even once the skipped-to epoch ended", async function () {
      const p = await loadFixture(holdersFixture);
      const e = (await p.distributor.rigStream(p.rigId)).nextEpoch;
      await time.increaseTo((e + 3n) * DAY);
      await expect(p.distributor.connect(p.operator).pushEpoch(p.rigId, e + 1n, BTC))
        .to.be.revertedWithCustomError(p.distributor, "DistributorEpochOutOfOrder")
        .withArgs(p.rigId, e, e + 1n);
    });

    it("rejects a past epoch with DistributorEpochOutOfOrder", async function () {
      const p = await loadFixture(holdersFixture);
      const { epoch: e } = await pushAt(p, p.rigId, BTC);
      await pushAt(p, p.rigId, BTC);
      await expect(p.distributor.connect(p.operator).pushEpoch(p.rigId, e, BTC))
        .to.be.revertedWithCustomError(p.distributor, "DistributorEpochOutOfOrder")
        .withArgs(p.rigId, e + 2n, e);
      await expect(p.distributor.connect(p.operator).pushEpoch(p.rigId, e - 1n, BTC))
        .to.be.revertedWithCustomError(p.distributor, "DistributorEpochOutOfOrder")
        .withArgs(p.rigId, e + 2n, e - 1n);
    });

    it("rejects an epoch until its last second has passed with DistributorEpochNotEnded", async function () {
      const p = await loadFixture(holdersFixture);
      const e = (await p.distributor.rigStream(p.rigId)).nextEpoch;
      const endsAt = (e + 1n) * DAY;
      await expect(p.distributor.connect(p.operator).pushEpoch(p.rigId, e, BTC))
        .to.be.revertedWithCustomError(p.distributor, "DistributorEpochNotEnded")
        .withArgs(p.rigId, e, endsAt);
      // One second before the end (unless the fixture itself ran in the day's last seconds).
      if ((await now(p)) + 1n < endsAt - 1n) {
        await nextTxAt(endsAt - 1n);
        await expect(p.distributor.connect(p.operator).pushEpoch(p.rigId, e, BTC))
          .to.be.revertedWithCustomError(p.distributor, "DistributorEpochNotEnded")
          .withArgs(p.rigId, e, endsAt);
      }
      await nextTxAt(endsAt);
      await expect(p.distributor.connect(p.operator).pushEpoch(p.rigId, e, BTC)).to.emit(p.distributor, "EpochPushed");
    });

    it("rejects an amount above maxEpochPayout with DistributorInvalidAmount and accepts the cap exactly", async function () {
      const p = await loadFixture(holdersFixture);
      const s = await p.distributor.rigStream(p.rigId);
      expect(s.maxEpochPayout).to.equal(BTC);
      await time.increaseTo((s.nextEpoch + 1n) * DAY);
      await expect(p.distributor.connect(p.operator).pushEpoch(p.rigId, s.nextEpoch, BTC + 1n))
        .to.be.revertedWithCustomError(p.distributor, "DistributorInvalidAmount")
        .withArgs(BTC + 1n, BTC);
      await expect(p.distributor.connect(p.operator).pushEpoch(p.rigId, s.nextEpoch, 2n ** 200n))
        .to.be.revertedWithCustomError(p.distributor, "DistributorInvalidAmount")
        .withArgs(2n ** 200n, BTC);
      await expect(p.distributor.connect(p.operator).pushEpoch(p.rigId, s.nextEpoch, BTC)).to.emit(
        p.distributor,
        "EpochPushed",
      );
    });

    it("accepts a zero push for an epoch that earned nothing: the epoch advances, nothing is pulled, the running stream is re-spread", async function () {
      const p = await loadFixture(holdersFixture);
      const e = (await p.distributor.rigStream(p.rigId)).nextEpoch;
      const tA = (e + 1n) * DAY + HALF_DAY;
      await pushAt(p, p.rigId, BTC, tA);
      const r1 = rateFor(BTC * SCALE, DAY);
      const tB = (e + 2n) * DAY;
      const r2 = rateFor(r1.rate * HALF_DAY + r1.rem, DAY);
      await nextTxAt(tB);
      const tx = p.distributor.connect(p.operator).pushEpoch(p.rigId, e + 1n, 0n);
      await expect(tx)
        .to.emit(p.distributor, "EpochPushed")
        .withArgs(p.rigId, e + 1n, 0n, r2.rate, tB + DAY);
      await expect(tx).to.changeTokenBalances(
        ethers,
        p.wbtc,
        [p.operator.address, await p.distributor.getAddress()],
        [0n, 0n],
      );
      const s = await p.distributor.rigStream(p.rigId);
      expect(s.nextEpoch).to.equal(e + 2n);
      expect(s.funded).to.equal(BTC);
      expect(s.rateX18).to.equal(r2.rate);
      expect(s.unallocatedX18).to.equal(r2.rem);
      expect(await p.distributor.liabilities(p.wbtc)).to.equal(BTC);
      await viewAt(tB + DAY);
      await expectConserved(p, p.wbtc, [p.rigId], [p.alicePos, p.bobPos], 0);
    });

    it("accepts a zero push from an operator with neither balance nor allowance", async function () {
      const p = await loadFixture(unfundedOperatorFixture);
      const { tx, epoch } = await pushAt(p, p.daveRigId, 0n, undefined, p.dave);
      await expect(tx).to.emit(p.distributor, "EpochPushed");
      expect((await p.distributor.rigStream(p.daveRigId)).nextEpoch).to.equal(epoch + 1n);
      expect(await p.distributor.liabilities(p.wbtc)).to.equal(0n);
    });

    it("reverts an unfunded push (no allowance, then no balance) and leaves the stream, liabilities and balances unchanged", async function () {
      const p = await loadFixture(unfundedOperatorFixture);
      const distributorAddress = await p.distributor.getAddress();
      const before = await p.distributor.rigStream(p.daveRigId);
      await time.increaseTo((before.nextEpoch + 1n) * DAY);
      await expect(p.distributor.connect(p.dave).pushEpoch(p.daveRigId, before.nextEpoch, BTC))
        .to.be.revertedWithCustomError(p.wbtc, "ERC20InsufficientAllowance")
        .withArgs(distributorAddress, 0n, BTC);
      await p.wbtc.connect(p.dave).approve(distributorAddress, BTC);
      await expect(p.distributor.connect(p.dave).pushEpoch(p.daveRigId, before.nextEpoch, BTC))
        .to.be.revertedWithCustomError(p.wbtc, "ERC20InsufficientBalance")
        .withArgs(p.dave.address, 0n, BTC);
      expect([...(await p.distributor.rigStream(p.daveRigId))]).to.deep.equal([...before]);
      expect(await p.distributor.liabilities(p.wbtc)).to.equal(0n);
      expect(await p.wbtc.balanceOf(distributorAddress)).to.equal(0n);
      expect(await p.distributor.undistributed(p.daveRigId)).to.equal(0n);
      // Once funded, the same epoch goes through.
      await p.wbtc.mint(p.dave.address, BTC);
      await expect(p.distributor.connect(p.dave).pushEpoch(p.daveRigId, before.nextEpoch, BTC)).to.emit(
        p.distributor,
        "EpochPushed",
      );
    });

    it("rejects a fee-on-transfer payout token with DistributorTransferMismatch and changes nothing", async function () {
      const p = await loadFixture(feeOnTransferPayoutFixture);
      const before = await p.distributor.rigStream(p.fotRigId);
      await time.increaseTo((before.nextEpoch + 1n) * DAY);
      const amount = 10n ** 18n;
      await expect(p.distributor.connect(p.operator).pushEpoch(p.fotRigId, before.nextEpoch, amount))
        .to.be.revertedWithCustomError(p.distributor, "DistributorTransferMismatch")
        .withArgs(amount, amount - amount / 100n);
      expect([...(await p.distributor.rigStream(p.fotRigId))]).to.deep.equal([...before]);
      expect(await p.distributor.liabilities(p.fot)).to.equal(0n);
      expect(await p.fot.balanceOf(await p.distributor.getAddress())).to.equal(0n);
    });

    it("rejects a rig the distributor never learned of with DistributorUnknownRig", async function () {
      const p = await loadFixture(holdersFixture);
      // A second distributor pointing at the same share token: the share token never registered rigs with it.
      const orphan = (await ethers.deployContract("RewardDistributor", [
        await p.shares.getAddress(),
        0,
        p.admin.address,
      ])) as unknown as RewardDistributor;
      await expect(orphan.connect(p.operator).pushEpoch(p.rigId, 0n, BTC))
        .to.be.revertedWithCustomError(orphan, "DistributorUnknownRig")
        .withArgs(p.rigId);
    });
  });

  describe("accrual", function () {
    it("pays a single holder of every share the whole epoch minus at most one unit of rounding", async function () {
      const p = await loadFixture(protocolWithRigFixture);
      const pos = await mintShares(p, p.alice, p.rigId, 1_000n);
      const amount = 12_345_678n;
      const { t } = await pushAt(p, p.rigId, amount);
      await viewAt(t + DAY + 100n);
      const { rate } = rateFor(amount * SCALE, DAY);
      const expected = (1_000n * ((rate * DAY) / 1_000n)) / SCALE;
      expect(expected).to.equal(amount - 1n); // 1e18 is not a multiple of 86,400: one unit is rounded off
      expect(await p.distributor.pendingReward(pos)).to.equal(expected);
      await expect(p.distributor.connect(p.alice).claim([pos])).to.changeTokenBalances(
        ethers,
        p.wbtc,
        [p.alice.address, await p.distributor.getAddress()],
        [expected, -expected],
      );
      await expectConserved(p, p.wbtc, [p.rigId], [pos], 1);
    });

    it("splits an epoch between 600 and 400 shares exactly in proportion, rounded down", async function () {
      const p = await loadFixture(holdersFixture);
      const amount = 1n * BTC;
      const { t } = await pushAt(p, p.rigId, amount);
      await viewAt(t + DAY);
      const { rate } = rateFor(amount * SCALE, DAY);
      const acc = (rate * DAY) / 1_000n;
      const alice = (600n * acc) / SCALE;
      const bob = (400n * acc) / SCALE;
      expect(await p.distributor.rewardPerShareX18(p.rigId)).to.equal(acc);
      expect(await p.distributor.pendingReward(p.alicePos)).to.equal(alice);
      expect(await p.distributor.pendingReward(p.bobPos)).to.equal(bob);
      expect(alice).to.equal(59_999_999n);
      expect(bob).to.equal(39_999_999n);
      expect(amount - alice - bob).to.be.within(0n, 2n);
      await expectConserved(p, p.wbtc, [p.rigId], [p.alicePos, p.bobPos], 0);
    });

    it("reports pendingReward, rewardPerShareX18, claimable and undistributed exactly mid-stream", async function () {
      const p = await loadFixture(twoRigsFixture);
      const amount = 1n * BTC;
      const { t } = await pushAt(p, p.rigId, amount);
      const { rate, rem } = rateFor(amount * SCALE, DAY);
      await viewAt(t + HOUR);
      const released = rate * HOUR;
      const acc = released / 1_000n;
      const carry = released % 1_000n;
      expect(await p.distributor.rewardPerShareX18(p.rigId)).to.equal(acc);
      expect(await p.distributor.pendingReward(p.alicePos)).to.equal((600n * acc) / SCALE);
      expect(await p.distributor.pendingReward(p.bobPos)).to.equal((400n * acc) / SCALE);
      expect(await p.distributor.undistributed(p.rigId)).to.equal((rate * (DAY - HOUR) + rem + carry) / SCALE);
      // claimable counts only the account's own positions paying the asked token.
      const ids = [p.alicePos, p.bobPos, p.aliceLtcPos];
      expect(await p.distributor.claimable(p.alice.address, p.wbtc, ids)).to.equal((600n * acc) / SCALE);
      expect(await p.distributor.claimable(p.bob.address, p.wbtc, ids)).to.equal((400n * acc) / SCALE);
      expect(await p.distributor.claimable(p.alice.address, p.ltc, ids)).to.equal(0n);
      expect(await p.distributor.claimable(p.carol.address, p.wbtc, ids)).to.equal(0n);
      // The stored state is not advanced by views.
      expect((await p.distributor.rigStream(p.rigId)).rewardPerShareX18).to.equal(0n);
      // Settled balances are added to claimable: alice sells half an hour later.
      const tSell = t + HOUR + 1_800n;
      await nextTxAt(tSell);
      await p.shares.connect(p.alice).transferFrom(p.alice.address, p.carol.address, p.alicePos);
      const accSell = (rate * (tSell - t)) / 1_000n;
      const settled = (600n * accSell) / SCALE;
      expect(await p.distributor.claimableBalance(p.alice.address, p.wbtc)).to.equal(settled);
      expect(await p.distributor.claimable(p.alice.address, p.wbtc, ids)).to.equal(settled);
      expect(await p.distributor.pendingReward(p.alicePos)).to.equal(0n);
      await expectConserved(p, p.wbtc, [p.rigId], [p.alicePos, p.bobPos], 1);
    });

    it("gives a position minted mid-stream nothing retroactively", async function () {
      const p = await loadFixture(holdersFixture);
      const { t } = await pushAt(p, p.rigId, BTC);
      await p.shares.connect(p.bob).burn(p.bobPos);
      await nextTxAt(t + HOUR);
      const late = await mintShares(p, p.carol, p.rigId, 400n);
      expect(await p.distributor.pendingReward(late)).to.equal(0n);
      expect((await p.distributor.position(late)).paidX18).to.equal(
        (await p.distributor.rigStream(p.rigId)).rewardPerShareX18,
      );
      await expectConserved(p, p.wbtc, [p.rigId], [p.alicePos, p.bobPos, late], 1);
    });
  });

  describe("claim", function () {
    it("pays only the caller and emits RewardsClaimed with the exact amount", async function () {
      const p = await loadFixture(holdersFixture);
      const { t } = await pushAt(p, p.rigId, BTC);
      await viewAt(t + DAY);
      const alice = await p.distributor.pendingReward(p.alicePos);
      const bob = await p.distributor.pendingReward(p.bobPos);
      const tx = p.distributor.connect(p.alice).claim([p.alicePos]);
      await expect(tx)
        .to.emit(p.distributor, "RewardsClaimed")
        .withArgs(p.alice.address, await p.wbtc.getAddress(), alice);
      await expect(tx).to.changeTokenBalances(
        ethers,
        p.wbtc,
        [p.alice.address, p.bob.address, await p.distributor.getAddress()],
        [alice, 0n, -alice],
      );
      expect(await p.distributor.pendingReward(p.alicePos)).to.equal(0n);
      expect(await p.distributor.pendingReward(p.bobPos)).to.equal(bob);
      expect(await p.distributor.liabilities(p.wbtc)).to.equal(BTC - alice);
      // A second claim pays nothing and emits nothing.
      expect(await p.distributor.connect(p.alice).claim.staticCall([p.alicePos])).to.equal(0n);
      await expect(p.distributor.connect(p.alice).claim([p.alicePos])).not.to.emit(p.distributor, "RewardsClaimed");
      await expectConserved(p, p.wbtc, [p.rigId], [p.alicePos, p.bobPos], 2);
    });

    it("pays several positions of the same rig in one transfer", async function () {
      const p = await loadFixture(protocolWithRigFixture);
      const a1 = await mintShares(p, p.alice, p.rigId, 250n);
      const a2 = await mintShares(p, p.alice, p.rigId, 350n);
      const b = await mintShares(p, p.bob, p.rigId, 400n);
      const { t } = await pushAt(p, p.rigId, BTC);
      await viewAt(t + DAY);
      const acc = (((BTC * SCALE) / DAY) * DAY) / 1_000n;
      const expected = (250n * acc) / SCALE + (350n * acc) / SCALE;
      expect((await p.distributor.pendingReward(a1)) + (await p.distributor.pendingReward(a2))).to.equal(expected);
      expect(await p.distributor.connect(p.alice).claim.staticCall([a1, a2])).to.equal(expected);
      const tx = await p.distributor.connect(p.alice).claim([a1, a2]);
      const receipt = await tx.wait();
      const claims = receipt!.logs
        .map((l) => p.distributor.interface.parseLog(l))
        .filter((l) => l?.name === "RewardsClaimed");
      expect(claims.length).to.equal(1);
      expect(claims[0]!.args.amount).to.equal(expected);
      await expect(tx).to.changeTokenBalance(ethers, p.wbtc, p.alice, expected);
      await expectConserved(p, p.wbtc, [p.rigId], [a1, a2, b], 2);
    });

    it("pays positions of two rigs in their two payout tokens in one call", async function () {
      const p = await loadFixture(twoRigsFixture);
      const { t } = await pushAt(p, p.rigId, BTC);
      const ltcAmount = 7n * LTC + 3n;
      await pushAt(p, p.ltcRigId, ltcAmount);
      await viewAt(t + DAY);
      const wbtcOwed = await p.distributor.pendingReward(p.alicePos);
      const ltcOwed = await p.distributor.pendingReward(p.aliceLtcPos);
      // 300 of 500 shares are out: they earn the whole 12-hour stream.
      const ltcAcc = (((ltcAmount * SCALE) / HALF_DAY) * HALF_DAY) / 300n;
      expect(ltcOwed).to.equal((300n * ltcAcc) / SCALE);
      expect(ltcAmount - ltcOwed).to.be.within(0n, 1n);
      expect(await p.distributor.connect(p.alice).claim.staticCall([p.alicePos, p.aliceLtcPos])).to.equal(
        wbtcOwed + ltcOwed,
      );
      const tx = p.distributor.connect(p.alice).claim([p.alicePos, p.aliceLtcPos]);
      await expect(tx)
        .to.emit(p.distributor, "RewardsClaimed")
        .withArgs(p.alice.address, await p.wbtc.getAddress(), wbtcOwed);
      await expect(tx)
        .to.emit(p.distributor, "RewardsClaimed")
        .withArgs(p.alice.address, await p.ltc.getAddress(), ltcOwed);
      await expect(tx).to.changeTokenBalance(ethers, p.wbtc, p.alice, wbtcOwed);
      await expect(tx).to.changeTokenBalance(ethers, p.ltc, p.alice, ltcOwed);
      await expectConserved(p, p.wbtc, [p.rigId], [p.alicePos, p.bobPos], 1);
      await expectConserved(p, p.ltc, [p.ltcRigId], [p.aliceLtcPos], 1);
    });

    it("pays each token in full when the ids alternate between rigs", async function () {
      const p = await loadFixture(twoRigsFixture);
      const { t } = await pushAt(p, p.rigId, BTC);
      await pushAt(p, p.ltcRigId, 5n * LTC);
      await viewAt(t + DAY);
      await p.shares.connect(p.alice).split(p.alicePos, 100n);
      const alicePos2 = p.rigId * STRIDE + 3n;
      const wbtcOwed =
        (await p.distributor.claimableBalance(p.alice.address, p.wbtc)) +
        (await p.distributor.pendingReward(p.alicePos));
      const ltcOwed = await p.distributor.pendingReward(p.aliceLtcPos);
      const tx = p.distributor.connect(p.alice).claim([p.alicePos, p.aliceLtcPos, alicePos2]);
      await expect(tx).to.changeTokenBalance(ethers, p.wbtc, p.alice, wbtcOwed);
      await expect(tx).to.changeTokenBalance(ethers, p.ltc, p.alice, ltcOwed);
      expect(await p.distributor.claimableBalance(p.alice.address, p.wbtc)).to.equal(0n);
      await expectConserved(p, p.wbtc, [p.rigId], [p.alicePos, alicePos2, p.bobPos], 3);
      await expectConserved(p, p.ltc, [p.ltcRigId], [p.aliceLtcPos], 1);
    });

    it("settles a position the caller does not own into its owner's balance and pays the caller nothing", async function () {
      const p = await loadFixture(holdersFixture);
      const { t } = await pushAt(p, p.rigId, BTC);
      await viewAt(t + DAY);
      const owed = await p.distributor.pendingReward(p.alicePos);
      expect(await p.distributor.connect(p.bob).claim.staticCall([p.alicePos])).to.equal(0n);
      const tx = p.distributor.connect(p.bob).claim([p.alicePos]);
      await expect(tx).to.emit(p.distributor, "PositionSettled").withArgs(p.alicePos, p.alice.address, owed);
      await expect(tx).not.to.emit(p.distributor, "RewardsClaimed");
      await expect(tx).to.changeTokenBalances(ethers, p.wbtc, [p.bob.address, p.alice.address], [0n, 0n]);
      expect(await p.distributor.claimableBalance(p.alice.address, p.wbtc)).to.equal(owed);
      expect(await p.distributor.claimableBalance(p.bob.address, p.wbtc)).to.equal(0n);
      expect(await p.distributor.pendingReward(p.alicePos)).to.equal(0n);
      await expectConserved(p, p.wbtc, [p.rigId], [p.alicePos, p.bobPos], 1);
      await expect(p.distributor.connect(p.alice).claimBalance(p.wbtc)).to.changeTokenBalance(
        ethers,
        p.wbtc,
        p.alice,
        owed,
      );
      await expectConserved(p, p.wbtc, [p.rigId], [p.alicePos, p.bobPos], 1);
    });

    it("keeps what accrued before a sale with the seller, claimable with claimBalance; the buyer earns from the sale on", async function () {
      const p = await loadFixture(holdersFixture);
      const { t } = await pushAt(p, p.rigId, BTC);
      const { rate } = rateFor(BTC * SCALE, DAY);
      const tSell = t + 6n * HOUR;
      await nextTxAt(tSell);
      const sale = p.shares.connect(p.alice).transferFrom(p.alice.address, p.carol.address, p.alicePos);
      const released1 = rate * (tSell - t);
      const acc1 = released1 / 1_000n;
      const sellerShare = (600n * acc1) / SCALE;
      await expect(sale).to.emit(p.distributor, "PositionSettled").withArgs(p.alicePos, p.alice.address, sellerShare);
      expect(await p.distributor.pendingReward(p.alicePos)).to.equal(0n);
      expect(await p.distributor.claimableBalance(p.alice.address, p.wbtc)).to.equal(sellerShare);

      await viewAt(t + DAY);
      const acc2 = acc1 + (rate * (t + DAY - tSell) + (released1 % 1_000n)) / 1_000n;
      expect(await p.distributor.pendingReward(p.alicePos)).to.equal((600n * (acc2 - acc1)) / SCALE);
      const tx = p.distributor.connect(p.alice).claimBalance(p.wbtc);
      await expect(tx)
        .to.emit(p.distributor, "RewardsClaimed")
        .withArgs(p.alice.address, await p.wbtc.getAddress(), sellerShare);
      await expect(tx).to.changeTokenBalance(ethers, p.wbtc, p.alice, sellerShare);
      expect(await p.distributor.claimableBalance(p.alice.address, p.wbtc)).to.equal(0n);
      // Nothing left: a second claimBalance pays 0 without an event.
      expect(await p.distributor.connect(p.alice).claimBalance.staticCall(p.wbtc)).to.equal(0n);
      await expect(p.distributor.connect(p.alice).claimBalance(p.wbtc)).not.to.emit(p.distributor, "RewardsClaimed");
      await expect(p.distributor.connect(p.carol).claim([p.alicePos])).to.changeTokenBalance(
        ethers,
        p.wbtc,
        p.carol,
        (600n * (acc2 - acc1)) / SCALE,
      );
      await expectConserved(p, p.wbtc, [p.rigId], [p.alicePos, p.bobPos], 2);
    });

    it("rejects unminted and burned positions with DistributorUnknownPosition", async function () {
      const p = await loadFixture(holdersFixture);
      const unminted = p.rigId * STRIDE + 77n;
      await expect(p.distributor.connect(p.alice).claim([unminted]))
        .to.be.revertedWithCustomError(p.distributor, "DistributorUnknownPosition")
        .withArgs(unminted);
      await p.shares.connect(p.bob).burn(p.bobPos);
      await expect(p.distributor.connect(p.bob).claim([p.bobPos]))
        .to.be.revertedWithCustomError(p.distributor, "DistributorUnknownPosition")
        .withArgs(p.bobPos);
      expect(await p.distributor.connect(p.alice).claim.staticCall([])).to.equal(0n);
    });
  });

  describe("unallocated bucket", function () {
    it("keeps what streams while no shares are out and re-streams it with the next push", async function () {
      const p = await loadFixture(protocolWithRigFixture);
      const e = (await p.distributor.rigStream(p.rigId)).nextEpoch;
      const a1 = 1n * BTC;
      const t0 = (e + 1n) * DAY;
      await pushAt(p, p.rigId, a1, t0);
      const r1 = rateFor(a1 * SCALE, DAY);
      // Half the stream passes with nobody holding shares: the view already counts it as undistributed.
      await viewAt(t0 + HALF_DAY);
      expect(await p.distributor.undistributed(p.rigId)).to.equal(a1);
      expect(await p.distributor.rewardPerShareX18(p.rigId)).to.equal(0n);
      // The first mint accrues the stream into the unallocated bucket.
      await nextTxAt(t0 + HALF_DAY + 1n);
      const pos = await mintShares(p, p.alice, p.rigId, 1_000n);
      const s1 = await p.distributor.rigStream(p.rigId);
      expect(s1.unallocatedX18).to.equal(r1.rem + r1.rate * (HALF_DAY + 1n));
      expect(s1.rewardPerShareX18).to.equal(0n);
      expect(await p.distributor.undistributed(p.rigId)).to.equal(a1);
      expect(await p.distributor.pendingReward(pos)).to.equal(0n);

      // The next push re-streams the bucket together with the new amount.
      const a2 = 3n * 10n ** 7n;
      const t1 = t0 + DAY;
      const r2 = rateFor(a2 * SCALE + s1.unallocatedX18, DAY);
      const { tx } = await pushAt(p, p.rigId, a2, t1);
      await expect(tx)
        .to.emit(p.distributor, "EpochPushed")
        .withArgs(p.rigId, e + 1n, a2, r2.rate, t1 + DAY);
      expect((await p.distributor.rigStream(p.rigId)).unallocatedX18).to.equal(r2.rem);

      await viewAt(t1 + DAY);
      const paid = await p.distributor.pendingReward(pos);
      expect(a1 + a2 - paid).to.be.within(0n, 3n);
      await expect(p.distributor.connect(p.alice).claim([pos])).to.changeTokenBalance(ethers, p.wbtc, p.alice, paid);
      await expectConserved(p, p.wbtc, [p.rigId], [pos], 1);
    });

    it("sends the rest of a stream to the bucket when every share is burned mid-stream", async function () {
      const p = await loadFixture(holdersFixture);
      const { t } = await pushAt(p, p.rigId, BTC);
      await nextTxAt(t + HOUR);
      await p.shares.connect(p.alice).burn(p.alicePos);
      await nextTxAt(t + 2n * HOUR);
      await p.shares.connect(p.bob).burn(p.bobPos);
      await viewAt(t + DAY);
      const s = await p.distributor.rigStream(p.rigId);
      expect(s.totalShares).to.equal(0n);
      const { rate, rem } = rateFor(BTC * SCALE, DAY);
      // Bucket (after accruing to the end) = rem + the 22 hours nobody held shares.
      const settledToHolders =
        (await p.distributor.claimableBalance(p.alice.address, p.wbtc)) +
        (await p.distributor.claimableBalance(p.bob.address, p.wbtc));
      expect(s.unallocatedX18).to.equal(rem);
      expect(await p.distributor.undistributed(p.rigId)).to.equal((rem + rate * 22n * HOUR + s.carryX18) / SCALE);
      expect(BTC - settledToHolders - (await p.distributor.undistributed(p.rigId))).to.be.within(0n, 3n);
      await expectConserved(p, p.wbtc, [p.rigId], [p.alicePos, p.bobPos], 3);
    });
  });

  describe("sweepExcess", function () {
    it("is admin-only: every other signer gets AccessControlUnauthorizedAccount", async function () {
      const p = await loadFixture(holdersFixture);
      await p.wbtc.mint(await p.distributor.getAddress(), 5n);
      for (const signer of [p.treasury, p.operator, p.alice, p.bob, p.carol, p.dave, p.stranger]) {
        await expect(p.distributor.connect(signer).sweepExcess(p.wbtc, signer.address))
          .to.be.revertedWithCustomError(p.distributor, "AccessControlUnauthorizedAccount")
          .withArgs(signer.address, ADMIN_ROLE);
      }
    });

    it("rejects with DistributorNoExcess when the balance equals liabilities, and a zero recipient", async function () {
      const p = await loadFixture(holdersFixture);
      await expect(p.distributor.sweepExcess(p.wbtc, p.treasury.address))
        .to.be.revertedWithCustomError(p.distributor, "DistributorNoExcess")
        .withArgs(await p.wbtc.getAddress());
      await pushAt(p, p.rigId, BTC);
      await expect(p.distributor.sweepExcess(p.wbtc, p.treasury.address))
        .to.be.revertedWithCustomError(p.distributor, "DistributorNoExcess")
        .withArgs(await p.wbtc.getAddress());
      await expect(p.distributor.sweepExcess(p.wbtc, ethers.ZeroAddress)).to.be.revertedWithCustomError(
        p.distributor,
        "DistributorZeroAddress",
      );
    });

    it("sweeps exactly a donation and changes nobody's pending reward", async function () {
      const p = await loadFixture(holdersFixture);
      const distributorAddress = await p.distributor.getAddress();
      const { t } = await pushAt(p, p.rigId, BTC);
      await viewAt(t + DAY);
      const alice = await p.distributor.pendingReward(p.alicePos);
      const bob = await p.distributor.pendingReward(p.bobPos);
      const donation = 5n * BTC + 1n;
      await p.wbtc.connect(p.operator).transfer(distributorAddress, donation);
      expect(await p.distributor.pendingReward(p.alicePos)).to.equal(alice);
      expect(await p.distributor.pendingReward(p.bobPos)).to.equal(bob);
      expect(await p.distributor.liabilities(p.wbtc)).to.equal(BTC);
      await expectConserved(p, p.wbtc, [p.rigId], [p.alicePos, p.bobPos], 0);

      expect(await p.distributor.sweepExcess.staticCall(p.wbtc, p.treasury.address)).to.equal(donation);
      const tx = p.distributor.sweepExcess(p.wbtc, p.treasury.address);
      await expect(tx)
        .to.emit(p.distributor, "ExcessSwept")
        .withArgs(await p.wbtc.getAddress(), p.treasury.address, donation);
      await expect(tx).to.changeTokenBalances(
        ethers,
        p.wbtc,
        [p.treasury.address, distributorAddress],
        [donation, -donation],
      );
      expect(await p.wbtc.balanceOf(distributorAddress)).to.equal(BTC);
      expect(await p.distributor.pendingReward(p.alicePos)).to.equal(alice);
      expect(await p.distributor.pendingReward(p.bobPos)).to.equal(bob);
      await expect(p.distributor.sweepExcess(p.wbtc, p.treasury.address)).to.be.revertedWithCustomError(
        p.distributor,
        "DistributorNoExcess",
      );
      // Holders still get every unit they were owed.
      await expect(p.distributor.connect(p.alice).claim([p.alicePos])).to.changeTokenBalance(
        ethers,
        p.wbtc,
        p.alice,
        alice,
      );
      await expect(p.distributor.connect(p.bob).claim([p.bobPos])).to.changeTokenBalance(ethers, p.wbtc, p.bob, bob);
      await expectConserved(p, p.wbtc, [p.rigId], [p.alicePos, p.bobPos], 2);
    });

    it("ignores a donation made mid-stream: the rate and rewards are those of the funded amount", async function () {
      const p = await loadFixture(holdersFixture);
      const { t } = await pushAt(p, p.rigId, BTC);
      await nextTxAt(t + HOUR);
      await p.wbtc.connect(p.operator).transfer(await p.distributor.getAddress(), 3n * BTC);
      await viewAt(t + DAY);
      const acc = (((BTC * SCALE) / DAY) * DAY) / 1_000n;
      expect(await p.distributor.pendingReward(p.alicePos)).to.equal((600n * acc) / SCALE);
      expect(await p.distributor.sweepExcess.staticCall(p.wbtc, p.treasury.address)).to.equal(3n * BTC);
    });
  });

  describe("pause", function () {
    it("stops pushEpoch with EnforcedPause while claims, claimBalance and settlements keep working", async function () {
      const p = await loadFixture(holdersFixture);
      const { t } = await pushAt(p, p.rigId, BTC);
      await viewAt(t + HOUR);
      await expect(p.distributor.connect(p.admin).pause()).to.emit(p.distributor, "Paused").withArgs(p.admin.address);
      const s = await p.distributor.rigStream(p.rigId);
      await time.increaseTo((s.nextEpoch + 1n) * DAY);
      await expect(
        p.distributor.connect(p.operator).pushEpoch(p.rigId, s.nextEpoch, BTC),
      ).to.be.revertedWithCustomError(p.distributor, "EnforcedPause");
      // A sale settles into the seller's balance even while the distributor is paused.
      await p.shares.connect(p.bob).transferFrom(p.bob.address, p.carol.address, p.bobPos);
      const bobBalance = await p.distributor.claimableBalance(p.bob.address, p.wbtc);
      expect(bobBalance).to.equal((400n * ((((BTC * SCALE) / DAY) * DAY) / 1_000n)) / SCALE);
      await expect(p.distributor.connect(p.bob).claimBalance(p.wbtc)).to.changeTokenBalance(
        ethers,
        p.wbtc,
        p.bob,
        bobBalance,
      );
      const alice = await p.distributor.pendingReward(p.alicePos);
      await expect(p.distributor.connect(p.alice).claim([p.alicePos])).to.changeTokenBalance(
        ethers,
        p.wbtc,
        p.alice,
        alice,
      );
      await expect(p.distributor.connect(p.admin).unpause()).to.emit(p.distributor, "Unpaused");
      await expect(p.distributor.connect(p.operator).pushEpoch(p.rigId, s.nextEpoch, BTC)).to.emit(
        p.distributor,
        "EpochPushed",
      );
      await expectConserved(p, p.wbtc, [p.rigId], [p.alicePos, p.bobPos], 2);
    });

    it("lets only PAUSER_ROLE pause and unpause", async function () {
      const p = await loadFixture(holdersFixture);
      const pauser = await p.distributor.PAUSER_ROLE();
      for (const signer of [p.treasury, p.operator, p.alice, p.bob, p.carol, p.dave, p.stranger]) {
        await expect(p.distributor.connect(signer).pause())
          .to.be.revertedWithCustomError(p.distributor, "AccessControlUnauthorizedAccount")
          .withArgs(signer.address, pauser);
      }
      await p.distributor.connect(p.admin).pause();
      for (const signer of [p.treasury, p.operator, p.alice, p.bob, p.carol, p.dave, p.stranger]) {
        await expect(p.distributor.connect(signer).unpause())
          .to.be.revertedWithCustomError(p.distributor, "AccessControlUnauthorizedAccount")
          .withArgs(signer.address, pauser);
      }
      expect(await p.distributor.paused()).to.equal(true);
      // A role granted by the admin works.
      await p.distributor.connect(p.admin).grantRole(pauser, p.carol.address);
      await expect(p.distributor.connect(p.carol).unpause())
        .to.emit(p.distributor, "Unpaused")
        .withArgs(p.carol.address);
    });
  });

  describe("share-token hooks", function () {
    it("reject every on* hook called from an account other than the share token with DistributorOnlyShareToken", async function () {
      const p = await loadFixture(holdersFixture);
      const id = p.alicePos;
      for (const caller of [p.alice, p.operator, p.admin]) {
        const d = p.distributor.connect(caller);
        const calls = [
          () => d.onRigRegistered(7n, p.wbtc, DAY, BTC),
          () => d.onPositionMinted(p.rigId * STRIDE + 99n, 1n),
          () => d.onPositionTransferred(id, caller.address),
          () => d.onPositionSplit(id, p.rigId * STRIDE + 99n, 1n, caller.address),
          () => d.onPositionsMerged(id, p.bobPos, caller.address),
          () => d.onPositionBurned(id, caller.address),
        ];
        for (const call of calls) {
          await expect(call())
            .to.be.revertedWithCustomError(p.distributor, "DistributorOnlyShareToken")
            .withArgs(caller.address);
        }
      }
      expect(await p.distributor.shareToken()).to.equal(await p.shares.getAddress());
    });
  });

  describe("epochAt", function () {
    it("returns the 00:00-UTC-aligned epoch index containing a timestamp", async function () {
      const p = await loadFixture(protocolWithRigFixture);
      expect(await p.distributor.epochAt(DAY, 0n)).to.equal(0n);
      expect(await p.distributor.epochAt(DAY, DAY - 1n)).to.equal(0n);
      expect(await p.distributor.epochAt(DAY, DAY)).to.equal(1n);
      expect(await p.distributor.epochAt(HOUR, 7n * HOUR + 59n)).to.equal(7n);
      expect(await p.distributor.epochAt(7n * DAY, 20n * DAY)).to.equal(2n);
      // A rig's first epoch is the one containing its registration.
      const registered = (await p.distributor.queryFilter(p.distributor.filters.RigInitialized(p.rigId)))[0]!;
      const block = await registered.getBlock();
      expect(registered.args.firstEpoch).to.equal(await p.distributor.epochAt(DAY, BigInt(block.timestamp)));
      expect((await p.distributor.rigStream(p.rigId)).nextEpoch).to.equal(BigInt(block.timestamp) / DAY);
    });
  });

  describe("conservation", function () {
    it("holds after transfers, splits, merges, burns, claims and pushes on two rigs", async function () {
      const p = await loadFixture(twoRigsFixture);
      const wbtcIds = [p.alicePos, p.bobPos];
      const ltcIds = [p.aliceLtcPos];
      let wbtcSettlements = 0;
      let ltcSettlements = 0;

      const { t } = await pushAt(p, p.rigId, 77_777_777n);
      await pushAt(p, p.ltcRigId, 9n * LTC);
      await expectConserved(p, p.wbtc, [p.rigId], wbtcIds, wbtcSettlements);

      await nextTxAt(t + 4n * HOUR);
      await p.shares.connect(p.alice).transferFrom(p.alice.address, p.carol.address, p.alicePos);
      wbtcSettlements += 1;
      await nextTxAt(t + 5n * HOUR);
      await p.shares.connect(p.bob).split(p.bobPos, 150n);
      wbtcIds.push(p.rigId * STRIDE + 3n);
      wbtcSettlements += 1;
      await nextTxAt(t + 6n * HOUR);
      const carolLtc = await mintShares(p, p.carol, p.ltcRigId, 123n);
      ltcIds.push(carolLtc);
      await expectConserved(p, p.wbtc, [p.rigId], wbtcIds, wbtcSettlements);
      await expectConserved(p, p.ltc, [p.ltcRigId], ltcIds, ltcSettlements);

      await nextTxAt(t + 9n * HOUR);
      await p.distributor.connect(p.carol).claim([p.alicePos, carolLtc]);
      wbtcSettlements += 1;
      ltcSettlements += 1;
      await nextTxAt(t + 10n * HOUR);
      await p.shares.connect(p.alice).transferFrom(p.alice.address, p.dave.address, p.aliceLtcPos);
      ltcSettlements += 1;
      await expectConserved(p, p.wbtc, [p.rigId], wbtcIds, wbtcSettlements);
      await expectConserved(p, p.ltc, [p.ltcRigId], ltcIds, ltcSettlements);

      // Next epochs of both rigs (the LTC one may roll a few seconds of leftover into its new stream).
      await pushAt(p, p.ltcRigId, 2n * LTC);
      await pushAt(p, p.rigId, 12_345n);
      await nextTxAt((await now(p)) + 3n * HOUR);
      await p.shares.connect(p.bob).merge(p.bobPos, p.rigId * STRIDE + 3n);
      wbtcSettlements += 2;
      await nextTxAt((await now(p)) + HOUR);
      await p.shares.connect(p.carol).burn(p.alicePos);
      wbtcSettlements += 1;
      await nextTxAt((await now(p)) + HOUR);
      await p.distributor.connect(p.dave).claim([p.aliceLtcPos]);
      ltcSettlements += 1;
      await p.distributor.connect(p.alice).claimBalance(p.ltc);
      await expectConserved(p, p.wbtc, [p.rigId], wbtcIds, wbtcSettlements);
      await expectConserved(p, p.ltc, [p.ltcRigId], ltcIds, ltcSettlements);

      // After every stream ended and everyone claimed, only dust remains owed.
      await viewAt((await now(p)) + 2n * DAY);
      await p.distributor.connect(p.bob).claim([p.bobPos]);
      await p.distributor.connect(p.carol).claimBalance(p.wbtc);
      await p.distributor.connect(p.carol).claim([carolLtc]);
      await p.distributor.connect(p.dave).claim([p.aliceLtcPos]);
      await p.distributor.connect(p.alice).claimBalance(p.wbtc);
      wbtcSettlements += 1;
      ltcSettlements += 2;
      const wbtcDust = await expectConserved(p, p.wbtc, [p.rigId], wbtcIds, wbtcSettlements);
      const ltcDust = await expectConserved(p, p.ltc, [p.ltcRigId], ltcIds, ltcSettlements);
      expect(await p.distributor.liabilities(p.wbtc)).to.equal(wbtcDust + (await p.distributor.undistributed(p.rigId)));
      expect(await p.distributor.liabilities(p.ltc)).to.equal(
        ltcDust + (await p.distributor.undistributed(p.ltcRigId)),
      );
    });
  });
});
