// Attack suite for the core contracts (RigShares + RewardDistributor): every attack of DESIGN.md that
// touches them, each a named test with one line saying what the attacker tries, asserting exact
// outcomes (to the wei) against a small bigint model of the stream (StreamModel below) or closed-form
// amounts where the numbers are chosen to divide exactly.
// The 10,000 one-wei pushes live in test/solidity/OneWeiPushes.t.sol: 10,000 pushes over JSON-RPC
// took 21 s here (measured), inside a Solidity test they take under a second.
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import type { ContractTransactionReceipt, ContractTransactionResponse } from "ethers";
import { network } from "hardhat";

import type {
  AttacksHookableActor,
  CallbackERC20,
  FeeOnTransferERC20,
  ReentrantActor,
  TestERC20,
} from "../typechain-types/index.js";
import {
  BTC,
  DAY,
  SCALE,
  STRIDE,
  USDC,
  protocolWithRigFixture,
  registerRig,
  sha256RigParams,
} from "./helpers/fixtures.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { loadFixture, time } = networkHelpers;

type Rig = Awaited<ReturnType<typeof rigFixture>>;

/** 0.864 BTC over a one-day epoch to 1,000 shares streams exactly 1 sat per share per second. */
const CLEAN = 86_400_000n;
const UINT96_MAX = (1n << 96n) - 1n;
/** RigShares.MAX_TOTAL_SHARES: the most shares a rig may have. */
const MAX_TOTAL_SHARES = 10n ** 18n;

/** ReentrantActor.Mode */
const Mode = {
  None: 0,
  Mint: 1,
  Claim: 2,
  Split: 3,
  Merge: 4,
  Burn: 5,
  FlashClaimAndReturn: 6,
  FlashSplitAndReturn: 7,
  PushEpoch: 8,
} as const;

// ───────────────────────────── model of one rig's stream ─────────────────────────────

type ModelPosition = { shares: bigint; paid: bigint };

/**
 * The distributor's accounting for one rig, in bigints, written from the documented rules: a push streams
 * (unstreamed rest + unallocated + amount × 1e18) over one epoch at ⌊total / length⌋ per second (the
 * remainder waits as unallocated); released rewards plus the carry spread over the outstanding shares
 * (⌊pool / shares⌋ per share, the rest carried), or go to unallocated while no shares are out; a position
 * settles ⌊shares × Δacc / 1e18⌋. `balances` are settled, unclaimed entitlements; `paidOut` was claimed.
 */
class StreamModel {
  acc = 0n;
  carry = 0n;
  rate = 0n;
  periodEnd = 0n;
  lastUpdate = 0n;
  totalShares = 0n;
  unallocated = 0n;
  funded = 0n;
  paidOut = 0n;
  readonly positions = new Map<bigint, ModelPosition>();
  readonly balances = new Map<string, bigint>();

  constructor(readonly epochLength: bigint) {}

  private preview(t: bigint) {
    const to = t < this.periodEnd ? t : this.periodEnd;
    const released = to > this.lastUpdate ? this.rate * (to - this.lastUpdate) : 0n;
    if (released === 0n || this.totalShares === 0n) {
      return { released, acc: this.acc, carry: this.carry, unallocated: this.unallocated + released };
    }
    const pool = released + this.carry;
    return {
      released,
      acc: this.acc + pool / this.totalShares,
      carry: pool % this.totalShares,
      unallocated: this.unallocated,
    };
  }

  accrue(t: bigint): bigint {
    const s = this.preview(t);
    if (s.released !== 0n) {
      [this.acc, this.carry, this.unallocated, this.lastUpdate] = [s.acc, s.carry, s.unallocated, t];
    }
    return this.acc;
  }

  push(t: bigint, amount: bigint): void {
    this.accrue(t);
    const remaining = t >= this.periodEnd ? 0n : this.rate * (this.periodEnd - t);
    const total = remaining + this.unallocated + amount * SCALE;
    this.rate = total / this.epochLength;
    this.unallocated = total % this.epochLength;
    this.lastUpdate = t;
    this.periodEnd = t + this.epochLength;
    this.funded += amount;
  }

  mint(t: bigint, id: bigint, shares: bigint): void {
    const acc = this.accrue(t);
    this.totalShares += shares;
    this.positions.set(id, { shares, paid: acc });
  }

  private pos(id: bigint): ModelPosition {
    const p = this.positions.get(id);
    if (!p) throw new Error(`model: unknown position ${id}`);
    return p;
  }

  private settle(id: bigint, acc: bigint): bigint {
    const p = this.pos(id);
    const earned = (p.shares * (acc - p.paid)) / SCALE;
    p.paid = acc;
    return earned;
  }

  private credit(account: string, amount: bigint): void {
    this.balances.set(account, this.balance(account) + amount);
  }

  /** A transfer away from `from`: returns what was credited to `from`. */
  transfer(t: bigint, id: bigint, from: string): bigint {
    const earned = this.settle(id, this.accrue(t));
    this.credit(from, earned);
    return earned;
  }

  split(t: bigint, id: bigint, newId: bigint, shares: bigint, owner: string): bigint {
    const acc = this.accrue(t);
    const earned = this.settle(id, acc);
    this.credit(owner, earned);
    this.pos(id).shares -= shares;
    this.positions.set(newId, { shares, paid: acc });
    return earned;
  }

  merge(t: bigint, keptId: bigint, burnedId: bigint, owner: string): bigint {
    const acc = this.accrue(t);
    const earned = this.settle(keptId, acc) + this.settle(burnedId, acc);
    this.credit(owner, earned);
    this.pos(keptId).shares += this.pos(burnedId).shares;
    this.positions.delete(burnedId);
    return earned;
  }

  burn(t: bigint, id: bigint, owner: string): bigint {
    const earned = this.settle(id, this.accrue(t));
    this.credit(owner, earned);
    this.totalShares -= this.pos(id).shares;
    this.positions.delete(id);
    return earned;
  }

  /** `claim(ids)` sent by `caller`: each id settles to its owner, then the caller is paid its balance. */
  claim(t: bigint, caller: string, owned: Array<[bigint, string]>): bigint {
    const acc = this.accrue(t);
    for (const [id, owner] of owned) this.credit(owner, this.settle(id, acc));
    return this.claimBalance(caller);
  }

  claimBalance(account: string): bigint {
    const amount = this.balance(account);
    this.balances.set(account, 0n);
    this.paidOut += amount;
    return amount;
  }

  balance(account: string): bigint {
    return this.balances.get(account) ?? 0n;
  }

  pending(t: bigint, id: bigint): bigint {
    const p = this.positions.get(id);
    return p ? (p.shares * (this.preview(t).acc - p.paid)) / SCALE : 0n;
  }

  /** The distributor's `undistributed(rig)`: unstreamed rest + unallocated + carry, rounded down. */
  undistributed(t: bigint): bigint {
    const s = this.preview(t);
    const remaining = t >= this.periodEnd ? 0n : this.rate * (this.periodEnd - t);
    return (remaining + s.unallocated + s.carry) / SCALE;
  }
}

// ───────────────────────────── helpers ─────────────────────────────

async function latest(): Promise<bigint> {
  return BigInt(await time.latest());
}

/** The next transaction is mined at `t`. */
async function at(t: bigint): Promise<void> {
  await time.setNextBlockTimestamp(t);
}

async function mined(response: Promise<ContractTransactionResponse>): Promise<ContractTransactionReceipt> {
  const receipt = await (await response).wait();
  if (!receipt) throw new Error("no receipt");
  return receipt;
}

async function timestampOf(receipt: ContractTransactionReceipt): Promise<bigint> {
  const block = await ethers.provider.getBlock(receipt.blockNumber);
  return BigInt(block!.timestamp);
}

/** Next epoch of `rigId` and the time it ends (the earliest it may be pushed). */
async function nextEpoch(p: Rig, rigId: bigint): Promise<{ epoch: bigint; end: bigint }> {
  const s = await p.distributor.rigStream(rigId);
  return { epoch: s.nextEpoch, end: (s.nextEpoch + 1n) * s.epochLength };
}

/** The earliest time the rig's next epoch may be pushed, at least 10 s from now. */
async function firstPushTime(p: Rig, rigId: bigint): Promise<bigint> {
  const { end } = await nextEpoch(p, rigId);
  const soon = (await latest()) + 10n;
  return end > soon ? end : soon;
}

/** Mines an empty block at `t`, or the next second if `t` has passed. */
async function reach(t: bigint): Promise<void> {
  const now = await latest();
  await time.increaseTo(t > now ? t : now + 1n);
}

/** Pushes the next epoch at `t` (default: as soon as it has ended) and mirrors it in `model`. */
async function push(p: Rig, rigId: bigint, amount: bigint, model: StreamModel, t?: bigint): Promise<bigint> {
  const { epoch, end } = await nextEpoch(p, rigId);
  const now = await latest();
  const when = t ?? (end > now ? end : now + 1n);
  await at(when);
  await mined(p.distributor.connect(p.operator).pushEpoch(rigId, epoch, amount));
  model.push(when, amount);
  return when;
}

/** Mints `shares` of `rigId` to `holder` (at `t` if given) and mirrors it in `model`; returns the id. */
async function mintAt(
  p: Rig,
  holder: HardhatEthersSigner,
  rigId: bigint,
  shares: bigint,
  model: StreamModel,
  t?: bigint,
): Promise<bigint> {
  if (t !== undefined) await at(t);
  const receipt = await mined(p.shares.connect(holder).mint(rigId, shares));
  let id: bigint | undefined;
  for (const log of receipt.logs) {
    // ERC-20 and ERC-721 Transfer share a topic: parse only the share token's own logs.
    if (log.address.toLowerCase() !== p.sharesAddress.toLowerCase()) continue;
    const parsed = p.shares.interface.parseLog(log);
    if (parsed?.name === "SharesMinted") id = parsed.args.positionId as bigint;
  }
  if (id === undefined) throw new Error("SharesMinted not emitted");
  model.mint(await timestampOf(receipt), id, shares);
  return id;
}

/** The distributor's events of `name` in `receipt`, as argument arrays. */
function distributorEvents(p: Rig, receipt: ContractTransactionReceipt, name: string): unknown[][] {
  const out: unknown[][] = [];
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== p.distributorAddress.toLowerCase()) continue;
    const parsed = p.distributor.interface.parseLog(log);
    if (parsed?.name === name) out.push([...parsed.args]);
  }
  return out;
}

/** ERC-721 `safeTransferFrom(from, to, id)` (the overload without data), signed by `from`. */
function safeTransfer(p: Rig, from: HardhatEthersSigner, to: string, id: bigint): Promise<ContractTransactionResponse> {
  const safeTransferFrom = p.shares.connect(from)["safeTransferFrom(address,address,uint256)"];
  return safeTransferFrom(from.address, to, id);
}

/** Everything that a revert must leave untouched for one rig and its payout token. */
async function rigState(p: Rig, rigId: bigint, token: { getAddress(): Promise<string> }) {
  const address = await token.getAddress();
  const erc20 = await ethers.getContractAt("TestERC20", address);
  return {
    stream: [...(await p.distributor.rigStream(rigId))],
    liabilities: await p.distributor.liabilities(address),
    balance: await erc20.balanceOf(p.distributorAddress),
  };
}

function selectorOf(
  contract: { interface: { getError(name: string): { selector: string } | null } },
  name: string,
): string {
  return contract.interface.getError(name)!.selector;
}

// ───────────────────────────── named fixtures ─────────────────────────────

async function rigFixture() {
  const p = await protocolWithRigFixture(connection);
  return { ...p, distributorAddress: await p.distributor.getAddress(), sharesAddress: await p.shares.getAddress() };
}

/** Alice 400 shares, Carol 400 (Alice's untouched twin), Bob 200; a CLEAN epoch streaming 1 sat/share/s from t0. */
async function twinsFixture() {
  const p = await rigFixture();
  const model = new StreamModel(DAY);
  const aliceId = await mintAt(p, p.alice, p.rigId, 400n, model);
  const twinId = await mintAt(p, p.carol, p.rigId, 400n, model);
  const bobId = await mintAt(p, p.bob, p.rigId, 200n, model);
  const t0 = await push(p, p.rigId, CLEAN, model);
  const actor = (await ethers.deployContract("ReentrantActor", [
    p.sharesAddress,
    p.distributorAddress,
  ])) as unknown as ReentrantActor;
  return { ...p, model, aliceId, twinId, bobId, t0, actor };
}

/** A ReentrantActor funded with USDC to mint, Alice holding 500 shares, a CLEAN epoch running from t0. */
async function receiverActorFixture() {
  const p = await rigFixture();
  const model = new StreamModel(DAY);
  const aliceId = await mintAt(p, p.alice, p.rigId, 500n, model);
  const actor = (await ethers.deployContract("ReentrantActor", [
    p.sharesAddress,
    p.distributorAddress,
  ])) as unknown as ReentrantActor;
  await p.usdc.mint(await actor.getAddress(), 1_000_000n * USDC);
  await actor.approveToken(await p.usdc.getAddress(), p.sharesAddress);
  const t0 = await push(p, p.rigId, CLEAN, model);
  return { ...p, model, aliceId, actor, actorAddress: await actor.getAddress(), t0 };
}

/** Rig 2 pays in a CallbackERC20; a hooked actor and Alice hold 500 shares each; a CLEAN epoch runs from t0. */
async function callbackTokenFixture() {
  const p = await rigFixture();
  const cbk = (await ethers.deployContract("CallbackERC20")) as unknown as CallbackERC20;
  const cbkAddress = await cbk.getAddress();
  const rigId = await registerRig(p, sha256RigParams(await p.usdc.getAddress(), cbkAddress));
  await cbk.mint(p.operator.address, 1_000n * CLEAN);
  await cbk.connect(p.operator).approve(p.distributorAddress, ethers.MaxUint256);
  const actor = (await ethers.deployContract("AttacksHookableActor", [
    p.sharesAddress,
    p.distributorAddress,
  ])) as unknown as AttacksHookableActor;
  const actorAddress = await actor.getAddress();
  await p.usdc.mint(actorAddress, 1_000_000n * USDC);
  await actor.approveToken(await p.usdc.getAddress(), p.sharesAddress);
  const model = new StreamModel(DAY);
  await actor.mint(rigId, 500n);
  const actorId = rigId * STRIDE + 1n;
  model.mint(await latest(), actorId, 500n);
  const aliceId = await mintAt(p, p.alice, rigId, 500n, model);
  await actor.hook(cbkAddress);
  const t0 = await push(p, rigId, CLEAN, model);
  return { ...p, cbk, cbkAddress, cbkRigId: rigId, actor, actorAddress, actorId, aliceId, model, t0 };
}

// ───────────────────────────── the attacks ─────────────────────────────

describe("Attacks on RigShares + RewardDistributor", function () {
  describe("changes of hands", function () {
    it("keeps three epochs of rewards with the seller and starts the buyer at zero", async function () {
      // Attack: B buys a position after three funded epochs and tries to collect what streamed before.
      const p = await loadFixture(rigFixture);
      const m = new StreamModel(DAY);
      const aliceId = await mintAt(p, p.alice, p.rigId, 600n, m);
      const carolId = await mintAt(p, p.carol, p.rigId, 400n, m);
      const amounts = [50_000_000n, 33_333_333n, 77_777_777n];
      const t0 = await push(p, p.rigId, amounts[0], m);
      await push(p, p.rigId, amounts[1], m, t0 + DAY);
      await push(p, p.rigId, amounts[2], m, t0 + 2n * DAY);

      const tTransfer = t0 + 3n * DAY; // the third epoch's stream ends exactly here
      await at(tTransfer);
      const sellerShare = m.transfer(tTransfer, aliceId, p.alice.address);
      await expect(p.shares.connect(p.alice).transferFrom(p.alice.address, p.bob.address, aliceId))
        .to.emit(p.distributor, "PositionSettled")
        .withArgs(aliceId, p.alice.address, sellerShare);
      // 600/1000 of the three epochs, less the sub-wei rounding (≤ 1 base unit).
      const exactShare = ((amounts[0] + amounts[1] + amounts[2]) * 600n) / 1000n;
      expect(exactShare - sellerShare).to.be.within(0n, 1n);
      expect(await p.distributor.claimableBalance(p.alice.address, p.wbtc)).to.equal(sellerShare);
      expect(await p.distributor.pendingReward(aliceId)).to.equal(0n); // B at arrival

      // B earns only what streams from now on.
      const t3 = await push(p, p.rigId, 12_345_678n, m, tTransfer + 60n);
      const tLater = t3 + DAY / 3n;
      await time.increaseTo(tLater);
      const bobPending = m.pending(tLater, aliceId);
      expect(await p.distributor.pendingReward(aliceId)).to.equal(bobPending);
      expect((12_345_678n * 600n) / 1000n / 3n - bobPending).to.be.within(0n, 1n);
      expect(await p.distributor.pendingReward(carolId)).to.equal(m.pending(tLater, carolId));
      expect(await p.distributor.claimableBalance(p.alice.address, p.wbtc)).to.equal(sellerShare);

      // Both claim exactly their parts.
      await expect(p.distributor.connect(p.alice).claimBalance(p.wbtc)).to.changeTokenBalance(
        ethers,
        p.wbtc,
        p.alice,
        sellerShare,
      );
      await at(tLater + 10n);
      const bobPaid = m.claim(tLater + 10n, p.bob.address, [[aliceId, p.bob.address]]);
      await expect(p.distributor.connect(p.bob).claim([aliceId])).to.changeTokenBalance(ethers, p.wbtc, p.bob, bobPaid);
    });

    it("pays a buyer holding 1 s before to 1 s after the first push exactly one second of the new stream", async function () {
      // Attack: buy right before a push and sell right after, hoping the push pays out as a lump sum.
      const p = await loadFixture(rigFixture);
      const m = new StreamModel(DAY);
      await mintAt(p, p.carol, p.rigId, 900n, m);
      const tPush = await firstPushTime(p, p.rigId);
      const bobId = await mintAt(p, p.bob, p.rigId, 100n, m, tPush - 1n);
      await push(p, p.rigId, BTC, m, tPush);
      await at(tPush + 1n);
      const gain = m.transfer(tPush + 1n, bobId, p.bob.address);
      await expect(p.shares.connect(p.bob).transferFrom(p.bob.address, p.dave.address, bobId))
        .to.emit(p.distributor, "PositionSettled")
        .withArgs(bobId, p.bob.address, gain);
      // 1 BTC/day = 1,157.4 sat/s; 100 of 1,000 shares for one second: ⌊115.74⌋ = 115 sat (a lump sum would be 10,000,000).
      const rateX18 = (BTC * SCALE) / DAY;
      expect(gain).to.equal((100n * (rateX18 / 1000n)) / SCALE);
      expect(gain).to.equal(115n);
      expect(await p.distributor.pendingReward(bobId)).to.equal(0n); // Dave at arrival
      await expect(p.distributor.connect(p.bob).claimBalance(p.wbtc)).to.changeTokenBalance(
        ethers,
        p.wbtc,
        p.bob,
        115n,
      );
    });

    it("pays a buyer holding 1 s before to 1 s after a late push only one second of stream", async function () {
      // Attack: the previous stream has ended; buy 1 s before the operator's (late) push, sell 1 s after.
      const p = await loadFixture(rigFixture);
      const m = new StreamModel(DAY);
      await mintAt(p, p.carol, p.rigId, 900n, m);
      const t0 = await push(p, p.rigId, BTC, m);
      const tPush = t0 + DAY + 3_600n; // the first stream ended an hour ago
      const bobId = await mintAt(p, p.bob, p.rigId, 100n, m, tPush - 1n);
      await push(p, p.rigId, BTC, m, tPush);
      await at(tPush + 1n);
      const gain = m.transfer(tPush + 1n, bobId, p.bob.address);
      await mined(p.shares.connect(p.bob).transferFrom(p.bob.address, p.dave.address, bobId));
      expect(await p.distributor.claimableBalance(p.bob.address, p.wbtc)).to.equal(gain);
      // Bound: one second × the new rate × 100/1,000 shares.
      const newRate = (await p.distributor.rigStream(p.rigId)).rateX18;
      expect(newRate).to.equal(m.rate);
      const bound = (newRate * 100n) / 1000n / SCALE;
      expect(gain).to.be.within(bound - 1n, bound);
      expect(gain).to.equal(115n);
    });

    it("pays a buyer holding across a push into a running stream exactly the two seconds held", async function () {
      // Attack: buy 1 s before a push while the previous (late) epoch still streams, sell 1 s after.
      const p = await loadFixture(rigFixture);
      const m = new StreamModel(DAY);
      await mintAt(p, p.carol, p.rigId, 900n, m);
      const tFirst = await firstPushTime(p, p.rigId);
      await push(p, p.rigId, BTC, m, tFirst + DAY / 2n); // pushed half a day late: streams until tFirst + 1.5 days
      const tPush = tFirst + DAY; // the next epoch may be pushed while half of the first still streams
      const oldRate = m.rate;
      const bobId = await mintAt(p, p.bob, p.rigId, 100n, m, tPush - 1n);
      await push(p, p.rigId, BTC, m, tPush);
      const newRate = m.rate;
      await at(tPush + 1n);
      const gain = m.transfer(tPush + 1n, bobId, p.bob.address);
      await mined(p.shares.connect(p.bob).transferFrom(p.bob.address, p.dave.address, bobId));
      expect(await p.distributor.claimableBalance(p.bob.address, p.wbtc)).to.equal(gain);
      // Time held × rate: 1 s of the old stream (1,157.4 sat/s) + 1 s of the new one, which re-streams the
      // old rest with the new amount (1.5 BTC/day = 1,736.1 sat/s); 10% of 2,893.5 sat, rounded down.
      const bound = ((oldRate + newRate) * 100n) / 1000n / SCALE;
      expect(gain).to.be.within(bound - 1n, bound);
      expect(gain).to.equal(289n);
    });

    it("changes no entitlement over 100 self-transfers and emits no settlement", async function () {
      // Attack: transfer a position to oneself 100 times hoping each hop settles or resets something.
      const p = await loadFixture(twinsFixture);
      const receipts: ContractTransactionReceipt[] = [];
      for (let i = 0; i < 100; i++) {
        const call =
          i % 2 === 0
            ? p.shares.connect(p.alice).transferFrom(p.alice.address, p.alice.address, p.aliceId)
            : safeTransfer(p, p.alice, p.alice.address, p.aliceId);
        receipts.push(await mined(call));
      }
      for (const receipt of receipts) {
        expect(distributorEvents(p, receipt, "PositionSettled")).to.deep.equal([]);
      }
      const t = await latest();
      expect(await p.shares.ownerOf(p.aliceId)).to.equal(p.alice.address);
      // Same as the untouched twin (400 shares, minted before the first push).
      expect(await p.distributor.pendingReward(p.aliceId)).to.equal(await p.distributor.pendingReward(p.twinId));
      expect(await p.distributor.pendingReward(p.aliceId)).to.equal(400n * (t - p.t0));
      expect([...(await p.distributor.position(p.aliceId))]).to.deep.equal([
        ...(await p.distributor.position(p.twinId)),
      ]);
      expect(await p.distributor.claimableBalance(p.alice.address, p.wbtc)).to.equal(0n);
    });
  });

  describe("a receiver that claims or splits inside onERC721Received and hands the position back", function () {
    it("FlashClaimAndReturn: the actor gets 0 and the owner keeps every wei it accrued", async function () {
      // Attack: receive a position, claim its rewards inside onERC721Received, return it.
      const p = await loadFixture(twinsFixture);
      const actorAddress = await p.actor.getAddress();
      await p.actor.configure(Mode.FlashClaimAndReturn, p.rigId, 0n, p.alice.address);
      await at(p.t0 + 1_000n);
      const receipt = await mined(safeTransfer(p, p.alice, actorAddress, p.aliceId));
      // Settled once, to Alice, for her 1,000 s × 400 shares × 1 sat; nothing paid to anyone.
      expect(distributorEvents(p, receipt, "PositionSettled")).to.deep.equal([[p.aliceId, p.alice.address, 400_000n]]);
      expect(distributorEvents(p, receipt, "RewardsClaimed")).to.deep.equal([]);
      expect(await p.actor.attempted()).to.equal(true);
      expect(await p.actor.innerSucceeded()).to.equal(true);
      expect(await p.actor.claimedInHook()).to.equal(0n);
      expect(await p.shares.ownerOf(p.aliceId)).to.equal(p.alice.address);
      expect(await p.wbtc.balanceOf(actorAddress)).to.equal(0n);
      expect(await p.distributor.claimableBalance(actorAddress, p.wbtc)).to.equal(0n);
      expect(await p.distributor.claimableBalance(p.alice.address, p.wbtc)).to.equal(400_000n);

      // Alice's total equals her untouched twin's, to the wei.
      await time.increaseTo(p.t0 + 5_000n);
      expect(await p.distributor.claimable(p.alice.address, p.wbtc, [p.aliceId])).to.equal(2_000_000n);
      expect(await p.distributor.pendingReward(p.twinId)).to.equal(2_000_000n);
      await at(p.t0 + 5_001n);
      await expect(p.distributor.connect(p.alice).claim([p.aliceId])).to.changeTokenBalance(
        ethers,
        p.wbtc,
        p.alice,
        2_000_400n,
      );
    });

    it("FlashSplitAndReturn: the split half stays with the actor, and no reward is created or lost", async function () {
      // Attack: receive a position, split it inside onERC721Received (the actor is owner then), return one half.
      const p = await loadFixture(twinsFixture);
      const actorAddress = await p.actor.getAddress();
      await p.actor.configure(Mode.FlashSplitAndReturn, p.rigId, 0n, p.alice.address);
      await at(p.t0 + 1_000n);
      const receipt = await mined(safeTransfer(p, p.alice, actorAddress, p.aliceId));
      const splitId = p.rigId * STRIDE + 4n; // serials 1-3 were minted
      expect(await p.actor.innerSucceeded()).to.equal(true);
      // Alice was settled on the way out; the split (actor as owner, same second) settled nothing more.
      expect(distributorEvents(p, receipt, "PositionSettled")).to.deep.equal([[p.aliceId, p.alice.address, 400_000n]]);
      expect(await p.shares.ownerOf(p.aliceId)).to.equal(p.alice.address);
      expect(await p.shares.ownerOf(splitId)).to.equal(actorAddress);
      expect(await p.distributor.sharesOf(p.aliceId)).to.equal(399n);
      expect(await p.distributor.sharesOf(splitId)).to.equal(1n);
      expect((await p.distributor.rigStream(p.rigId)).totalShares).to.equal(1_000n);
      expect(await p.shares.sharesAvailable(p.rigId)).to.equal(0n);
      expect(await p.distributor.claimableBalance(actorAddress, p.wbtc)).to.equal(0n);
      expect(await p.distributor.claimableBalance(p.alice.address, p.wbtc)).to.equal(400_000n);

      // 4,000 s later: both halves earned pro rata; together they equal the twin; the whole rig's
      // entitlements equal what streamed (1,000 shares × 5,000 s × 1 sat).
      await time.increaseTo(p.t0 + 5_000n);
      expect(await p.distributor.pendingReward(p.aliceId)).to.equal(399n * 4_000n);
      expect(await p.distributor.pendingReward(splitId)).to.equal(4_000n);
      const aliceTotal = await p.distributor.claimable(p.alice.address, p.wbtc, [p.aliceId]);
      expect(aliceTotal + (await p.distributor.pendingReward(splitId))).to.equal(
        await p.distributor.pendingReward(p.twinId),
      );
      const everyone =
        aliceTotal +
        (await p.distributor.pendingReward(splitId)) +
        (await p.distributor.pendingReward(p.twinId)) +
        (await p.distributor.pendingReward(p.bobId));
      expect(everyone).to.equal(5_000_000n);
      expect(await p.distributor.undistributed(p.rigId)).to.equal(CLEAN - 5_000_000n);
    });
  });

  describe("re-entrance from ERC-721 receiver hooks", function () {
    const REENTRANT = "ReentrancyGuardReentrantCall";

    async function expectOuterMintConsistent(
      p: Awaited<ReturnType<typeof receiverActorFixture>>,
      positionId: bigint,
      held: bigint,
    ) {
      expect(await p.shares.ownerOf(positionId)).to.equal(p.actorAddress);
      expect(await p.distributor.sharesOf(positionId)).to.equal(500n);
      expect(await p.shares.balanceOf(p.actorAddress)).to.equal(held);
      expect((await p.distributor.rigStream(p.rigId)).totalShares).to.equal(1_000n);
      expect((await p.shares.rig(p.rigId)).nextSerial).to.equal(positionId % STRIDE);
      // Paid once: 500 × 100 USDC, 2.5% of it to the protocol.
      expect(await p.usdc.balanceOf(p.actorAddress)).to.equal(1_000_000n * USDC - 50_000n * USDC);
      expect(await p.shares.proceedsOf(p.operator.address, p.usdc)).to.equal(100_000n * USDC - 2_500n * USDC);
      expect(await p.shares.protocolFeesOf(p.usdc)).to.equal(2_500n * USDC);
      // The new position earns only from its mint: 1,000 shares out → 1 sat per share per second.
      const minted = (await p.distributor.position(positionId)).paidX18;
      expect(minted).to.equal((await p.distributor.rigStream(p.rigId)).rewardPerShareX18);
      await time.increase(100);
      expect(await p.distributor.pendingReward(positionId)).to.equal(500n * 100n);
    }

    for (const [label, mode] of [
      ["mint", Mode.Mint],
      ["split", Mode.Split],
      ["burn", Mode.Burn],
    ] as const) {
      it(`rejects re-entering ${label} from the mint's onERC721Received with ReentrancyGuardReentrantCall`, async function () {
        // Attack: while `mint` hands the new position over, the receiver re-enters `${label}`.
        const p = await loadFixture(receiverActorFixture);
        await p.actor.configure(mode, p.rigId, 0n, ethers.ZeroAddress);
        await mined(p.actor.mint(p.rigId, 500n));
        expect(await p.actor.attempted()).to.equal(true);
        expect(await p.actor.innerSucceeded()).to.equal(false);
        const inner = await p.actor.innerRevert();
        expect(inner).to.equal(selectorOf(p.shares, REENTRANT));
        expect(p.shares.interface.parseError(inner)?.name).to.equal(REENTRANT);
        await expectOuterMintConsistent(p, p.rigId * STRIDE + 2n, 1n);
      });
    }

    it("rejects re-entering merge from the mint's onERC721Received with ReentrancyGuardReentrantCall", async function () {
      // Attack: while `mint` hands the new position over, the receiver merges it into one it already holds.
      const p = await loadFixture(receiverActorFixture);
      const firstId = p.rigId * STRIDE + 2n;
      await mined(p.actor.mint(p.rigId, 250n));
      await p.actor.configure(Mode.Merge, p.rigId, firstId, ethers.ZeroAddress);
      await mined(p.actor.mint(p.rigId, 250n));
      const secondId = p.rigId * STRIDE + 3n;
      expect(await p.actor.innerSucceeded()).to.equal(false);
      expect(p.shares.interface.parseError(await p.actor.innerRevert())?.name).to.equal(REENTRANT);
      expect(await p.shares.balanceOf(p.actorAddress)).to.equal(2n);
      expect(await p.distributor.sharesOf(firstId)).to.equal(250n);
      expect(await p.distributor.sharesOf(secondId)).to.equal(250n);
      expect((await p.distributor.rigStream(p.rigId)).totalShares).to.equal(1_000n);
      expect(await p.usdc.balanceOf(p.actorAddress)).to.equal(1_000_000n * USDC - 50_000n * USDC);
    });

    it("allows a claim from inside the mint's onERC721Received and pays 0 for the fresh position", async function () {
      // Attack: claim the brand-new position from its own receiver hook, hoping for retroactive rewards.
      const p = await loadFixture(receiverActorFixture);
      await p.actor.configure(Mode.Claim, p.rigId, 0n, ethers.ZeroAddress);
      const receipt = await mined(p.actor.mint(p.rigId, 500n));
      expect(await p.actor.innerSucceeded()).to.equal(true);
      expect(await p.actor.claimedInHook()).to.equal(0n);
      expect(distributorEvents(p, receipt, "RewardsClaimed")).to.deep.equal([]);
      expect(distributorEvents(p, receipt, "PositionSettled")).to.deep.equal([]);
      expect(await p.wbtc.balanceOf(p.actorAddress)).to.equal(0n);
      expect(await p.distributor.claimableBalance(p.actorAddress, p.wbtc)).to.equal(0n);
      await expectOuterMintConsistent(p, p.rigId * STRIDE + 2n, 1n);
    });
  });

  describe("hostile payout and payment tokens", function () {
    it("rejects re-entering claim from the payout token's transfer callback: no double pay", async function () {
      // Attack: a payout token with a transfer callback lets the receiver re-enter claim mid-payment.
      const p = await loadFixture(callbackTokenFixture);
      const reentrant = selectorOf(p.distributor, "ReentrancyGuardReentrantCall");
      await p.actor.configure(Mode.Claim, p.cbkRigId, p.actorId, ethers.ZeroAddress);
      await at(p.t0 + 1_000n);
      const receipt = await mined(p.actor.claim([p.actorId]));
      expect(await p.actor.attempted()).to.equal(true);
      expect(await p.actor.innerSucceeded()).to.equal(false);
      expect(await p.actor.innerRevert()).to.equal(reentrant);
      expect(distributorEvents(p, receipt, "RewardsClaimed")).to.deep.equal([[p.actorAddress, p.cbkAddress, 500_000n]]);
      expect(await p.cbk.balanceOf(p.actorAddress)).to.equal(500_000n);
      expect(await p.distributor.liabilities(p.cbk)).to.equal(CLEAN - 500_000n);
      expect(await p.cbk.balanceOf(p.distributorAddress)).to.equal(CLEAN - 500_000n);
    });

    it("rejects re-entering pushEpoch from the payout token's transfer callback", async function () {
      // Attack: the same callback re-enters pushEpoch while claim is paying out.
      const p = await loadFixture(callbackTokenFixture);
      const before = await p.distributor.rigStream(p.cbkRigId);
      await p.actor.configure(Mode.PushEpoch, p.cbkRigId, p.actorId, ethers.ZeroAddress);
      await at(p.t0 + 2_000n);
      await mined(p.actor.claim([p.actorId]));
      expect(await p.actor.innerSucceeded()).to.equal(false);
      expect(p.distributor.interface.parseError(await p.actor.innerRevert())?.name).to.equal(
        "ReentrancyGuardReentrantCall",
      );
      expect((await p.distributor.rigStream(p.cbkRigId)).nextEpoch).to.equal(before.nextEpoch);
      expect((await p.distributor.rigStream(p.cbkRigId)).rateX18).to.equal(before.rateX18);

      // Then a claim re-entry, and a final claim after the stream: the actor ends with exactly what it was owed.
      await p.actor.configure(Mode.Claim, p.cbkRigId, p.actorId, ethers.ZeroAddress);
      await at(p.t0 + 3_000n);
      await mined(p.actor.claim([p.actorId]));
      expect(await p.actor.innerSucceeded()).to.equal(false);
      expect(await p.cbk.balanceOf(p.actorAddress)).to.equal(500n * 3_000n);
      await at(p.t0 + DAY + 1n);
      await mined(p.actor.claim([p.actorId]));
      await at(p.t0 + DAY + 2n);
      await mined(p.distributor.connect(p.alice).claim([p.aliceId]));
      expect(await p.cbk.balanceOf(p.actorAddress)).to.equal(CLEAN / 2n);
      expect(await p.cbk.balanceOf(p.alice.address)).to.equal(CLEAN / 2n);
      expect(await p.distributor.liabilities(p.cbk)).to.equal(0n);
      expect(await p.cbk.balanceOf(p.distributorAddress)).to.equal(0n);
    });

    it("rejects a fee-on-transfer payout token with DistributorTransferMismatch and changes nothing", async function () {
      // Attack: the payout token burns 1% in transit, so a push would account more than arrived.
      const p = await loadFixture(rigFixture);
      const fot = (await ethers.deployContract("FeeOnTransferERC20", [100])) as unknown as FeeOnTransferERC20;
      const rigId = await registerRig(p, sha256RigParams(await p.usdc.getAddress(), await fot.getAddress()));
      await fot.mint(p.operator.address, 10n * BTC);
      await fot.connect(p.operator).approve(p.distributorAddress, ethers.MaxUint256);
      await mintAt(p, p.alice, rigId, 1_000n, new StreamModel(DAY));
      const { epoch, end } = await nextEpoch(p, rigId);
      await reach(end);
      const before = await rigState(p, rigId, fot);
      await expect(p.distributor.connect(p.operator).pushEpoch(rigId, epoch, BTC))
        .to.be.revertedWithCustomError(p.distributor, "DistributorTransferMismatch")
        .withArgs(BTC, (BTC * 99n) / 100n);
      expect(await rigState(p, rigId, fot)).to.deep.equal(before);
      const stream = await p.distributor.rigStream(rigId);
      expect([stream.nextEpoch, stream.rateX18, await p.distributor.liabilities(fot)]).to.deep.equal([epoch, 0n, 0n]);
      expect(await fot.balanceOf(p.operator.address)).to.equal(10n * BTC);
    });

    it("rejects a fee-on-transfer payment token at mint with RigSharesPaymentMismatch", async function () {
      // Attack: the payment token burns 1% in transit, so the operator would be credited more than arrived.
      const p = await loadFixture(rigFixture);
      const fot = (await ethers.deployContract("FeeOnTransferERC20", [100])) as unknown as FeeOnTransferERC20;
      const rigId = await registerRig(p, sha256RigParams(await fot.getAddress(), await p.wbtc.getAddress()));
      await fot.mint(p.alice.address, 1_000_000n * USDC);
      await fot.connect(p.alice).approve(p.sharesAddress, ethers.MaxUint256);
      const cost = 10n * 100n * USDC;
      await expect(p.shares.connect(p.alice).mint(rigId, 10n))
        .to.be.revertedWithCustomError(p.shares, "RigSharesPaymentMismatch")
        .withArgs(cost, (cost * 99n) / 100n);
      expect(await p.shares.balanceOf(p.alice.address)).to.equal(0n);
      expect(await p.shares.sharesAvailable(rigId)).to.equal(1_000n);
      expect(await p.shares.proceedsOf(p.operator.address, fot)).to.equal(0n);
      expect(await fot.balanceOf(p.alice.address)).to.equal(1_000_000n * USDC);
    });
  });

  describe("donations and sweeps", function () {
    it("ignores a donation in every reward, and sweepExcess returns exactly the donation", async function () {
      // Attack: send payout tokens straight to the distributor to skew someone's rewards.
      const p = await loadFixture(rigFixture);
      const m = new StreamModel(DAY);
      const aliceId = await mintAt(p, p.alice, p.rigId, 600n, m);
      const bobId = await mintAt(p, p.bob, p.rigId, 400n, m);
      const t0 = await push(p, p.rigId, BTC, m);
      const donation = 12_345_678n;

      // While streaming: every view equals the model at the donation's second.
      await at(t0 + DAY / 2n);
      await mined(p.wbtc.connect(p.operator).transfer(p.distributorAddress, donation));
      const tDonation = t0 + DAY / 2n;
      expect(await p.distributor.pendingReward(aliceId)).to.equal(m.pending(tDonation, aliceId));
      expect(await p.distributor.pendingReward(bobId)).to.equal(m.pending(tDonation, bobId));
      expect(await p.distributor.undistributed(p.rigId)).to.equal(m.undistributed(tDonation));
      expect(await p.distributor.liabilities(p.wbtc)).to.equal(BTC);

      // After the stream: a second donation changes no view at all.
      await time.increaseTo(t0 + DAY + 100n);
      const views = async () => [
        await p.distributor.pendingReward(aliceId),
        await p.distributor.pendingReward(bobId),
        await p.distributor.claimableBalance(p.alice.address, p.wbtc),
        await p.distributor.claimableBalance(p.bob.address, p.wbtc),
        await p.distributor.undistributed(p.rigId),
        await p.distributor.liabilities(p.wbtc),
        await p.distributor.rewardPerShareX18(p.rigId),
      ];
      const before = await views();
      await mined(p.wbtc.connect(p.operator).transfer(p.distributorAddress, donation));
      expect(await views()).to.deep.equal(before);

      // The next push streams exactly its amount (and the rounding rest), not the donations.
      await push(p, p.rigId, 50_000_000n, m);
      expect((await p.distributor.rigStream(p.rigId)).rateX18).to.equal(m.rate);

      // Sweep takes exactly the two donations, nothing owed.
      expect(await p.distributor.sweepExcess.staticCall(p.wbtc, p.treasury.address)).to.equal(2n * donation);
      await expect(p.distributor.sweepExcess(p.wbtc, p.treasury.address))
        .to.emit(p.distributor, "ExcessSwept")
        .withArgs(await p.wbtc.getAddress(), p.treasury.address, 2n * donation);
      expect(await p.wbtc.balanceOf(p.treasury.address)).to.equal(2n * donation);
      expect(await p.wbtc.balanceOf(p.distributorAddress)).to.equal(BTC + 50_000_000n);
      expect(await p.distributor.liabilities(p.wbtc)).to.equal(BTC + 50_000_000n);

      // Everyone still claims exactly what the model owes them.
      const tEnd = m.periodEnd + 1n;
      await at(tEnd);
      const alicePaid = m.claim(tEnd, p.alice.address, [[aliceId, p.alice.address]]);
      await expect(p.distributor.connect(p.alice).claim([aliceId])).to.changeTokenBalance(
        ethers,
        p.wbtc,
        p.alice,
        alicePaid,
      );
      await at(tEnd + 1n);
      const bobPaid = m.claim(tEnd + 1n, p.bob.address, [[bobId, p.bob.address]]);
      await expect(p.distributor.connect(p.bob).claim([bobId])).to.changeTokenBalance(ethers, p.wbtc, p.bob, bobPaid);
      expect(BTC + 50_000_000n - alicePaid - bobPaid).to.be.within(0n, 2n);
    });

    it("never sweeps below liabilities: NoExcess without a donation, unclaimed balances untouched", async function () {
      // Attack: the admin sweeps the payout token beyond the excess, taking holders' unclaimed rewards.
      const p = await loadFixture(rigFixture);
      const m = new StreamModel(DAY);
      await expect(p.distributor.sweepExcess(p.wbtc, p.admin.address))
        .to.be.revertedWithCustomError(p.distributor, "DistributorNoExcess")
        .withArgs(await p.wbtc.getAddress());
      const aliceId = await mintAt(p, p.alice, p.rigId, 600n, m);
      const bobId = await mintAt(p, p.bob, p.rigId, 400n, m);
      const t0 = await push(p, p.rigId, BTC, m);
      await expect(p.distributor.sweepExcess(p.wbtc, p.admin.address)).to.be.revertedWithCustomError(
        p.distributor,
        "DistributorNoExcess",
      );

      // Alice claims; Bob's rewards are settled into his balance by a transfer and left unclaimed.
      await at(t0 + DAY + 10n);
      const alicePaid = m.claim(t0 + DAY + 10n, p.alice.address, [[aliceId, p.alice.address]]);
      await mined(p.distributor.connect(p.alice).claim([aliceId]));
      await at(t0 + DAY + 11n);
      const bobBalance = m.transfer(t0 + DAY + 11n, bobId, p.bob.address);
      await mined(p.shares.connect(p.bob).transferFrom(p.bob.address, p.carol.address, bobId));
      expect(await p.distributor.claimableBalance(p.bob.address, p.wbtc)).to.equal(bobBalance);
      expect(await p.distributor.liabilities(p.wbtc)).to.equal(BTC - alicePaid);
      await expect(p.distributor.sweepExcess(p.wbtc, p.admin.address)).to.be.revertedWithCustomError(
        p.distributor,
        "DistributorNoExcess",
      );

      // A 1-wei donation: exactly 1 wei can be swept, then nothing.
      await mined(p.wbtc.connect(p.operator).transfer(p.distributorAddress, 1n));
      await expect(p.distributor.sweepExcess(p.wbtc, p.admin.address)).to.changeTokenBalance(
        ethers,
        p.wbtc,
        p.admin,
        1n,
      );
      await expect(p.distributor.sweepExcess(p.wbtc, p.admin.address)).to.be.revertedWithCustomError(
        p.distributor,
        "DistributorNoExcess",
      );
      expect(await p.wbtc.balanceOf(p.distributorAddress)).to.equal(BTC - alicePaid);

      // Bob and Carol still claim in full; what is left is the rounding dust, still owed, not sweepable.
      await expect(p.distributor.connect(p.bob).claimBalance(p.wbtc)).to.changeTokenBalance(
        ethers,
        p.wbtc,
        p.bob,
        bobBalance,
      );
      await expect(p.distributor.connect(p.carol).claim([bobId])).to.changeTokenBalance(ethers, p.wbtc, p.carol, 0n);
      const dust = BTC - alicePaid - bobBalance;
      expect(dust).to.be.within(0n, 2n);
      expect(await p.distributor.liabilities(p.wbtc)).to.equal(dust);
      expect(await p.wbtc.balanceOf(p.distributorAddress)).to.equal(dust);
      await expect(p.distributor.sweepExcess(p.wbtc, p.admin.address)).to.be.revertedWithCustomError(
        p.distributor,
        "DistributorNoExcess",
      );
      await expect(p.distributor.connect(p.stranger).sweepExcess(p.wbtc, p.stranger.address))
        .to.be.revertedWithCustomError(p.distributor, "AccessControlUnauthorizedAccount")
        .withArgs(p.stranger.address, ethers.ZeroHash);
    });
  });

  describe("bad pushes", function () {
    it("reverts a push without allowance or without balance and changes nothing", async function () {
      // Attack: an operator pushes an epoch it cannot pay for, hoping the stream starts unfunded.
      const p = await loadFixture(rigFixture);
      await p.shares.grantRole(await p.shares.OPERATOR_ROLE(), p.dave.address);
      const rigId = await registerRig(p, sha256RigParams(await p.usdc.getAddress(), await p.wbtc.getAddress()), p.dave);
      await mintAt(p, p.alice, rigId, 10n, new StreamModel(DAY));
      await p.wbtc.mint(p.dave.address, BTC / 2n);
      const { epoch, end } = await nextEpoch(p, rigId);
      await reach(end);
      const before = await rigState(p, rigId, p.wbtc);

      await expect(p.distributor.connect(p.dave).pushEpoch(rigId, epoch, BTC / 2n))
        .to.be.revertedWithCustomError(p.wbtc, "ERC20InsufficientAllowance")
        .withArgs(p.distributorAddress, 0n, BTC / 2n);
      expect(await rigState(p, rigId, p.wbtc)).to.deep.equal(before);

      await p.wbtc.connect(p.dave).approve(p.distributorAddress, ethers.MaxUint256);
      await expect(p.distributor.connect(p.dave).pushEpoch(rigId, epoch, BTC))
        .to.be.revertedWithCustomError(p.wbtc, "ERC20InsufficientBalance")
        .withArgs(p.dave.address, BTC / 2n, BTC);
      expect(await rigState(p, rigId, p.wbtc)).to.deep.equal(before);
      expect(await p.wbtc.balanceOf(p.dave.address)).to.equal(BTC / 2n);
    });

    it("rejects a push twice for one epoch, a skipped epoch, an unended epoch and an amount over the cap", async function () {
      // Attack: the operator pushes out of order or above the per-epoch cap.
      const p = await loadFixture(rigFixture);
      const m = new StreamModel(DAY);
      await mintAt(p, p.alice, p.rigId, 1_000n, m);
      const { epoch: e0 } = await nextEpoch(p, p.rigId);
      await push(p, p.rigId, BTC, m);
      await reach((e0 + 3n) * DAY + 1n); // epochs e0+1 and e0+2 have ended
      const before = await rigState(p, p.rigId, p.wbtc);
      const op = p.distributor.connect(p.operator);

      await expect(op.pushEpoch(p.rigId, e0, BTC))
        .to.be.revertedWithCustomError(p.distributor, "DistributorEpochOutOfOrder")
        .withArgs(p.rigId, e0 + 1n, e0);
      await expect(op.pushEpoch(p.rigId, e0 + 2n, BTC))
        .to.be.revertedWithCustomError(p.distributor, "DistributorEpochOutOfOrder")
        .withArgs(p.rigId, e0 + 1n, e0 + 2n);
      await expect(op.pushEpoch(p.rigId, e0 + 1n, BTC + 1n))
        .to.be.revertedWithCustomError(p.distributor, "DistributorInvalidAmount")
        .withArgs(BTC + 1n, BTC);
      await expect(p.distributor.connect(p.stranger).pushEpoch(p.rigId, e0 + 1n, BTC))
        .to.be.revertedWithCustomError(p.distributor, "DistributorNotRigOperator")
        .withArgs(p.rigId, p.stranger.address);
      expect(await rigState(p, p.rigId, p.wbtc)).to.deep.equal(before);

      // An epoch that earned nothing (amount 0) only advances the epoch: nothing is pulled or owed.
      await expect(op.pushEpoch(p.rigId, e0 + 1n, 0n)).to.changeTokenBalance(ethers, p.wbtc, p.operator, 0n);
      expect((await p.distributor.rigStream(p.rigId)).funded).to.equal(BTC);
      expect(await p.distributor.liabilities(p.wbtc)).to.equal(BTC);
      // e0+2 in order, then e0+3 has not ended and e0+2 cannot come twice.
      await mined(op.pushEpoch(p.rigId, e0 + 2n, BTC));
      await expect(op.pushEpoch(p.rigId, e0 + 3n, BTC))
        .to.be.revertedWithCustomError(p.distributor, "DistributorEpochNotEnded")
        .withArgs(p.rigId, e0 + 3n, (e0 + 4n) * DAY);
      await expect(op.pushEpoch(p.rigId, e0 + 2n, BTC))
        .to.be.revertedWithCustomError(p.distributor, "DistributorEpochOutOfOrder")
        .withArgs(p.rigId, e0 + 3n, e0 + 2n);
      expect(await p.distributor.liabilities(p.wbtc)).to.equal(2n * BTC);
      expect(await p.wbtc.balanceOf(p.distributorAddress)).to.equal(2n * BTC);
    });

    it("loses nothing pushed while no shares are out: all is paid later except ≤ 2 wei of dust", async function () {
      // Attack (on holders): fund epochs while no shares exist, hoping the stream evaporates.
      const p = await loadFixture(rigFixture);
      const m = new StreamModel(DAY);
      const t0 = await push(p, p.rigId, BTC, m);
      // Half of the first epoch streams to nobody: it waits in the unallocated bucket.
      const aliceId = await mintAt(p, p.alice, p.rigId, 300n, m, t0 + DAY / 2n);
      const stream = await p.distributor.rigStream(p.rigId);
      expect(stream.unallocatedX18).to.equal(m.unallocated);
      expect(m.unallocated).to.equal(((BTC * SCALE) % DAY) + ((BTC * SCALE) / DAY) * (DAY / 2n));
      expect(stream.rewardPerShareX18).to.equal(0n);
      const bobId = await mintAt(p, p.bob, p.rigId, 200n, m, t0 + DAY / 2n + 100n);
      // The next (late) push re-streams the unallocated half with its own amount.
      const t1 = await push(p, p.rigId, 33_333_333n, m, t0 + DAY + 3_600n);
      expect((await p.distributor.rigStream(p.rigId)).unallocatedX18).to.equal(m.unallocated);
      expect(m.unallocated).to.be.lessThan(DAY);

      await at(t1 + DAY);
      const alicePaid = m.claim(t1 + DAY, p.alice.address, [[aliceId, p.alice.address]]);
      await expect(p.distributor.connect(p.alice).claim([aliceId])).to.changeTokenBalance(
        ethers,
        p.wbtc,
        p.alice,
        alicePaid,
      );
      await at(t1 + DAY + 1n);
      const bobPaid = m.claim(t1 + DAY + 1n, p.bob.address, [[bobId, p.bob.address]]);
      await expect(p.distributor.connect(p.bob).claim([bobId])).to.changeTokenBalance(ethers, p.wbtc, p.bob, bobPaid);

      // Bound: one base unit per position settlement (2) — the unstreamed rest (< DAY scaled) and the carry
      // (< 500 scaled) are far below one base unit.
      const funded = BTC + 33_333_333n;
      const dust = funded - alicePaid - bobPaid;
      expect(dust).to.be.within(0n, 2n);
      expect(await p.distributor.undistributed(p.rigId)).to.equal(0n);
      expect(await p.distributor.liabilities(p.wbtc)).to.equal(dust);
      expect(await p.wbtc.balanceOf(p.distributorAddress)).to.equal(dust);
    });
  });

  describe("payout token decimals and share counts at 1 and at the 1e18 cap", function () {
    for (const decimals of [6n, 8n, 18n]) {
      it(`pays every holder exactly to the wei with a ${decimals}-decimal payout token`, async function () {
        // Attack (on precision): low-decimal tokens truncated per second would lose most of a payout.
        const p = await loadFixture(rigFixture);
        const unit = 10n ** decimals;
        const token = (await ethers.deployContract("TestERC20", ["Payout", "PAY", decimals])) as unknown as TestERC20;
        const tokenAddress = await token.getAddress();
        const rigId = await registerRig(
          p,
          sha256RigParams(await p.usdc.getAddress(), tokenAddress, { maxEpochPayout: 1_000n * unit }),
        );
        await token.mint(p.operator.address, 10_000n * unit);
        await token.connect(p.operator).approve(p.distributorAddress, ethers.MaxUint256);
        const m = new StreamModel(DAY);
        const aliceId = await mintAt(p, p.alice, rigId, 333n, m);
        const bobId = await mintAt(p, p.bob, rigId, 667n, m);

        const a0 = (1_234_567n * unit) / 1_000_000n + 7n; // 1.234567… units, not a multiple of anything
        const a1 = (7n * unit) / 3n;
        const t0 = await push(p, rigId, a0, m);
        await at(t0 + DAY / 3n);
        const aliceCredit = m.transfer(t0 + DAY / 3n, aliceId, p.alice.address);
        await mined(p.shares.connect(p.alice).transferFrom(p.alice.address, p.carol.address, aliceId));
        expect(await p.distributor.claimableBalance(p.alice.address, tokenAddress)).to.equal(aliceCredit);
        const t1 = await push(p, rigId, a1, m, t0 + DAY);
        await at(t1 + DAY / 2n);
        const splitId = rigId * STRIDE + 3n;
        m.split(t1 + DAY / 2n, bobId, splitId, 67n, p.bob.address);
        await mined(p.shares.connect(p.bob).split(bobId, 67n));
        await time.increaseTo(t1 + DAY + 500n);
        for (const id of [aliceId, bobId, splitId]) {
          expect(await p.distributor.pendingReward(id)).to.equal(m.pending(t1 + DAY + 500n, id));
        }

        await expect(p.distributor.connect(p.alice).claimBalance(tokenAddress)).to.changeTokenBalance(
          ethers,
          token,
          p.alice,
          m.claimBalance(p.alice.address),
        );
        await at(t1 + DAY + 600n);
        const carolPaid = m.claim(t1 + DAY + 600n, p.carol.address, [[aliceId, p.carol.address]]);
        await expect(p.distributor.connect(p.carol).claim([aliceId])).to.changeTokenBalance(
          ethers,
          token,
          p.carol,
          carolPaid,
        );
        await at(t1 + DAY + 601n);
        const bobPaid = m.claim(t1 + DAY + 601n, p.bob.address, [
          [bobId, p.bob.address],
          [splitId, p.bob.address],
        ]);
        await expect(p.distributor.connect(p.bob).claim([bobId, splitId])).to.changeTokenBalance(
          ethers,
          token,
          p.bob,
          bobPaid,
        );

        // Conservation: funded = paid + dust, dust ≤ one base unit per settlement (5 here) and still owed.
        const dust = a0 + a1 - m.paidOut;
        expect(dust).to.be.within(0n, 5n);
        expect(await token.balanceOf(p.distributorAddress)).to.equal(dust);
        expect(await p.distributor.liabilities(tokenAddress)).to.equal(dust);
        expect(await p.distributor.undistributed(rigId)).to.equal(0n);
      });
    }

    it("streams correctly to a rig of exactly 1 share", async function () {
      // Attack (on precision): the smallest possible share count.
      const p = await loadFixture(rigFixture);
      const rigId = await registerRig(
        p,
        sha256RigParams(await p.usdc.getAddress(), await p.wbtc.getAddress(), { totalShares: 1n, pricePerShare: 1n }),
      );
      const m = new StreamModel(DAY);
      const id = await mintAt(p, p.alice, rigId, 1n, m);
      await expect(p.shares.connect(p.bob).mint(rigId, 1n))
        .to.be.revertedWithCustomError(p.shares, "RigSharesSoldOut")
        .withArgs(rigId, 0n, 1n);
      const t0 = await push(p, rigId, BTC, m);
      await time.increaseTo(t0 + 1n);
      expect(await p.distributor.pendingReward(id)).to.equal(1_157n); // 1 BTC / 86,400 s, rounded down
      const t1 = await push(p, rigId, 99_999_999n, m, t0 + DAY);
      await at(t1 + DAY);
      const paid = m.claim(t1 + DAY, p.alice.address, [[id, p.alice.address]]);
      await expect(p.distributor.connect(p.alice).claim([id])).to.changeTokenBalance(ethers, p.wbtc, p.alice, paid);
      // One holder, one settlement: at most 1 base unit of dust (the unstreamed rest is < 86,400 scaled units).
      expect(BTC + 99_999_999n - paid).to.be.within(0n, 1n);
    });

    it("streams correctly to a rig of 1e18 shares, the most RigShares accepts, losing at most 2 base units", async function () {
      // Attack (on precision): the largest share count (RigShares.MAX_TOTAL_SHARES = 1e18; larger counts are
      // rejected at registration: see below).
      const p = await loadFixture(rigFixture);
      expect(await p.shares.MAX_TOTAL_SHARES()).to.equal(MAX_TOTAL_SHARES);
      const token = (await ethers.deployContract("TestERC20", ["Payout", "PAY", 18])) as unknown as TestERC20;
      const tokenAddress = await token.getAddress();
      const rigId = await registerRig(
        p,
        sha256RigParams(await p.usdc.getAddress(), tokenAddress, {
          totalShares: MAX_TOTAL_SHARES,
          pricePerShare: 0n,
          maxEpochPayout: 10n ** 24n,
        }),
      );
      await token.mint(p.operator.address, 10n ** 25n);
      await token.connect(p.operator).approve(p.distributorAddress, ethers.MaxUint256);
      const m = new StreamModel(DAY);
      const id = await mintAt(p, p.alice, rigId, MAX_TOTAL_SHARES, m);
      expect(await p.distributor.sharesOf(id)).to.equal(MAX_TOTAL_SHARES);
      expect(await p.shares.sharesAvailable(rigId)).to.equal(0n);
      const amount = 1_000n * 10n ** 18n + 123_456_789n;
      const t0 = await push(p, rigId, amount, m);
      await time.increaseTo(t0 + DAY / 4n);
      // rate ⌊amount·1e18 / 86,400⌋, a quarter of the day released, one holder of every share.
      expect(await p.distributor.pendingReward(id)).to.equal(m.pending(t0 + DAY / 4n, id));
      expect(await p.distributor.pendingReward(id)).to.equal(250_000_000_000_030_864_197n);
      await at(t0 + DAY);
      const paid = m.claim(t0 + DAY, p.alice.address, [[id, p.alice.address]]);
      await expect(p.distributor.connect(p.alice).claim([id])).to.changeTokenBalance(ethers, token, p.alice, paid);
      // Bound: the rate's rounding (< 86,400 scaled units) + the carry (< totalShares ≤ 1e18 scaled units,
      // i.e. below one base unit: that is why shares are capped at 1e18) + the settlement's rounding (< 1 base
      // unit) is < 2 base units + 86,400 scaled units, so at most 2 base units stay behind. Here exactly 1.
      const dust = amount - paid;
      expect(dust).to.be.within(0n, 2n);
      expect(dust).to.equal(1n);
      expect((await p.distributor.rigStream(rigId)).carryX18).to.be.lessThan(SCALE);
      expect(await p.distributor.undistributed(rigId)).to.equal(m.undistributed(t0 + DAY));
      expect(await token.balanceOf(p.distributorAddress)).to.equal(dust);
    });

    it("keeps a 1-sat push to a 1e18-share rig in the carry (< 1 base unit) and passes it on with the next push", async function () {
      // Attack (on precision): with an 8-decimal token, 1 sat spread over 1e18 shares is < 1e-18 sat per share
      // per second, so nothing reaches the accumulator; at the cap the carry holding it is worth < 1 sat.
      const p = await loadFixture(rigFixture);
      const rigId = await registerRig(
        p,
        sha256RigParams(await p.usdc.getAddress(), await p.wbtc.getAddress(), {
          totalShares: MAX_TOTAL_SHARES,
          pricePerShare: 0n,
          maxEpochPayout: 1_000n * BTC,
        }),
      );
      const m = new StreamModel(DAY);
      const id = await mintAt(p, p.alice, rigId, MAX_TOTAL_SHARES, m);
      const t0 = await push(p, rigId, 1n, m);
      await time.increaseTo(t0 + DAY);
      // 1 sat streams at ⌊1e18 / 86,400⌋ per second: 999,999,999,999,993,600 scaled units released over the day,
      // all carry (no increment), and the 6,400 left over wait as unallocated. Nothing is lost: still owed.
      expect(await p.distributor.rewardPerShareX18(rigId)).to.equal(0n);
      expect(await p.distributor.pendingReward(id)).to.equal(0n);
      expect(await p.distributor.undistributed(rigId)).to.equal(1n);
      const t1 = await push(p, rigId, 1_000n * BTC, m);
      expect((await p.distributor.rigStream(rigId)).carryX18).to.equal(999_999_999_999_993_600n);
      await at(t1 + DAY);
      const paid = m.claim(t1 + DAY, p.alice.address, [[id, p.alice.address]]);
      await expect(p.distributor.connect(p.alice).claim([id])).to.changeTokenBalance(ethers, p.wbtc, p.alice, paid);
      // The carried 0.99… sat tops up the second stream's rounding loss: the holder receives exactly 1,000 BTC
      // (without the carry it would be 1 sat less) and 1 sat of the 1,000 BTC + 1 sat pushed stays behind.
      expect(paid).to.equal(1_000n * BTC);
      const held = 1_000n * BTC + 1n - paid;
      expect(held).to.equal(1n);
      expect((await p.distributor.rigStream(rigId)).carryX18).to.be.lessThan(SCALE);
      expect(await p.distributor.undistributed(rigId)).to.equal(m.undistributed(t1 + DAY));
      expect(await p.distributor.liabilities(p.wbtc)).to.equal(held);
    });

    it('rejects rigs of 1e18 + 1 and 2^96 − 1 shares with RigSharesInvalidParams("totalShares")', async function () {
      // Attack (on precision): register a rig with more shares than the cap. The distributor's reward per
      // share has a resolution of 1e-18 base units, so up to totalShares × 1e-18 base units wait in its
      // carry between updates, and a transfer can move the carry from the seller to the buyer: ≈ 7.9e10
      // base units (≈ 792 WBTC) at 2^96 − 1 shares, the largest position the distributor stores. At ≤ 1e18
      // shares the carry is below one base unit, so RigShares refuses anything above.
      const p = await loadFixture(rigFixture);
      const before = await p.shares.rigCount();
      for (const totalShares of [MAX_TOTAL_SHARES + 1n, UINT96_MAX]) {
        const params = sha256RigParams(await p.usdc.getAddress(), await p.wbtc.getAddress(), { totalShares });
        await expect(p.shares.connect(p.operator).registerRig(params))
          .to.be.revertedWithCustomError(p.shares, "RigSharesInvalidParams")
          .withArgs("totalShares");
      }
      expect(await p.shares.rigCount()).to.equal(before);
    });
    it("rejects a share count of 2^96 at the ABI level (totalShares is a uint96)", async function () {
      // Attack: register a rig with 2^96 shares, one more than a position can hold.
      const p = await loadFixture(rigFixture);
      const params = sha256RigParams(await p.usdc.getAddress(), await p.wbtc.getAddress(), { totalShares: 1n << 96n });
      // ethers refuses to encode it …
      let encodeError: unknown;
      try {
        p.shares.interface.encodeFunctionData("registerRig", [params]);
      } catch (error) {
        encodeError = error;
      }
      expect(String(encodeError)).to.match(/out-of-bounds|overflow/);
      // … and hand-encoded calldata (a uint256 word where the uint96 goes) fails the contract's ABI decoding.
      const tuple = "tuple(string,uint8,uint128,uint32,uint256,uint128,address,address,uint32,uint128,uint16)";
      const encodedArgs = ethers.AbiCoder.defaultAbiCoder().encode(
        [tuple],
        [
          [
            params.name,
            params.algorithm,
            params.hashrate,
            params.powerWatts,
            params.totalShares,
            params.pricePerShare,
            params.paymentToken,
            params.payoutToken,
            params.epochLength,
            params.maxEpochPayout,
            params.royaltyBps,
          ],
        ],
      );
      const data = p.shares.interface.getFunction("registerRig")!.selector + encodedArgs.slice(2);
      await expect(
        p.operator.sendTransaction({ to: p.sharesAddress, data, gasLimit: 1_000_000n }),
      ).to.be.revertedWithoutReason(ethers);
      expect(await p.shares.rigCount()).to.equal(1n);
    });
  });

  describe("split and merge between pushes", function () {
    it("keeps pre-split rewards with the owner, pays the halves pro rata, and merging back equals never splitting", async function () {
      // Attack: split and merge around pushes hoping to duplicate or shift rewards between halves.
      const p = await loadFixture(twinsFixture);
      await at(p.t0 + 1_000n);
      const receipt = await mined(p.shares.connect(p.alice).split(p.aliceId, 100n));
      const halfId = p.rigId * STRIDE + 4n;
      expect(distributorEvents(p, receipt, "PositionSettled")).to.deep.equal([[p.aliceId, p.alice.address, 400_000n]]);
      expect(await p.distributor.claimableBalance(p.alice.address, p.wbtc)).to.equal(400_000n);
      expect(await p.distributor.pendingReward(p.aliceId)).to.equal(0n);
      expect(await p.distributor.pendingReward(halfId)).to.equal(0n);

      await time.increaseTo(p.t0 + 3_000n);
      expect(await p.distributor.pendingReward(p.aliceId)).to.equal(300n * 2_000n);
      expect(await p.distributor.pendingReward(halfId)).to.equal(100n * 2_000n);

      await at(p.t0 + 5_000n);
      // Each half is settled on its own (one PositionSettled each), together exactly the unsplit position's.
      const mergeReceipt = await mined(p.shares.connect(p.alice).merge(p.aliceId, halfId));
      expect(distributorEvents(p, mergeReceipt, "PositionSettled")).to.deep.equal([
        [p.aliceId, p.alice.address, 300n * 4_000n],
        [halfId, p.alice.address, 100n * 4_000n],
      ]);
      expect(await p.distributor.sharesOf(p.aliceId)).to.equal(400n);
      expect(await p.distributor.sharesOf(halfId)).to.equal(0n);
      await expect(p.shares.ownerOf(halfId))
        .to.be.revertedWithCustomError(p.shares, "ERC721NonexistentToken")
        .withArgs(halfId);
      expect(await p.distributor.claimableBalance(p.alice.address, p.wbtc)).to.equal(2_000_000n);

      // Another (uneven) epoch later: Alice's balance + position equal her untouched twin's, to the wei.
      await push(p, p.rigId, 12_345_678n, p.model, p.t0 + DAY);
      await time.increaseTo(p.t0 + DAY + 7_777n);
      const twin = await p.distributor.pendingReward(p.twinId);
      expect(await p.distributor.claimable(p.alice.address, p.wbtc, [p.aliceId])).to.equal(twin);
      expect(twin).to.equal(p.model.pending(p.t0 + DAY + 7_777n, p.twinId));
    });
  });

  describe("claims of unknown ids and by approved accounts", function () {
    it("rejects claims of unminted and burned ids with DistributorUnknownPosition; a burn credits its owner first", async function () {
      // Attack: claim ids that never existed or were burned, hoping to read a stale or empty position.
      const p = await loadFixture(rigFixture);
      const m = new StreamModel(DAY);
      const aliceId = await mintAt(p, p.alice, p.rigId, 600n, m);
      const bobId = await mintAt(p, p.bob, p.rigId, 400n, m);
      const t0 = await push(p, p.rigId, BTC, m);
      for (const id of [0n, p.rigId * STRIDE + 99n, 2n * STRIDE + 1n]) {
        await expect(p.distributor.connect(p.stranger).claim([id]))
          .to.be.revertedWithCustomError(p.distributor, "DistributorUnknownPosition")
          .withArgs(id);
      }

      await at(t0 + 5_000n);
      const credited = m.burn(t0 + 5_000n, aliceId, p.alice.address);
      await expect(p.shares.connect(p.alice).burn(aliceId))
        .to.emit(p.distributor, "PositionSettled")
        .withArgs(aliceId, p.alice.address, credited);
      expect(await p.distributor.claimableBalance(p.alice.address, p.wbtc)).to.equal(credited);
      const burned = await p.distributor.position(aliceId);
      expect([burned.shares, burned.version, burned.rented, burned.paidX18]).to.deep.equal([0n, 0n, false, 0n]);
      expect((await p.distributor.rigStream(p.rigId)).totalShares).to.equal(400n);
      expect(await p.shares.sharesAvailable(p.rigId)).to.equal(600n);

      for (const ids of [[aliceId], [bobId, aliceId]]) {
        await expect(p.distributor.connect(p.alice).claim(ids))
          .to.be.revertedWithCustomError(p.distributor, "DistributorUnknownPosition")
          .withArgs(aliceId);
      }
      await expect(p.distributor.connect(p.alice).claimBalance(p.wbtc)).to.changeTokenBalance(
        ethers,
        p.wbtc,
        p.alice,
        credited,
      );

      // Bob now earns the whole stream.
      await time.increaseTo(t0 + 9_000n);
      expect(await p.distributor.pendingReward(bobId)).to.equal(m.pending(t0 + 9_000n, bobId));
    });

    it("credits the owner, never the caller, when an approved or approved-for-all account claims", async function () {
      // Attack: an account approved for someone's position claims it to collect the rewards itself.
      const p = await loadFixture(rigFixture);
      const m = new StreamModel(DAY);
      const aliceId = await mintAt(p, p.alice, p.rigId, 600n, m);
      const carolId = await mintAt(p, p.carol, p.rigId, 400n, m);
      await p.shares.connect(p.alice).approve(p.bob.address, aliceId);
      await p.shares.connect(p.alice).setApprovalForAll(p.carol.address, true);
      const t0 = await push(p, p.rigId, CLEAN, m); // 1 sat per share per second

      expect(await p.distributor.connect(p.bob).claim.staticCall([aliceId])).to.equal(0n);
      await at(t0 + 1_000n);
      await expect(p.distributor.connect(p.bob).claim([aliceId]))
        .to.emit(p.distributor, "PositionSettled")
        .withArgs(aliceId, p.alice.address, 600_000n);
      expect(await p.wbtc.balanceOf(p.bob.address)).to.equal(0n);
      expect(await p.distributor.claimableBalance(p.bob.address, p.wbtc)).to.equal(0n);

      // Carol (approved for all) claims Alice's and her own: she is paid only for her own.
      await at(t0 + 2_000n);
      await expect(p.distributor.connect(p.carol).claim([aliceId, carolId])).to.changeTokenBalance(
        ethers,
        p.wbtc,
        p.carol,
        400n * 2_000n,
      );
      expect(await p.distributor.claimableBalance(p.carol.address, p.wbtc)).to.equal(0n);
      expect(await p.distributor.claimableBalance(p.alice.address, p.wbtc)).to.equal(600n * 2_000n);

      await at(t0 + 3_000n);
      await expect(p.distributor.connect(p.alice).claim([aliceId])).to.changeTokenBalance(
        ethers,
        p.wbtc,
        p.alice,
        600n * 3_000n,
      );
      expect(await p.wbtc.balanceOf(p.bob.address)).to.equal(0n);
    });
  });

  describe("compromised admin", function () {
    it("cannot reduce any holder's claimable amount with every admin function of both contracts", async function () {
      // Attack: the admin key is stolen; the thief calls every admin function, then holders claim.
      const p = await loadFixture(rigFixture);
      const m = new StreamModel(DAY);
      const aliceId = await mintAt(p, p.alice, p.rigId, 600n, m);
      const bobId = await mintAt(p, p.bob, p.rigId, 400n, m);
      const t0 = await push(p, p.rigId, BTC, m);
      await at(t0 + DAY / 2n);
      m.transfer(t0 + DAY / 2n, bobId, p.bob.address);
      await mined(p.shares.connect(p.bob).transferFrom(p.bob.address, p.carol.address, bobId));
      const t1 = await push(p, p.rigId, 50_000_000n, m, t0 + DAY);

      const thief = p.admin;
      const sharesAdmin = p.shares.connect(thief);
      const distAdmin = p.distributor.connect(thief);
      const OPERATOR_ROLE = await p.shares.OPERATOR_ROLE();
      const PAUSER_ROLE = await p.shares.PAUSER_ROLE();
      // RigShares: fees, renderer (even a bogus one), roles, pause, the one-time distributor wiring.
      await sharesAdmin.setProtocolFee(1_000, thief.address);
      await sharesAdmin.setRenderer(await p.usdc.getAddress());
      await sharesAdmin.grantRole(OPERATOR_ROLE, thief.address);
      await sharesAdmin.revokeRole(OPERATOR_ROLE, p.operator.address);
      await sharesAdmin.grantRole(PAUSER_ROLE, p.stranger.address);
      await sharesAdmin.pause();
      await expect(sharesAdmin.setDistributor(p.distributorAddress)).to.be.revertedWithCustomError(
        p.shares,
        "RigSharesDistributorAlreadySet",
      );
      await sharesAdmin.changeDefaultAdminDelay(0);
      await sharesAdmin.rollbackDefaultAdminDelay();
      // RewardDistributor: roles, pause, sweep (nothing above liabilities), the share-token hooks.
      await distAdmin.grantRole(PAUSER_ROLE, p.stranger.address);
      await distAdmin.pause();
      await expect(distAdmin.sweepExcess(p.wbtc, thief.address)).to.be.revertedWithCustomError(
        p.distributor,
        "DistributorNoExcess",
      );
      await expect(distAdmin.onPositionBurned(aliceId, thief.address))
        .to.be.revertedWithCustomError(p.distributor, "DistributorOnlyShareToken")
        .withArgs(thief.address);
      await expect(distAdmin.onPositionTransferred(aliceId, thief.address)).to.be.revertedWithCustomError(
        p.distributor,
        "DistributorOnlyShareToken",
      );
      await expect(
        distAdmin.onRigRegistered(p.rigId, await p.usdc.getAddress(), 3_600, BTC),
      ).to.be.revertedWithCustomError(p.distributor, "DistributorOnlyShareToken");
      // Both admin seats handed to an accomplice, who tries again.
      for (const c of [sharesAdmin, distAdmin]) await c.beginDefaultAdminTransfer(p.dave.address);
      await time.increase(1);
      for (const c of [p.shares, p.distributor]) await c.connect(p.dave).acceptDefaultAdminTransfer();
      await expect(p.distributor.connect(p.dave).sweepExcess(p.wbtc, p.dave.address)).to.be.revertedWithCustomError(
        p.distributor,
        "DistributorNoExcess",
      );
      // Transfers are paused, so nobody can move a position (and its entitlement) either.
      await expect(
        p.shares.connect(p.alice).transferFrom(p.alice.address, p.dave.address, aliceId),
      ).to.be.revertedWithCustomError(p.shares, "EnforcedPause");

      // Every holder claims in full, under both pauses, exactly what the model owes.
      const tEnd = t1 + DAY + 10n;
      await at(tEnd);
      const alicePaid = m.claim(tEnd, p.alice.address, [[aliceId, p.alice.address]]);
      await expect(p.distributor.connect(p.alice).claim([aliceId])).to.changeTokenBalance(
        ethers,
        p.wbtc,
        p.alice,
        alicePaid,
      );
      const bobPaid = m.claimBalance(p.bob.address);
      await expect(p.distributor.connect(p.bob).claimBalance(p.wbtc)).to.changeTokenBalance(
        ethers,
        p.wbtc,
        p.bob,
        bobPaid,
      );
      await at(tEnd + 2n);
      const carolPaid = m.claim(tEnd + 2n, p.carol.address, [[bobId, p.carol.address]]);
      await expect(p.distributor.connect(p.carol).claim([bobId])).to.changeTokenBalance(
        ethers,
        p.wbtc,
        p.carol,
        carolPaid,
      );
      expect(alicePaid + bobPaid + carolPaid).to.equal(m.paidOut);
      expect(BTC + 50_000_000n - m.paidOut).to.be.within(0n, 3n);
      expect(await p.wbtc.balanceOf(thief.address)).to.equal(0n);
      expect(await p.wbtc.balanceOf(p.dave.address)).to.equal(0n);
    });
  });
});
