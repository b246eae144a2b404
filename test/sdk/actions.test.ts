// SDK actions on the in-process chain, with exact amounts: reads (getRig, getRigs, getPosition,
// getClaimable, getLiabilities), holder writes (mint with approval handling, claim, claimBalance, split,
// merge, burn, transfer), operator writes (registerRig, setSaleOpen, retireRig, pushEpoch with payout
// approval, withdrawProceeds), the decorators, and the beforeSend hook that aborts with nothing sent.
import { expect } from "chai";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import { erc20Abi, getAddress, maxUint256 } from "viem";

import { burn } from "../../sdk/actions/burn.js";
import { claim } from "../../sdk/actions/claim.js";
import { claimBalance } from "../../sdk/actions/claimBalance.js";
import { getClaimable } from "../../sdk/actions/getClaimable.js";
import { getLiabilities } from "../../sdk/actions/getLiabilities.js";
import { getPosition } from "../../sdk/actions/getPosition.js";
import { getProceeds } from "../../sdk/actions/getProceeds.js";
import { getRig } from "../../sdk/actions/getRig.js";
import { getRigs } from "../../sdk/actions/getRigs.js";
import { getToken } from "../../sdk/actions/getToken.js";
import { merge } from "../../sdk/actions/merge.js";
import { mint } from "../../sdk/actions/mint.js";
import { pushEpoch } from "../../sdk/actions/pushEpoch.js";
import { registerRig } from "../../sdk/actions/registerRig.js";
import { retireRig } from "../../sdk/actions/retireRig.js";
import { split } from "../../sdk/actions/split.js";
import { transfer } from "../../sdk/actions/transfer.js";
import { withdrawProceeds } from "../../sdk/actions/withdrawProceeds.js";
import { rigsharePublicActions, rigshareWalletActions } from "../../sdk/decorator.js";
import { encodePositionId } from "../../sdk/positionId.js";
import { BTC, USDC, type SdkProtocol, approveMax, hourlyRigParams, sdkRigFixture, toEpochEnd } from "./fixture.js";

const connection = await network.create();
const { networkHelpers } = connection;
const { time } = networkHelpers;

const balanceOf = (p: SdkProtocol, token: `0x${string}`, who: `0x${string}`) =>
  p.publicClient.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [who] });

/** Pushes the rig's next epoch with `amount` at the exact timestamp it ends; returns that timestamp. */
async function pushAtEpochEnd(p: SdkProtocol, rigId: bigint, amount: bigint): Promise<bigint> {
  const rig = await getRig(p.publicClient, { contracts: p.contracts, rigId });
  await toEpochEnd(p, rig.nextEpoch, rig.epochLength);
  const at = BigInt(await time.latest()) + 1n;
  await time.setNextBlockTimestamp(at);
  await pushEpoch(p.operator, { contracts: p.contracts, rigId, amount });
  return at;
}

/** Runs `action`, expects it to throw, returns the error. */
async function caught(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (e) {
    return e;
  }
  throw new Error("expected the action to throw");
}

/** Rig 1 sold out: alice holds 600 shares, bob 400; the operator approved the distributor for WBTC. */
async function soldOutFixture(c: NetworkConnection) {
  const p = await sdkRigFixture(c);
  await approveMax(p, p.operator, p.wbtc.address, p.contracts.distributor);
  const alicePos = (await mint(p.alice, { contracts: p.contracts, rigId: p.rigId, shares: 600n })).positionId;
  const bobPos = (await mint(p.bob, { contracts: p.contracts, rigId: p.rigId, shares: 400n })).positionId;
  return { ...p, alicePos, bobPos };
}

describe("SDK actions", function () {
  this.timeout(60_000);

  describe("reads", function () {
    it("getRig returns the registration, sale state and stream of a rig", async function () {
      const p = await networkHelpers.loadFixture(sdkRigFixture);
      const rig = await getRig(p.publicClient, { contracts: p.contracts, rigId: p.rigId });
      expect(rig).to.deep.include({
        rigId: 1n,
        name: "Antminer S21 #1",
        operator: getAddress(p.operator.account.address),
        algorithm: "SHA256",
        status: "Active",
        saleOpen: true,
        hashrate: 200n * 10n ** 12n,
        powerWatts: 3_500n,
        totalShares: 1_000n,
        sharesSold: 0n,
        sharesAvailable: 1_000n,
        pricePerShare: 100n * USDC,
        paymentToken: getAddress(p.usdc.address),
        payoutToken: getAddress(p.wbtc.address),
        epochLength: 3_600n,
        maxEpochPayout: BTC,
        royaltyBps: 500n,
        lastSerial: 0n,
        funded: 0n,
      });
      expect(rig.nextEpoch).to.equal(BigInt(await time.latest()) / 3_600n);
      expect(await getRigs(p.publicClient, { contracts: p.contracts })).to.have.length(1);
      expect(await getToken(p.publicClient, { token: p.wbtc.address })).to.deep.include({
        symbol: "WBTC",
        decimals: 8,
      });
    });

    it("works through the decorators as client.getRig / client.mint", async function () {
      const p = await networkHelpers.loadFixture(sdkRigFixture);
      const reader = p.publicClient.extend(rigsharePublicActions(p.contracts));
      const alice = p.alice.extend(rigshareWalletActions(p.contracts));
      const { positionId } = await alice.mint({ rigId: 1n, shares: 3n });
      expect((await reader.getRig({ rigId: 1n })).sharesSold).to.equal(3n);
      expect((await reader.getPosition({ positionId })).shares).to.equal(3n);
    });
  });

  describe("holders", function () {
    it("mint approves the exact cost when short, pays it and books proceeds less the 2.5% fee", async function () {
      const p = await networkHelpers.loadFixture(sdkRigFixture);
      const before = await balanceOf(p, p.usdc.address, p.alice.account.address);
      const first = await mint(p.alice, { contracts: p.contracts, rigId: p.rigId, shares: 600n });
      expect(first.positionId).to.equal(encodePositionId(1n, 1n));
      expect(first.cost).to.equal(60_000n * USDC);
      expect(first.fee).to.equal(1_500n * USDC);
      expect(first.approvalHash).to.match(/^0x[0-9a-f]{64}$/);
      expect(await balanceOf(p, p.usdc.address, p.alice.account.address)).to.equal(before - 60_000n * USDC);
      // "exact" left no allowance, so the next mint approves again; "max" approves once for good.
      expect(
        (await mint(p.alice, { contracts: p.contracts, rigId: p.rigId, shares: 1n, approve: "max" })).approvalHash,
      ).to.not.equal(undefined);
      expect((await mint(p.alice, { contracts: p.contracts, rigId: p.rigId, shares: 1n })).approvalHash).to.equal(
        undefined,
      );
      const allowance = await p.publicClient.readContract({
        address: p.usdc.address,
        abi: erc20Abi,
        functionName: "allowance",
        args: [p.alice.account.address, p.contracts.rigShares],
      });
      expect(allowance).to.equal(maxUint256); // OpenZeppelin's ERC20 never spends an infinite allowance
      expect(
        await getProceeds(p.publicClient, {
          contracts: p.contracts,
          account: p.operator.account.address,
          token: p.usdc.address,
        }),
      ).to.equal((60_200n * USDC * 9_750n) / 10_000n);
      const position = await getPosition(p.publicClient, { contracts: p.contracts, positionId: first.positionId });
      expect(position).to.deep.include({
        rigId: 1n,
        serial: 1n,
        owner: getAddress(p.alice.account.address),
        shares: 600n,
        pendingReward: 0n,
        payoutToken: getAddress(p.wbtc.address),
      });
    });

    it("claim pays each holder its share of a fully streamed epoch to the wei", async function () {
      const p = await networkHelpers.loadFixture(soldOutFixture);
      // 0.36 WBTC over 3,600 s: rate 1e22 scaled units/s, 3.6e22 per share by the end: 600 shares earn 21,600,000.
      const pushedAt = await pushAtEpochEnd(p, p.rigId, 36_000_000n);
      await time.increaseTo(pushedAt + 3_600n);
      const claimable = await getClaimable(p.publicClient, {
        contracts: p.contracts,
        account: p.alice.account.address,
        token: p.wbtc.address,
        positionIds: [p.alicePos],
      });
      expect(claimable).to.deep.equal({ total: 21_600_000n, settled: 0n });
      const before = await balanceOf(p, p.wbtc.address, p.alice.account.address);
      const result = await claim(p.alice, { contracts: p.contracts, positionIds: [p.alicePos, p.bobPos] });
      expect(result.paid).to.equal(21_600_000n);
      expect(result.paidByToken).to.deep.equal([{ token: getAddress(p.wbtc.address), amount: 21_600_000n }]);
      expect(await balanceOf(p, p.wbtc.address, p.alice.account.address)).to.equal(before + 21_600_000n);
      // Bob's position was settled to bob, not paid to alice.
      expect(
        (
          await getClaimable(p.publicClient, {
            contracts: p.contracts,
            account: p.bob.account.address,
            token: p.wbtc.address,
          })
        ).settled,
      ).to.equal(14_400_000n);
      expect((await claimBalance(p.bob, { contracts: p.contracts, token: p.wbtc.address })).paid).to.equal(14_400_000n);
      expect(await getLiabilities(p.publicClient, { contracts: p.contracts, token: p.wbtc.address })).to.deep.equal({
        liabilities: 0n,
        balance: 0n,
        excess: 0n,
      });
    });

    it("transfer leaves what accrued with the seller and the rest to the buyer", async function () {
      const p = await networkHelpers.loadFixture(soldOutFixture);
      // 0.072 WBTC over 3,600 s: 7.2e21 per share by the end; 400 shares earn 1,440,000 per half hour.
      const pushedAt = await pushAtEpochEnd(p, p.rigId, 7_200_000n);
      await time.setNextBlockTimestamp(pushedAt + 1_800n);
      await transfer(p.bob, { contracts: p.contracts, positionId: p.bobPos, to: p.carol.account.address });
      await time.increaseTo(pushedAt + 3_600n);
      expect((await getPosition(p.publicClient, { contracts: p.contracts, positionId: p.bobPos })).owner).to.equal(
        getAddress(p.carol.account.address),
      );
      expect((await claimBalance(p.bob, { contracts: p.contracts, token: p.wbtc.address })).paid).to.equal(1_440_000n);
      expect((await claim(p.carol, { contracts: p.contracts, positionIds: [p.bobPos] })).paid).to.equal(1_440_000n);
      expect(await getLiabilities(p.publicClient, { contracts: p.contracts, token: p.wbtc.address })).to.deep.equal({
        liabilities: 4_320_000n,
        balance: 4_320_000n,
        excess: 0n,
      });
    });

    it("split, merge and burn keep the shares and settle rewards to the owner", async function () {
      const p = await networkHelpers.loadFixture(soldOutFixture);
      const pushedAt = await pushAtEpochEnd(p, p.rigId, 36_000_000n);
      await time.setNextBlockTimestamp(pushedAt + 1_000n);
      const { newPositionId } = await split(p.alice, { contracts: p.contracts, positionId: p.alicePos, shares: 250n });
      expect(newPositionId).to.equal(encodePositionId(1n, 3n));
      expect((await getPosition(p.publicClient, { contracts: p.contracts, positionId: p.alicePos })).shares).to.equal(
        350n,
      );
      // 1,000 s at 1e22/s over 1,000 shares: 1e22 per share, 600 shares settled 6,000,000 to alice.
      expect(
        (
          await getClaimable(p.publicClient, {
            contracts: p.contracts,
            account: p.alice.account.address,
            token: p.wbtc.address,
          })
        ).settled,
      ).to.equal(6_000_000n);
      await time.setNextBlockTimestamp(pushedAt + 2_000n);
      await merge(p.alice, { contracts: p.contracts, keptId: p.alicePos, burnedId: newPositionId });
      expect((await getPosition(p.publicClient, { contracts: p.contracts, positionId: p.alicePos })).shares).to.equal(
        600n,
      );
      await time.setNextBlockTimestamp(pushedAt + 3_000n);
      await burn(p.alice, { contracts: p.contracts, positionId: p.alicePos });
      // 3,000 s in all: 3e22 per share × 600 shares.
      expect((await claimBalance(p.alice, { contracts: p.contracts, token: p.wbtc.address })).paid).to.equal(
        18_000_000n,
      );
      expect((await getRig(p.publicClient, { contracts: p.contracts, rigId: p.rigId })).sharesAvailable).to.equal(600n);
    });

    it("beforeSend runs after the checks and before the first transaction; throwing sends nothing", async function () {
      const p = await networkHelpers.loadFixture(sdkRigFixture);
      const before = await p.publicClient.getBlockNumber({ cacheTime: 0 });
      const calls: string[] = [];
      const refuse = async () => {
        calls.push("beforeSend");
        throw new Error("declined");
      };
      expect(
        (
          (await caught(() =>
            mint(p.alice, { contracts: p.contracts, rigId: p.rigId, shares: 5n, beforeSend: refuse }),
          )) as Error
        ).message,
      ).to.equal("declined");
      expect(calls).to.deep.equal(["beforeSend"]);
      expect(await p.publicClient.getBlockNumber({ cacheTime: 0 })).to.equal(before);
      // With an approval and a mint to send, it is asked once; both transactions report their hashes.
      const hashes: string[] = [];
      await mint(p.alice, {
        contracts: p.contracts,
        rigId: p.rigId,
        shares: 5n,
        beforeSend: async () => void calls.push("again"),
        onHash: (_hash, label) => void hashes.push(label),
      });
      expect(calls).to.deep.equal(["beforeSend", "again"]);
      expect(hashes).to.deep.equal(["approve USDC", "mint"]);
    });
  });

  describe("operators", function () {
    it("pushEpoch approves exactly the payout when the allowance is short, or refuses with approve: false", async function () {
      const p = await networkHelpers.loadFixture(sdkRigFixture);
      const rig = await getRig(p.publicClient, { contracts: p.contracts, rigId: p.rigId });
      await toEpochEnd(p, rig.nextEpoch, rig.epochLength);
      const before = await p.publicClient.getBlockNumber({ cacheTime: 0 });
      const refused = await caught(() =>
        pushEpoch(p.operator, { contracts: p.contracts, rigId: p.rigId, amount: 1_234n, approve: false }),
      );
      expect((refused as Error).message).to.equal(
        `Insufficient allowance: ${p.contracts.distributor} may spend 0 WBTC of ${getAddress(p.operator.account.address)}'s tokens, needs 0.00001234 WBTC`,
      );
      expect(await p.publicClient.getBlockNumber({ cacheTime: 0 })).to.equal(before);
      const pushed = await pushEpoch(p.operator, { contracts: p.contracts, rigId: p.rigId, amount: 1_234n });
      expect(pushed.approvalHash).to.match(/^0x[0-9a-f]{64}$/);
      const allowance = await p.publicClient.readContract({
        address: p.wbtc.address,
        abi: erc20Abi,
        functionName: "allowance",
        args: [p.operator.account.address, p.contracts.distributor],
      });
      expect(allowance).to.equal(0n); // exactly 1,234 approved, exactly 1,234 pulled
      expect(await getLiabilities(p.publicClient, { contracts: p.contracts, token: p.wbtc.address })).to.deep.equal({
        liabilities: 1_234n,
        balance: 1_234n,
        excess: 0n,
      });
    });

    it("registerRig, pushEpoch, withdrawProceeds and retireRig", async function () {
      const p = await networkHelpers.loadFixture(soldOutFixture);
      const { rigId } = await registerRig(p.operator, {
        contracts: p.contracts,
        params: hourlyRigParams(p, { name: "Second", algorithm: "Scrypt" }),
      });
      expect(rigId).to.equal(2n);
      expect((await getRig(p.publicClient, { contracts: p.contracts, rigId })).saleOpen).to.equal(false);
      const rig = await getRig(p.publicClient, { contracts: p.contracts, rigId: p.rigId });
      await toEpochEnd(p, rig.nextEpoch, rig.epochLength);
      const pushed = await pushEpoch(p.operator, { contracts: p.contracts, rigId: p.rigId, amount: 36_000_000n });
      expect(pushed.epoch).to.equal(rig.nextEpoch);
      expect(pushed.rateX18).to.equal(10n ** 22n);
      expect(pushed.approvalHash).to.equal(undefined); // approved for good in the fixture
      expect((await getRig(p.publicClient, { contracts: p.contracts, rigId: p.rigId })).funded).to.equal(36_000_000n);
      const donation = 5n;
      await p.wbtc.write.mint([p.contracts.distributor, donation]);
      expect(await getLiabilities(p.publicClient, { contracts: p.contracts, token: p.wbtc.address })).to.deep.equal({
        liabilities: 36_000_000n,
        balance: 36_000_005n,
        excess: 5n,
      });

      const withdrawn = await withdrawProceeds(p.operator, { contracts: p.contracts, token: p.usdc.address });
      expect(withdrawn.amount).to.equal(97_500n * USDC);
      expect(await balanceOf(p, p.usdc.address, p.operator.account.address)).to.equal(97_500n * USDC);

      await retireRig(p.operator, { contracts: p.contracts, rigId: p.rigId });
      const retired = await getRig(p.publicClient, { contracts: p.contracts, rigId: p.rigId });
      expect([retired.status, retired.saleOpen]).to.deep.equal(["Retired", false]);
    });
  });
});
