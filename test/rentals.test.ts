// Rentals: ERC-4907 on RigShares (setUser / userOf / userExpires / UpdateUser, a rented position frozen
// until its expiry) and the distributor's reward routing: while a position is rented its rewards accrue to
// the renter, after the expiry to the owner, exact to the second and with no transaction at the expiry.
// Expected amounts come from an independent model of the stream (IdealStream in test/helpers/
// marketFixtures.ts: the unrounded reward per share, from the pushes and the share count alone), so they
// do not reuse the distributor's checkpoints; where the numbers divide exactly they are asserted to the wei.
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
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
  mined,
  mintShares,
  updateUserEvents,
} from "./helpers/marketFixtures.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { loadFixture, time } = networkHelpers;

const PER_DAY = 1_000_000n; // 1 USDC a day
const ERC4907_ID = "0xad092b5c";

type Stream = Awaited<ReturnType<typeof marketStreamFixture>>;

/** The next transaction is mined at `t`. */
async function at(t: bigint): Promise<void> {
  await time.setNextBlockTimestamp(t);
}

/** Mines an empty block at `t`, so views read the state as of that second. */
async function mineAt(t: bigint): Promise<void> {
  await connection.provider.request({ method: "evm_mine", params: [Number(t)] });
}

/** The stream fixture with the model started: 600 shares, one clean push at `pushedAt`. */
function modelOf(m: Stream): IdealStream {
  const model = new IdealStream(DAY);
  model.sharesChanged(m.pushedAt, ALICE_SHARES + BOB_SHARES);
  model.push(m.pushedAt, CLEAN_PUSH);
  return model;
}

/** Alice lists her 400 shares for rent; `renter` rents them for `days` from `start`. Returns the expiry. */
async function rentAlice(m: MarketProtocol, renter: HardhatEthersSigner, start: bigint, days: bigint): Promise<bigint> {
  await m.market.connect(m.alice).listForRent(m.aliceId, m.usdc, PER_DAY, 1n, 30n, start + 30n * DAY);
  await at(start);
  await m.market.connect(renter).rent(m.aliceId, days, PER_DAY);
  return start + days * DAY;
}

async function pushNext(m: MarketProtocol, t: bigint, amount: bigint, model: IdealStream): Promise<void> {
  await at(t);
  await m.distributor
    .connect(m.operator)
    .pushEpoch(m.rigId, (await m.distributor.rigStream(m.rigId)).nextEpoch, amount);
  model.push(t, amount);
}

function expectWithinOne(actual: bigint, expected: bigint, what: string): void {
  const diff = actual > expected ? actual - expected : expected - actual;
  expect(diff <= 1n, `${what}: chain ${actual}, model ${expected}`).to.equal(true);
}

/** Alice's position rented by Carol for one day from P + 2,000 (the first stream ends at P + 1 day). */
async function rentedFixture() {
  const m = await loadFixture(marketStreamFixture);
  const P = m.pushedAt;
  const start = P + 2_000n;
  const expires = await rentAlice(m, m.carol, start, 1n);
  return { ...m, P, start, expires };
}

/** Pushes the next clean epoch at P + 1 day, during the rental: 1 sat a share a second goes on. */
async function pushAtDayEnd(m: Awaited<ReturnType<typeof rentedFixture>>): Promise<void> {
  await at(m.P + DAY);
  await m.distributor
    .connect(m.operator)
    .pushEpoch(m.rigId, (await m.distributor.rigStream(m.rigId)).nextEpoch, CLEAN_PUSH);
}

describe("Rentals (ERC-4907 on RigShares, rewards routed to the renter)", function () {
  describe("ERC-4907", function () {
    it("supports the ERC-4907 interface id and lets the owner or an approved account set a user", async function () {
      const m = await loadFixture(marketStreamFixture);
      expect(await m.shares.supportsInterface(ERC4907_ID)).to.equal(true);
      const expires = m.pushedAt + 1_000n;
      await expect(m.shares.connect(m.alice).setUser(m.aliceId, m.carol.address, expires))
        .to.emit(m.shares, "UpdateUser")
        .withArgs(m.aliceId, m.carol.address, expires);
      expect(await m.shares.userOf(m.aliceId)).to.equal(m.carol.address);
      expect(await m.shares.userExpires(m.aliceId)).to.equal(expires);
      await m.shares.connect(m.bob).approve(m.dave.address, m.bobId);
      await expect(m.shares.connect(m.dave).setUser(m.bobId, m.dave.address, expires))
        .to.emit(m.shares, "UpdateUser")
        .withArgs(m.bobId, m.dave.address, expires);
      expect(await m.shares.userOf(m.bobId)).to.equal(m.dave.address);
    });

    it("rejects setUser by anyone else, a zero user with an expiry and an expiry not in the future", async function () {
      const m = await loadFixture(marketStreamFixture);
      const now = BigInt(await time.latest());
      await expect(m.shares.connect(m.carol).setUser(m.aliceId, m.carol.address, now + DAY))
        .to.be.revertedWithCustomError(m.shares, "ERC721InsufficientApproval")
        .withArgs(m.carol.address, m.aliceId);
      await expect(m.shares.connect(m.alice).setUser(m.aliceId, ethers.ZeroAddress, now + DAY))
        .to.be.revertedWithCustomError(m.shares, "RigSharesInvalidRental")
        .withArgs(ethers.ZeroAddress, now + DAY);
      await at(now + 10n);
      await expect(m.shares.connect(m.alice).setUser(m.aliceId, m.carol.address, now + 10n))
        .to.be.revertedWithCustomError(m.shares, "RigSharesInvalidRental")
        .withArgs(m.carol.address, now + 10n);
      await expect(m.shares.connect(m.alice).setUser(m.bobId + 100n, m.carol.address, now + DAY))
        .to.be.revertedWithCustomError(m.shares, "ERC721NonexistentToken")
        .withArgs(m.bobId + 100n);
    });

    it("reports the user through the expiry second and none after it; userExpires keeps the record until settled", async function () {
      const m = await loadFixture(rentedFixture);
      await pushAtDayEnd(m);
      await mineAt(m.expires);
      expect(await m.shares.userOf(m.aliceId)).to.equal(m.carol.address);
      await mineAt(m.expires + 1n);
      expect(await m.shares.userOf(m.aliceId)).to.equal(ethers.ZeroAddress);
      expect(await m.shares.userExpires(m.aliceId)).to.equal(m.expires);
      expect((await m.distributor.position(m.aliceId)).rented).to.equal(true);
      await m.distributor.connect(m.alice).claim([m.aliceId]);
      expect(await m.shares.userExpires(m.aliceId)).to.equal(0n);
      expect((await m.distributor.position(m.aliceId)).rented).to.equal(false);
      expect([...(await m.distributor.rentalOf(m.aliceId))]).to.deep.equal([ethers.ZeroAddress, 0n]);
    });

    it("freezes a rented position until its expiry second: no transfer, split, merge, burn or new user", async function () {
      const m = await loadFixture(rentedFixture);
      await pushAtDayEnd(m);
      const { alice, aliceId, bobId, shares, distributor, expires } = m;
      const other = await mintShares(m, alice, m.rigId, 10n);
      await shares.connect(alice).setApprovalForAll(m.dave.address, true);
      const calls: [string, () => Promise<unknown>][] = [
        ["transferFrom", () => shares.connect(alice).transferFrom(alice.address, m.dave.address, aliceId)],
        [
          "safeTransferFrom",
          () =>
            shares.connect(alice)["safeTransferFrom(address,address,uint256)"](alice.address, m.dave.address, aliceId),
        ],
        ["transfer by an operator", () => shares.connect(m.dave).transferFrom(alice.address, m.dave.address, aliceId)],
        ["split", () => shares.connect(alice).split(aliceId, 1n)],
        ["merge into it", () => shares.connect(alice).merge(aliceId, other)],
        ["merge it away", () => shares.connect(alice).merge(other, aliceId)],
        ["burn", () => shares.connect(alice).burn(aliceId)],
        ["setUser", () => shares.connect(alice).setUser(aliceId, alice.address, expires + DAY)],
        ["setUser by an operator", () => shares.connect(m.dave).setUser(aliceId, m.dave.address, expires + DAY)],
        ["clear", () => shares.connect(alice).setUser(aliceId, ethers.ZeroAddress, 0)],
      ];
      for (const [name, call] of calls) {
        await at(expires);
        await expect(call(), name)
          .to.be.revertedWithCustomError(distributor, "DistributorPositionRented")
          .withArgs(aliceId, expires);
      }
      expect(await shares.ownerOf(aliceId)).to.equal(alice.address);
      expect(await distributor.sharesOf(aliceId)).to.equal(ALICE_SHARES);
      // One second later the position is free again.
      await at(expires + 1n);
      await shares.connect(alice).merge(aliceId, other);
      await shares.connect(alice).split(aliceId, 10n);
      await shares.connect(alice).transferFrom(alice.address, m.bob.address, aliceId);
      await shares.connect(m.bob).merge(bobId, aliceId);
      expect(await distributor.sharesOf(bobId)).to.equal(BOB_SHARES + ALICE_SHARES);
    });

    it("emits no UpdateUser on a mint or a self-transfer, UpdateUser(id, 0, 0) on the first transfer after expiry, none on the next", async function () {
      const m = await loadFixture(rentedFixture);
      await pushAtDayEnd(m);
      const minted = await mined(m.shares.connect(m.dave).mint(m.rigId, 5n));
      expect(updateUserEvents(m, minted)).to.deep.equal([]);
      const self = await mined(m.shares.connect(m.alice).transferFrom(m.alice.address, m.alice.address, m.aliceId));
      expect(updateUserEvents(m, self)).to.deep.equal([]);
      expect(await m.shares.userOf(m.aliceId)).to.equal(m.carol.address);

      await at(m.expires + 1n);
      const first = await mined(m.shares.connect(m.alice).transferFrom(m.alice.address, m.dave.address, m.aliceId));
      expect(updateUserEvents(m, first)).to.deep.equal([[m.aliceId, ethers.ZeroAddress, 0n]]);
      expect(await m.shares.userExpires(m.aliceId)).to.equal(0n);
      const second = await mined(m.shares.connect(m.dave).transferFrom(m.dave.address, m.alice.address, m.aliceId));
      expect(updateUserEvents(m, second)).to.deep.equal([]);
    });

    it("clears an expired rental with setUser(id, 0, 0): both parties are settled and UpdateUser(id, 0, 0) is emitted", async function () {
      const m = await loadFixture(rentedFixture);
      await pushAtDayEnd(m);
      // Carol: [P + 2,000, P + 1 day + 2,000] at 1 sat a share a second; Alice: the 2,000 s before and 1,000 after.
      await at(m.expires + 1_000n);
      const receipt = await mined(m.shares.connect(m.alice).setUser(m.aliceId, ethers.ZeroAddress, 0));
      expect(updateUserEvents(m, receipt)).to.deep.equal([[m.aliceId, ethers.ZeroAddress, 0n]]);
      expect(await m.distributor.claimableBalance(m.carol.address, m.wbtc)).to.equal(ALICE_SHARES * DAY);
      expect(await m.distributor.claimableBalance(m.alice.address, m.wbtc)).to.equal(ALICE_SHARES * 3_000n);
      expect(await m.shares.userExpires(m.aliceId)).to.equal(0n);
    });
  });

  describe("reward routing", function () {
    it("keeps what accrued before the rental with the owner (settled at the rental's start)", async function () {
      const m = await loadFixture(rentedFixture);
      await pushAtDayEnd(m);
      expect(await m.distributor.claimableBalance(m.alice.address, m.wbtc)).to.equal(ALICE_SHARES * 2_000n);
      expect(await m.distributor.claimableBalance(m.carol.address, m.wbtc)).to.equal(0n);
    });

    it("accrues to the renter during the window and to the owner after it, exact to the second, with no transaction at expiry", async function () {
      const m = await loadFixture(rentedFixture);
      const model = modelOf(m);
      const split = async () => [...(await m.distributor.pendingSplit(m.aliceId))];
      await mineAt(m.P + 50_000n);
      expect(await split()).to.deep.equal([0n, m.carol.address, ALICE_SHARES * 48_000n]);
      // The next epoch is pushed during the rental; nobody touches the position at its expiry.
      await pushAtDayEnd(m);
      model.push(m.P + DAY, CLEAN_PUSH);
      // The expiry second is still the renter's; every later second is the owner's.
      await mineAt(m.expires);
      expect(await split()).to.deep.equal([0n, m.carol.address, ALICE_SHARES * DAY]);
      await mineAt(m.expires + 1n);
      expect(await split()).to.deep.equal([ALICE_SHARES, m.carol.address, ALICE_SHARES * DAY]);
      await mineAt(m.expires + 10_000n);
      expect(await split()).to.deep.equal([ALICE_SHARES * 10_000n, m.carol.address, ALICE_SHARES * DAY]);
      expect(await m.distributor.pendingReward(m.aliceId)).to.equal(ALICE_SHARES * (DAY + 10_000n));
      // The same numbers from the independent model.
      expect(model.earned(ALICE_SHARES, m.start, m.expires)).to.equal(ALICE_SHARES * DAY);
      expect(model.earned(ALICE_SHARES, m.expires, m.expires + 10_000n)).to.equal(ALICE_SHARES * 10_000n);
      // claimable() shows each party its own part.
      expect(await m.distributor.claimable(m.carol.address, m.wbtc, [m.aliceId])).to.equal(ALICE_SHARES * DAY);
      expect(await m.distributor.claimable(m.alice.address, m.wbtc, [m.aliceId])).to.equal(
        ALICE_SHARES * (2_000n + 10_000n),
      );
    });

    it("pays the renter only its window when it claims after expiry, and credits the owner the rest", async function () {
      const m = await loadFixture(rentedFixture);
      await pushAtDayEnd(m);
      await at(m.expires + 10_000n);
      const tx = m.distributor.connect(m.carol).claim([m.aliceId]);
      await expect(tx).to.changeTokenBalance(ethers, m.wbtc, m.carol, ALICE_SHARES * DAY);
      await expect(tx)
        .to.emit(m.distributor, "PositionSettled")
        .withArgs(m.aliceId, m.alice.address, ALICE_SHARES * 10_000n);
      expect(await m.distributor.claimableBalance(m.alice.address, m.wbtc)).to.equal(ALICE_SHARES * 12_000n);
      expect(await m.distributor.claimableBalance(m.carol.address, m.wbtc)).to.equal(0n);
      // The owner claims: its balance plus the 100 s since.
      await at(m.expires + 10_100n);
      await expect(m.distributor.connect(m.alice).claim([m.aliceId])).to.changeTokenBalance(
        ethers,
        m.wbtc,
        m.alice,
        ALICE_SHARES * 12_100n,
      );
      // Nothing is left for the renter.
      await at(m.expires + 10_200n);
      await expect(m.distributor.connect(m.carol).claim([m.aliceId])).to.changeTokenBalance(
        ethers,
        m.wbtc,
        m.carol,
        0n,
      );
    });

    it("pays the owner only its part when it claims after expiry, and credits the renter its window", async function () {
      const m = await loadFixture(rentedFixture);
      await pushAtDayEnd(m);
      await at(m.expires + 5_000n);
      const tx = m.distributor.connect(m.alice).claim([m.aliceId]);
      await expect(tx).to.changeTokenBalance(ethers, m.wbtc, m.alice, ALICE_SHARES * 7_000n);
      await expect(tx)
        .to.emit(m.distributor, "PositionSettled")
        .withArgs(m.aliceId, m.carol.address, ALICE_SHARES * DAY);
      await expect(m.distributor.connect(m.carol).claimBalance(m.wbtc)).to.changeTokenBalance(
        ethers,
        m.wbtc,
        m.carol,
        ALICE_SHARES * DAY,
      );
    });

    it("credits the renter its window and the seller the rest when the position is sold after the expiry", async function () {
      const m = await loadFixture(rentedFixture);
      await pushAtDayEnd(m);
      await m.market.connect(m.alice).list(m.aliceId, m.usdc, 10_000_000n, 1n, m.expires + DAY);
      // Nobody touched the position at the expiry; 3,000 s later Dave buys 100 of its shares.
      await at(m.expires + 3_000n);
      const tx = m.market.connect(m.dave).buy(m.aliceId, 100n, 10_000_000n);
      await expect(tx)
        .to.emit(m.distributor, "PositionSettled")
        .withArgs(m.aliceId, m.carol.address, ALICE_SHARES * DAY);
      await expect(tx)
        .to.emit(m.distributor, "PositionSettled")
        .withArgs(m.aliceId, m.alice.address, ALICE_SHARES * 3_000n);
      expect(await m.distributor.claimableBalance(m.alice.address, m.wbtc)).to.equal(ALICE_SHARES * 5_000n);
      expect(await m.distributor.claimableBalance(m.carol.address, m.wbtc)).to.equal(ALICE_SHARES * DAY);
      expect(await m.shares.userExpires(m.aliceId)).to.equal(0n);
      expect((await m.distributor.position(m.aliceId)).rented).to.equal(false);
    });

    it("lets neither the renter nor an approved operator redirect the owner's rewards", async function () {
      const m = await loadFixture(rentedFixture);
      await m.shares.connect(m.alice).approve(m.dave.address, m.aliceId);
      // During the rental: an operator's claim pays the operator nothing and the renter its part so far.
      await at(m.P + 30_000n);
      await expect(m.distributor.connect(m.dave).claim([m.aliceId])).to.changeTokenBalance(ethers, m.wbtc, m.dave, 0n);
      await pushAtDayEnd(m);
      expect(await m.distributor.claimableBalance(m.carol.address, m.wbtc)).to.equal(ALICE_SHARES * 28_000n);
      expect(await m.distributor.claimableBalance(m.alice.address, m.wbtc)).to.equal(ALICE_SHARES * 2_000n);
      // The renter can neither move the position nor change its user, nor sell or re-rent it.
      await expect(m.shares.connect(m.carol).transferFrom(m.alice.address, m.carol.address, m.aliceId))
        .to.be.revertedWithCustomError(m.shares, "ERC721InsufficientApproval")
        .withArgs(m.carol.address, m.aliceId);
      await expect(m.shares.connect(m.carol).setUser(m.aliceId, m.carol.address, m.expires + DAY))
        .to.be.revertedWithCustomError(m.shares, "ERC721InsufficientApproval")
        .withArgs(m.carol.address, m.aliceId);
      await expect(m.market.connect(m.carol).list(m.aliceId, m.usdc, 1n, 1n, m.expires))
        .to.be.revertedWithCustomError(m.market, "MarketNotOwner")
        .withArgs(m.aliceId, m.carol.address);
      // The approved operator cannot extend the running rental to itself either.
      await expect(m.shares.connect(m.dave).setUser(m.aliceId, m.dave.address, m.expires + DAY))
        .to.be.revertedWithCustomError(m.distributor, "DistributorPositionRented")
        .withArgs(m.aliceId, m.expires);
      // After expiry, claims by the operator and the renter each leave the owner's part with the owner.
      await at(m.expires + 4_000n);
      await expect(m.distributor.connect(m.dave).claim([m.aliceId])).to.changeTokenBalance(ethers, m.wbtc, m.dave, 0n);
      expect(await m.distributor.claimableBalance(m.alice.address, m.wbtc)).to.equal(ALICE_SHARES * 6_000n);
      await expect(m.distributor.connect(m.carol).claimBalance(m.wbtc)).to.changeTokenBalance(
        ethers,
        m.wbtc,
        m.carol,
        ALICE_SHARES * DAY,
      );
      await at(m.expires + 4_002n);
      await expect(m.distributor.connect(m.carol).claim([m.aliceId])).to.changeTokenBalance(
        ethers,
        m.wbtc,
        m.carol,
        0n,
      );
      expect(await m.distributor.claimableBalance(m.alice.address, m.wbtc)).to.equal(ALICE_SHARES * 6_002n);
    });

    it("routes a rental ending mid-epoch across pushes and other positions' mints and burns (history interpolation)", async function () {
      const m = await loadFixture(marketStreamFixture);
      const P = m.pushedAt;
      const model = modelOf(m);
      const start = P + 3_000n;
      const expires = await rentAlice(m, m.carol, start, 2n);
      // During the rental: a mint, a burn, a late push, another mint, a push.
      await at(P + 20_000n);
      const daveId = await mintShares(m, m.dave, m.rigId, 100n);
      model.sharesChanged(P + 20_000n, 100n);
      await at(P + 40_000n);
      await m.shares.connect(m.bob).burn(m.bobId);
      model.sharesChanged(P + 40_000n, -BOB_SHARES);
      await pushNext(m, P + DAY + 500n, 12_345_678n, model);
      await at(P + DAY + 30_000n);
      await mintShares(m, m.dave, m.rigId, 50n);
      model.sharesChanged(P + DAY + 30_000n, 50n);
      await pushNext(m, P + 2n * DAY + 100n, 43_210_987n, model);
      // After it: a mint, a push, a claim of another position (so the stored state moves on).
      await at(expires + 5_000n);
      await mintShares(m, m.stranger, m.rigId, 25n);
      model.sharesChanged(expires + 5_000n, 25n);
      await pushNext(m, P + 3n * DAY + 200n, 11_111_111n, model);
      await at(P + 3n * DAY + 7_000n);
      await m.distributor.connect(m.dave).claim([daveId]);
      const now = P + 3n * DAY + 9_000n;
      await mineAt(now);

      const [ownerPart, renter, renterPart] = await m.distributor.pendingSplit(m.aliceId);
      expect(renter).to.equal(m.carol.address);
      expectWithinOne(renterPart, model.earned(ALICE_SHARES, start, expires), "renter's part");
      expectWithinOne(ownerPart, model.earned(ALICE_SHARES, expires, now), "owner's part");
      // The distributor's reward per share at any second of the rental is the model's, within a scaled unit.
      for (const t of [start, P + 20_000n, P + 40_001n, P + DAY + 500n, P + DAY + 40_000n, expires]) {
        const chain = await m.distributor.rewardPerShareX18At(m.rigId, t);
        const ideal = model.accX54At(t) / 10n ** 36n;
        const diff = chain > ideal ? chain - ideal : ideal - chain;
        expect(diff <= 2n, `rewardPerShareX18At(${t - P}): chain ${chain}, model ${ideal}`).to.equal(true);
      }
      // The renter's claim pays exactly the part the split showed; the owner is credited the rest.
      await at(now + 1n);
      await expect(m.distributor.connect(m.carol).claim([m.aliceId])).to.changeTokenBalance(
        ethers,
        m.wbtc,
        m.carol,
        renterPart,
      );
      expectWithinOne(
        (await m.distributor.claimableBalance(m.alice.address, m.wbtc)) - ALICE_SHARES * 3_000n,
        model.earned(ALICE_SHARES, expires, now + 1n),
        "owner's credit",
      );
    });

    it("keeps the stream pushed after the expiry with the owner, even once later accruals move the stored state", async function () {
      // The rental's last segment is closed by the first slope change after the expiry (a late push).
      const m = await loadFixture(marketStreamFixture);
      const P = m.pushedAt;
      const model = modelOf(m);
      const start = P + 2_000n;
      const expires = await rentAlice(m, m.carol, start, 1n);
      // No push during the rental: the stream ends at P + 1 day, the rental 2,000 s later.
      await pushNext(m, expires + 3_000n, CLEAN_PUSH, model);
      await at(expires + 9_000n);
      await mintShares(m, m.dave, m.rigId, 100n);
      model.sharesChanged(expires + 9_000n, 100n);
      await at(expires + 20_000n);
      await m.distributor.connect(m.bob).claim([m.bobId]);
      await mineAt(expires + 30_000n);
      const [ownerPart, , renterPart] = await m.distributor.pendingSplit(m.aliceId);
      // Carol rented [P + 2,000, P + 1 day + 2,000] but the stream stopped at P + 1 day.
      expect(renterPart).to.equal(ALICE_SHARES * (DAY - 2_000n));
      expect(model.earned(ALICE_SHARES, start, expires)).to.equal(ALICE_SHARES * (DAY - 2_000n));
      expectWithinOne(ownerPart, model.earned(ALICE_SHARES, expires, expires + 30_000n), "owner's part");
    });

    it("keeps both rentals exact when a second one starts after the first expired and before any slope change", async function () {
      const m = await loadFixture(marketStreamFixture);
      const P = m.pushedAt;
      const model = modelOf(m);
      const expiresA = await rentAlice(m, m.carol, P + 1_000n, 1n);
      // Bob's position is rented by Dave after Carol's rental ended; nothing changed the slope in between.
      await m.market.connect(m.bob).listForRent(m.bobId, m.usdc, PER_DAY, 1n, 30n, expiresA + DAY);
      await at(expiresA + 500n);
      await m.market.connect(m.dave).rent(m.bobId, 2n, PER_DAY);
      const expiresB = expiresA + 500n + 2n * DAY;
      // Then pushes and a mint, during and after Dave's rental.
      await pushNext(m, expiresA + 1_000n, 20_000_000n, model);
      await at(expiresA + DAY);
      await mintShares(m, m.stranger, m.rigId, 77n);
      model.sharesChanged(expiresA + DAY, 77n);
      await pushNext(m, expiresA + DAY + 4_000n, 30_000_000n, model);
      await pushNext(m, expiresB + 6_000n, 40_000_000n, model);
      const now = expiresB + 8_000n;
      await mineAt(now);

      const [aliceOwner, , carolPart] = await m.distributor.pendingSplit(m.aliceId);
      expect(carolPart).to.equal(ALICE_SHARES * (DAY - 1_000n));
      expectWithinOne(aliceOwner, model.earned(ALICE_SHARES, expiresA, now), "Alice after Carol");
      const [bobOwner, renterB, davePart] = await m.distributor.pendingSplit(m.bobId);
      expect(renterB).to.equal(m.dave.address);
      expectWithinOne(davePart, model.earned(BOB_SHARES, expiresA + 500n, expiresB), "Dave's window");
      expectWithinOne(bobOwner, model.earned(BOB_SHARES, expiresB, now), "Bob after Dave");
      // What each owner earned before its rental was settled to it when the rental started.
      expect(await m.distributor.claimableBalance(m.alice.address, m.wbtc)).to.equal(ALICE_SHARES * 1_000n);
      expect(await m.distributor.claimableBalance(m.bob.address, m.wbtc)).to.equal(BOB_SHARES * DAY);
    });
  });
});
