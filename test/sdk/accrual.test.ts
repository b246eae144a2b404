// Live accrual computed client-side (sdk/accrual.ts) against the contract's views, to the wei: the state
// is read once with getAccrualState, then blocks are mined at many timestamps and every block's
// pendingReward / rewardPerShareX18 / undistributed must equal the pure functions at that timestamp —
// through a stream, past its end, with a leftover rolled into a second push, with no shares out
// (unallocated bucket), and with 1e18 shares, the cap (carry).
import { expect } from "chai";
import { network } from "hardhat";

import { rewardDistributorAbi } from "../../sdk/abis.js";
import {
  SCALE,
  distribute,
  earned,
  pendingRewardAt,
  previewStream,
  streamedX18,
  undistributedAt,
} from "../../sdk/accrual.js";
import { getAccrualState } from "../../sdk/actions/getAccrualState.js";
import { getPendingReward } from "../../sdk/actions/getPendingReward.js";
import { getRig } from "../../sdk/actions/getRig.js";
import { mint } from "../../sdk/actions/mint.js";
import { pushEpoch } from "../../sdk/actions/pushEpoch.js";
import { registerRig } from "../../sdk/actions/registerRig.js";
import { setSaleOpen } from "../../sdk/actions/setSaleOpen.js";
import type { RigStream } from "../../sdk/types.js";
import { type SdkProtocol, hourlyRigParams, sdkRigFixture, toEpochEnd } from "./fixture.js";

const connection = await network.create();
const { networkHelpers } = connection;

async function pushNext(p: SdkProtocol, rigId: bigint, amount: bigint, lateBy = 0n) {
  const rig = await getRig(p.publicClient, { contracts: p.contracts, rigId });
  await toEpochEnd(p, rig.nextEpoch, rig.epochLength);
  if (lateBy > 0n) await networkHelpers.time.increase(lateBy);
  return pushEpoch(p.operator, { contracts: p.contracts, rigId, amount });
}

/**
 * Mines one block at each timestamp and checks every position's pendingReward and the rig's
 * rewardPerShareX18 and undistributed views against the pure functions of the state read once before.
 * Returns how many values were compared.
 */
async function compareAt(p: SdkProtocol, rigId: bigint, positionIds: bigint[], timestamps: bigint[]): Promise<number> {
  const states = await Promise.all(
    positionIds.map((positionId) => getAccrualState(p.publicClient, { contracts: p.contracts, positionId })),
  );
  const stream: RigStream =
    states[0]?.stream ?? (await getRig(p.publicClient, { contracts: p.contracts, rigId })).stream;
  let compared = 0;
  const ordered = [...new Set(timestamps)].sort((x, y) => (x < y ? -1 : 1));
  for (const t of ordered) {
    await networkHelpers.time.increaseTo(t);
    const [acc, undistributed, ...pendings] = await Promise.all([
      p.publicClient.readContract({
        address: p.contracts.distributor,
        abi: rewardDistributorAbi,
        functionName: "rewardPerShareX18",
        args: [rigId],
      }),
      p.publicClient.readContract({
        address: p.contracts.distributor,
        abi: rewardDistributorAbi,
        functionName: "undistributed",
        args: [rigId],
      }),
      ...positionIds.map((positionId) => getPendingReward(p.publicClient, { contracts: p.contracts, positionId })),
    ]);
    expect(acc, `rewardPerShareX18 at ${t}`).to.equal(previewStream(stream, t).rewardPerShareX18);
    expect(undistributed, `undistributed at ${t}`).to.equal(undistributedAt(stream, t));
    positionIds.forEach((positionId, i) => {
      expect(pendings[i], `pendingReward(${positionId}) at ${t}`).to.equal(
        pendingRewardAt(states[i].position, stream, t),
      );
    });
    compared += 2 + positionIds.length;
  }
  return compared;
}

/** `count` timestamps from `start`, spaced by irregular steps so rates and carries change in every block. */
function timestamps(start: bigint, count: number, step: bigint): bigint[] {
  return Array.from({ length: count }, (_, i) => start + BigInt(i + 1) * step + BigInt((i * 7919) % 13));
}

describe("live accrual (sdk/accrual.ts) against the contract views", function () {
  this.timeout(120_000);

  it("mirrors RewardMath on hand-checked values", function () {
    expect(streamedX18(5n, 100n, 90n, 200n)).to.equal(0n);
    expect(streamedX18(5n, 100n, 150n, 120n)).to.equal(100n);
    expect(distribute(1_000n, 3n, 7n)).to.deep.equal({ incrementX18: 143n, carryX18: 2n });
    expect(earned(3n, 2n * SCALE + 5n, SCALE)).to.equal(3n);
  });

  it("equals pendingReward to the wei at 60 timestamps through and past one stream", async function () {
    const p = await networkHelpers.loadFixture(sdkRigFixture);
    const ids = [];
    for (const [holder, shares] of [
      [p.alice, 300n],
      [p.bob, 7n],
      [p.carol, 1n],
    ] as const) {
      ids.push((await mint(holder, { contracts: p.contracts, rigId: p.rigId, shares })).positionId);
    }
    const pushed = await pushNext(p, p.rigId, 12_345_678n);
    const start = BigInt(await networkHelpers.time.latest());
    const compared = await compareAt(p, p.rigId, ids, [
      ...timestamps(start, 55, 61n),
      pushed.periodEnd - 1n,
      pushed.periodEnd,
      pushed.periodEnd + 1n,
      pushed.periodEnd + 500n,
      pushed.periodEnd + 86_400n,
    ]);
    expect(compared).to.equal(60 * 5);
    // Fully streamed: the three positions hold everything but the rounding (< 1 wei each, plus the rate remainder).
    const total = (
      await Promise.all(
        ids.map((positionId) => getPendingReward(p.publicClient, { contracts: p.contracts, positionId })),
      )
    ).reduce((a, b) => a + b, 0n);
    expect(12_345_678n - total).to.be.within(0n, 3n);
  });

  it("equals pendingReward when a late push rolls the leftover of the running stream into the next", async function () {
    const p = await networkHelpers.loadFixture(sdkRigFixture);
    const a = (await mint(p.alice, { contracts: p.contracts, rigId: p.rigId, shares: 333n })).positionId;
    const b = (await mint(p.bob, { contracts: p.contracts, rigId: p.rigId, shares: 101n })).positionId;
    await pushNext(p, p.rigId, 99_999_999n, 1_800n); // pushed half an epoch late: 1,800 s left at the next push
    const second = await pushNext(p, p.rigId, 1n);
    const state = await getAccrualState(p.publicClient, { contracts: p.contracts, positionId: a });
    expect(state.stream.rateX18).to.be.greaterThan(0n);
    const start = BigInt(await networkHelpers.time.latest());
    await compareAt(p, p.rigId, [a, b], [...timestamps(start, 40, 83n), second.periodEnd, second.periodEnd + 7n]);
  });

  it("equals the views while no shares are out (unallocated bucket) and after the first mint", async function () {
    const p = await networkHelpers.loadFixture(sdkRigFixture);
    const { rigId } = await registerRig(p.operator, {
      contracts: p.contracts,
      params: hourlyRigParams(p, { name: "Idle rig" }),
    });
    await setSaleOpen(p.operator, { contracts: p.contracts, rigId, open: true });
    const pushed = await pushNext(p, rigId, 50_000_001n);
    const start = BigInt(await networkHelpers.time.latest());
    await compareAt(p, rigId, [], timestamps(start, 20, 53n));
    const late = (await mint(p.carol, { contracts: p.contracts, rigId, shares: 13n })).positionId;
    const now = BigInt(await networkHelpers.time.latest());
    await compareAt(p, rigId, [late], [...timestamps(now, 20, 89n), pushed.periodEnd + 1n]);
    // The rewards streamed before the mint wait in the unallocated bucket: the late holder earns none of them.
    const state = await getAccrualState(p.publicClient, { contracts: p.contracts, positionId: late });
    expect(state.stream.unallocatedX18).to.be.greaterThan(0n);
  });

  it("equals the views with 1e18 shares (the cap), where the carry decides every increment", async function () {
    const p = await networkHelpers.loadFixture(sdkRigFixture);
    const cap = 10n ** 18n; // RigShares.MAX_TOTAL_SHARES
    const { rigId } = await registerRig(p.operator, {
      contracts: p.contracts,
      params: hourlyRigParams(p, { name: "Huge rig", totalShares: cap, pricePerShare: 0n }),
    });
    await setSaleOpen(p.operator, { contracts: p.contracts, rigId, open: true });
    const big = (await mint(p.alice, { contracts: p.contracts, rigId, shares: cap - 3n })).positionId;
    const small = (await mint(p.bob, { contracts: p.contracts, rigId, shares: 3n })).positionId;
    await pushNext(p, rigId, 1n * 10n ** 8n);
    const start = BigInt(await networkHelpers.time.latest());
    await compareAt(p, rigId, [big, small], timestamps(start, 30, 113n));
  });

  it("stays exact between blocks: the client-side value at t equals the view in the block mined at t", async function () {
    const p = await networkHelpers.loadFixture(sdkRigFixture);
    const id = (await mint(p.alice, { contracts: p.contracts, rigId: p.rigId, shares: 10n })).positionId;
    await pushNext(p, p.rigId, 86_399n);
    const state = await getAccrualState(p.publicClient, { contracts: p.contracts, positionId: id });
    // One second later, 10 of 10 shares earn floor(rateX18 × 1 × 10 / 10 / 1e18) = floor(86,399e18 / 3,600 / 1e18) = 23.
    await networkHelpers.time.increaseTo(state.timestamp + 1n);
    expect(pendingRewardAt(state.position, state.stream, state.timestamp + 1n)).to.equal(23n);
    expect(await getPendingReward(p.publicClient, { contracts: p.contracts, positionId: id })).to.equal(23n);
  });
});
