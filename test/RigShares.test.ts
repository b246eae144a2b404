// Behaviour tests of RigShares: rig registration and sale life-cycle, minting with exact cost and
// protocol fee, split / merge / burn of positions, proceeds and fee withdrawals, admin settings,
// standards conformance (ERC-165, ERC-721 metadata, ERC-2981, ERC-4906), roles and pause.
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import type {
  FeeOnTransferERC20,
  RewardDistributor,
  RigShares,
  ShareRenderer,
  TestERC20,
} from "../typechain-types/index.js";
import {
  Algorithm,
  BTC,
  DAY,
  SCALE,
  STRIDE,
  USDC,
  type Protocol,
  type RigParamsInput,
  mintShares,
  now,
  protocolWithRigFixture,
  pushNextEpoch,
  registerRig,
  sha256RigParams,
} from "./helpers/fixtures.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { loadFixture, time } = networkHelpers;

const LTC = 10n ** 8n;
const ADMIN_ROLE = ethers.ZeroHash;
const PRICE = 100n * USDC; // default price per share
const FEE_BPS = 250n; // default protocol fee

// ───────────────────────────────────── fixtures ─────────────────────────────────────

/** The default rig (id 1) with alice holding position #1 (600 shares) and bob #2 (300 shares). */
async function positionsFixture(c: NetworkConnection) {
  const p = await protocolWithRigFixture(c);
  const alicePos = await mintShares(p, p.alice, p.rigId, 600n);
  const bobPos = await mintShares(p, p.bob, p.rigId, 300n);
  return { ...p, alicePos, bobPos };
}

/** `positionsFixture` plus a Scrypt rig (id 2) registered by dave paying an 8-decimal LTC-like token; alice holds 100 of its shares. */
async function twoRigsFixture(c: NetworkConnection) {
  const p = await positionsFixture(c);
  const ltc = (await c.ethers.deployContract("TestERC20", ["Litecoin", "LTC", 8])) as unknown as TestERC20;
  await p.shares.connect(p.admin).grantRole(await p.shares.OPERATOR_ROLE(), p.dave.address);
  const ltcRigId = await registerRig(p, scryptRigParams(p, await ltc.getAddress()), p.dave);
  const aliceLtcPos = await mintShares(p, p.alice, ltcRigId, 100n);
  return { ...p, ltc, ltcRigId, aliceLtcPos };
}

/** The default protocol plus a rig whose payment token burns 1% of every transfer. */
async function feeOnTransferPaymentFixture(c: NetworkConnection) {
  const p = await protocolWithRigFixture(c);
  const fot = (await c.ethers.deployContract("FeeOnTransferERC20", [100])) as unknown as FeeOnTransferERC20;
  const fotRigId = await registerRig(
    p,
    sha256RigParams(await fot.getAddress(), await p.wbtc.getAddress(), { pricePerShare: 10n ** 18n }),
  );
  await fot.mint(p.alice.address, 10n ** 21n);
  await fot.connect(p.alice).approve(await p.shares.getAddress(), c.ethers.MaxUint256);
  return { ...p, fot, fotRigId };
}

/** A share token deployed without a distributor (to test the one-time wiring). */
async function unwiredSharesFixture(c: NetworkConnection) {
  const [admin, treasury] = await c.ethers.getSigners();
  const renderer = await c.ethers.deployContract("ShareRenderer");
  const shares = (await c.ethers.deployContract("RigShares", [
    0,
    admin!.address,
    await renderer.getAddress(),
    treasury!.address,
    250,
  ])) as unknown as RigShares;
  const distributor = (await c.ethers.deployContract("RewardDistributor", [
    await shares.getAddress(),
    0,
    admin!.address,
  ])) as unknown as RewardDistributor;
  return { admin: admin!, shares, distributor };
}

function scryptRigParams(p: Protocol, payoutToken: string, overrides: Partial<RigParamsInput> = {}): RigParamsInput {
  return {
    name: "Antminer L9 #1",
    algorithm: Algorithm.Scrypt,
    hashrate: 16n * 10n ** 9n,
    powerWatts: 3_360n,
    totalShares: 500n,
    pricePerShare: 20n * USDC,
    paymentToken: p.usdc.target as string,
    payoutToken,
    epochLength: DAY / 2n,
    maxEpochPayout: 50n * LTC,
    royaltyBps: 300n,
    ...overrides,
  };
}

// ───────────────────────────────────── helpers ─────────────────────────────────────

function defaultParams(p: Protocol, overrides: Partial<RigParamsInput> = {}): RigParamsInput {
  return sha256RigParams(p.usdc.target as string, p.wbtc.target as string, overrides);
}

function positionId(rigId: bigint, serial: bigint) {
  return rigId * STRIDE + serial;
}

function allSigners(p: Protocol): HardhatEthersSigner[] {
  return [p.admin, p.treasury, p.operator, p.alice, p.bob, p.carol, p.dave, p.stranger];
}

/** ERC-165 id of an interface given its function signatures. */
function interfaceId(signatures: string[]): string {
  let id = 0n;
  for (const sig of signatures) id ^= BigInt(ethers.id(sig).slice(0, 10));
  return ethers.toBeHex(id, 4);
}

type Metadata = {
  name: string;
  description: string;
  image: string;
  attributes: { trait_type: string; value: string | number }[];
};

/** Decodes a `data:application/json;base64,` token URI into its raw JSON, the parsed object and the SVG. */
function decodeTokenUri(uri: string): { raw: string; json: Metadata; svg: string } {
  const jsonPrefix = "data:application/json;base64,";
  expect(uri.startsWith(jsonPrefix), "JSON data URI").to.equal(true);
  const raw = Buffer.from(uri.slice(jsonPrefix.length), "base64").toString("utf8");
  const json = JSON.parse(raw) as Metadata;
  const svgPrefix = "data:image/svg+xml;base64,";
  expect(json.image.startsWith(svgPrefix), "SVG data URI").to.equal(true);
  const svg = Buffer.from(json.image.slice(svgPrefix.length), "base64").toString("utf8");
  return { raw, json, svg };
}

function attribute(json: Metadata, trait: string) {
  const found = json.attributes.find((a) => a.trait_type === trait);
  expect(found, `attribute ${trait}`).to.not.equal(undefined);
  return found!.value;
}

// ───────────────────────────────────── tests ─────────────────────────────────────

describe("RigShares", function () {
  describe("registerRig", function () {
    it("stores the rig, emits RigRegistered and initialises the rig in the distributor", async function () {
      const p = await loadFixture(protocolWithRigFixture);
      const params = scryptRigParams(p, p.wbtc.target as string, { name: "Scrypt box", royaltyBps: 1_000n });
      const tx = await p.shares.connect(p.operator).registerRig(params);
      const block = await tx.getBlock();
      const firstEpoch = BigInt(block!.timestamp) / params.epochLength;
      await expect(tx)
        .to.emit(p.shares, "RigRegistered")
        .withArgs(2n, p.operator.address, "Scrypt box", Algorithm.Scrypt);
      await expect(tx)
        .to.emit(p.distributor, "RigInitialized")
        .withArgs(2n, params.payoutToken, params.epochLength, firstEpoch);
      expect(await p.shares.rigCount()).to.equal(2n);
      expect(await p.shares.operatorOf(2n)).to.equal(p.operator.address);
      expect(await p.shares.operatorOf(3n)).to.equal(ethers.ZeroAddress);

      const r = await p.shares.rig(2n);
      expect(r.operator).to.equal(p.operator.address);
      expect(r.royaltyBps).to.equal(1_000n);
      expect(r.status).to.equal(1n); // Active
      expect(r.algorithm).to.equal(BigInt(Algorithm.Scrypt));
      expect(r.saleOpen).to.equal(false);
      expect(r.powerWatts).to.equal(3_360n);
      expect(r.paymentToken).to.equal(params.paymentToken);
      expect(r.nextSerial).to.equal(0n);
      expect(r.epochLength).to.equal(DAY / 2n);
      expect(r.pricePerShare).to.equal(20n * USDC);
      expect(r.hashrate).to.equal(16n * 10n ** 9n);
      expect(r.totalShares).to.equal(500n);
      expect(r.payoutToken).to.equal(params.payoutToken);
      expect(r.name).to.equal("Scrypt box");
      expect(await p.shares.sharesAvailable(2n)).to.equal(500n);

      const s = await p.distributor.rigStream(2n);
      expect(s.payoutToken).to.equal(params.payoutToken);
      expect(s.epochLength).to.equal(DAY / 2n);
      expect(s.maxEpochPayout).to.equal(params.maxEpochPayout);
      expect(s.nextEpoch).to.equal(firstEpoch);
      expect(s.totalShares).to.equal(0n);
      // An unregistered id reads as an empty rig.
      expect((await p.shares.rig(3n)).status).to.equal(0n);
    });

    const invalid: [string, string, Partial<RigParamsInput>][] = [
      ["name", "an empty name", { name: "" }],
      ["name", "a 33-byte name", { name: "x".repeat(33) }],
      ["hashrate", "a zero hashrate", { hashrate: 0n }],
      ["powerWatts", "a zero power draw", { powerWatts: 0n }],
      ["totalShares", "zero shares", { totalShares: 0n }],
      ["totalShares", "1e18 + 1 shares (one above MAX_TOTAL_SHARES)", { totalShares: 10n ** 18n + 1n }],
      ["totalShares", "2^96 − 1 shares (the most a position can hold)", { totalShares: (1n << 96n) - 1n }],
      ["paymentToken", "a zero payment token", { paymentToken: ethers.ZeroAddress }],
      ["payoutToken", "a zero payout token", { payoutToken: ethers.ZeroAddress }],
      ["epochLength", "a zero epoch", { epochLength: 0n }],
      ["epochLength", "a 30-minute epoch (divides a day, under an hour)", { epochLength: 1_800n }],
      ["epochLength", "a 7,000 s epoch (neither divides nor is a multiple of a day)", { epochLength: 7_000n }],
      ["epochLength", "a 25-hour epoch", { epochLength: DAY + 3_600n }],
      ["maxEpochPayout", "a zero epoch payout cap", { maxEpochPayout: 0n }],
      ["royaltyBps", "a royalty above 10%", { royaltyBps: 1_001n }],
    ];
    for (const [reason, label, override] of invalid) {
      it(`rejects ${label} with RigSharesInvalidParams("${reason}")`, async function () {
        const p = await loadFixture(protocolWithRigFixture);
        await expect(p.shares.connect(p.operator).registerRig(defaultParams(p, override)))
          .to.be.revertedWithCustomError(p.shares, "RigSharesInvalidParams")
          .withArgs(reason);
      });
    }

    it("caps a rig at MAX_TOTAL_SHARES = 1e18 shares: exactly 1e18 registers and sells out, 1e18 + 1 reverts", async function () {
      // At ≤ 1e18 shares the distributor's carry (< totalShares × 1e-18 base units) is below one base unit.
      const p = await loadFixture(protocolWithRigFixture);
      const cap = 10n ** 18n;
      expect(await p.shares.MAX_TOTAL_SHARES()).to.equal(cap);
      await expect(p.shares.connect(p.operator).registerRig(defaultParams(p, { totalShares: cap + 1n })))
        .to.be.revertedWithCustomError(p.shares, "RigSharesInvalidParams")
        .withArgs("totalShares");
      expect(await p.shares.rigCount()).to.equal(1n);
      await p.shares.connect(p.operator).registerRig(defaultParams(p, { totalShares: cap, pricePerShare: 0n }));
      expect(await p.shares.rigCount()).to.equal(2n);
      expect((await p.shares.rig(2n)).totalShares).to.equal(cap);
      expect(await p.shares.sharesAvailable(2n)).to.equal(cap);
      await p.shares.connect(p.operator).setSaleOpen(2n, true);
      await p.shares.connect(p.alice).mint(2n, cap);
      expect(await p.distributor.sharesOf(positionId(2n, 1n))).to.equal(cap);
      expect((await p.distributor.rigStream(2n)).totalShares).to.equal(cap);
      expect(await p.shares.sharesAvailable(2n)).to.equal(0n);
      await expect(p.shares.connect(p.alice).mint(2n, 1n))
        .to.be.revertedWithCustomError(p.shares, "RigSharesSoldOut")
        .withArgs(2n, 0n, 1n);
    });

    it("accepts the boundary values: a 32-byte name, 1-hour and 2-day epochs, a 10% royalty", async function () {
      const p = await loadFixture(protocolWithRigFixture);
      await p.shares.connect(p.operator).registerRig(defaultParams(p, { name: "n".repeat(32), epochLength: 3_600n }));
      await p.shares.connect(p.operator).registerRig(defaultParams(p, { epochLength: 2n * DAY, royaltyBps: 1_000n }));
      await p.shares.connect(p.operator).registerRig(defaultParams(p, { epochLength: 8n * 3_600n, royaltyBps: 0n }));
      expect(await p.shares.rigCount()).to.equal(4n);
      expect((await p.shares.rig(2n)).name).to.equal("n".repeat(32));
      expect((await p.shares.rig(3n)).epochLength).to.equal(2n * DAY);
    });
  });

  describe("setSaleOpen and retireRig", function () {
    it("opens and closes the sale, emitting SaleStatusChanged and a metadata refresh of the rig's positions", async function () {
      const p = await loadFixture(positionsFixture);
      await expect(p.shares.connect(p.operator).setSaleOpen(p.rigId, false))
        .to.emit(p.shares, "SaleStatusChanged")
        .withArgs(p.rigId, false);
      expect((await p.shares.rig(p.rigId)).saleOpen).to.equal(false);
      await expect(p.shares.connect(p.alice).mint(p.rigId, 1n))
        .to.be.revertedWithCustomError(p.shares, "RigSharesSaleClosed")
        .withArgs(p.rigId);
      const tx = p.shares.connect(p.operator).setSaleOpen(p.rigId, true);
      await expect(tx).to.emit(p.shares, "SaleStatusChanged").withArgs(p.rigId, true);
      await expect(tx)
        .to.emit(p.shares, "BatchMetadataUpdate")
        .withArgs(positionId(p.rigId, 1n), positionId(p.rigId, 2n));
      expect((await p.shares.rig(p.rigId)).saleOpen).to.equal(true);
    });

    it("lets only the rig's operator change its sale or retire it", async function () {
      const p = await loadFixture(twoRigsFixture);
      for (const signer of allSigners(p).filter((s) => s !== p.operator)) {
        await expect(p.shares.connect(signer).setSaleOpen(p.rigId, false))
          .to.be.revertedWithCustomError(p.shares, "RigSharesNotRigOperator")
          .withArgs(p.rigId, signer.address);
        await expect(p.shares.connect(signer).retireRig(p.rigId))
          .to.be.revertedWithCustomError(p.shares, "RigSharesNotRigOperator")
          .withArgs(p.rigId, signer.address);
      }
      // The operator of rig 2 has no power over rig 1 and vice versa.
      await expect(p.shares.connect(p.operator).retireRig(p.ltcRigId))
        .to.be.revertedWithCustomError(p.shares, "RigSharesNotRigOperator")
        .withArgs(p.ltcRigId, p.operator.address);
      await expect(p.shares.connect(p.operator).setSaleOpen(9n, true))
        .to.be.revertedWithCustomError(p.shares, "RigSharesUnknownRig")
        .withArgs(9n);
      await expect(p.shares.connect(p.operator).retireRig(9n))
        .to.be.revertedWithCustomError(p.shares, "RigSharesUnknownRig")
        .withArgs(9n);
    });

    it("retires a rig: the sale closes for good, events cover every position ever minted", async function () {
      const p = await loadFixture(positionsFixture);
      await p.shares.connect(p.alice).split(p.alicePos, 100n); // serial 3
      const tx = p.shares.connect(p.operator).retireRig(p.rigId);
      await expect(tx).to.emit(p.shares, "SaleStatusChanged").withArgs(p.rigId, false);
      await expect(tx).to.emit(p.shares, "RigStatusChanged").withArgs(p.rigId, 2n);
      await expect(tx)
        .to.emit(p.shares, "BatchMetadataUpdate")
        .withArgs(positionId(p.rigId, 1n), positionId(p.rigId, 3n));
      const r = await p.shares.rig(p.rigId);
      expect(r.status).to.equal(2n);
      expect(r.saleOpen).to.equal(false);
      await expect(p.shares.connect(p.operator).setSaleOpen(p.rigId, true))
        .to.be.revertedWithCustomError(p.shares, "RigSharesSaleClosed")
        .withArgs(p.rigId);
      await expect(p.shares.connect(p.carol).mint(p.rigId, 1n))
        .to.be.revertedWithCustomError(p.shares, "RigSharesSaleClosed")
        .withArgs(p.rigId);
      // Existing positions keep earning what the operator funds.
      await pushNextEpoch(p, p.rigId, BTC);
      await time.increase(DAY);
      expect(await p.distributor.pendingReward(p.alicePos)).to.be.greaterThan(0n);
      expect(await p.distributor.pendingReward(p.bobPos)).to.equal(
        (300n * ((((BTC * SCALE) / DAY) * DAY) / 900n)) / SCALE,
      );
    });

    it("emits no BatchMetadataUpdate when retiring a rig without positions", async function () {
      const p = await loadFixture(protocolWithRigFixture);
      await expect(p.shares.connect(p.operator).retireRig(p.rigId)).not.to.emit(p.shares, "BatchMetadataUpdate");
    });
  });

  describe("mint", function () {
    it("charges shares × price, credits the operator cost − fee and the protocol the fee", async function () {
      const p = await loadFixture(protocolWithRigFixture);
      const cost = 7n * PRICE;
      const fee = (cost * FEE_BPS) / 10_000n;
      expect(fee).to.equal(17_500_000n);
      const id = positionId(p.rigId, 1n);
      const tx = p.shares.connect(p.alice).mint(p.rigId, 7n);
      await expect(tx).to.emit(p.shares, "SharesMinted").withArgs(p.rigId, id, p.alice.address, 7n, cost, fee);
      await expect(tx).to.emit(p.shares, "Transfer").withArgs(ethers.ZeroAddress, p.alice.address, id);
      await expect(tx).to.changeTokenBalances(
        ethers,
        p.usdc,
        [p.alice.address, await p.shares.getAddress()],
        [-cost, cost],
      );
      expect(await p.shares.proceedsOf(p.operator.address, p.usdc)).to.equal(cost - fee);
      expect(await p.shares.protocolFeesOf(p.usdc)).to.equal(fee);
      expect(await p.shares.ownerOf(id)).to.equal(p.alice.address);
      expect([...(await p.shares.positionOf(id))]).to.deep.equal([p.rigId, 7n]);
      expect(await p.distributor.sharesOf(id)).to.equal(7n);
      expect(await p.shares.sharesAvailable(p.rigId)).to.equal(993n);
      expect((await p.shares.rig(p.rigId)).nextSerial).to.equal(1n);

      // A second buyer adds to the same balances.
      await p.shares.connect(p.bob).mint(p.rigId, 3n);
      const cost2 = 3n * PRICE;
      const fee2 = (cost2 * FEE_BPS) / 10_000n;
      expect(await p.shares.proceedsOf(p.operator.address, p.usdc)).to.equal(cost - fee + cost2 - fee2);
      expect(await p.shares.protocolFeesOf(p.usdc)).to.equal(fee + fee2);
      expect(await p.usdc.balanceOf(await p.shares.getAddress())).to.equal(cost + cost2);
    });

    it("rounds the protocol fee down, leaving the fraction to the operator", async function () {
      const p = await loadFixture(protocolWithRigFixture);
      const rigId = await registerRig(p, defaultParams(p, { pricePerShare: 333n }));
      // 999 × 2.5% = 24.975 → 24
      await expect(p.shares.connect(p.alice).mint(rigId, 3n))
        .to.emit(p.shares, "SharesMinted")
        .withArgs(rigId, positionId(rigId, 1n), p.alice.address, 3n, 999n, 24n);
      expect(await p.shares.proceedsOf(p.operator.address, p.usdc)).to.equal(975n);
      expect(await p.shares.protocolFeesOf(p.usdc)).to.equal(24n);
    });

    it("never exceeds the cap: RigSharesSoldOut carries what is left and what was asked", async function () {
      const p = await loadFixture(protocolWithRigFixture);
      await expect(p.shares.connect(p.alice).mint(p.rigId, 1_001n))
        .to.be.revertedWithCustomError(p.shares, "RigSharesSoldOut")
        .withArgs(p.rigId, 1_000n, 1_001n);
      await mintShares(p, p.alice, p.rigId, 990n);
      await expect(p.shares.connect(p.bob).mint(p.rigId, 11n))
        .to.be.revertedWithCustomError(p.shares, "RigSharesSoldOut")
        .withArgs(p.rigId, 10n, 11n);
      const last = await mintShares(p, p.bob, p.rigId, 10n);
      expect(last).to.equal(positionId(p.rigId, 2n));
      expect(await p.shares.sharesAvailable(p.rigId)).to.equal(0n);
      await expect(p.shares.connect(p.carol).mint(p.rigId, 1n))
        .to.be.revertedWithCustomError(p.shares, "RigSharesSoldOut")
        .withArgs(p.rigId, 0n, 1n);
      expect((await p.distributor.rigStream(p.rigId)).totalShares).to.equal(1_000n);
      expect((await p.distributor.sharesOf(positionId(p.rigId, 1n))) + (await p.distributor.sharesOf(last))).to.equal(
        1_000n,
      );
    });

    it("rejects an unknown rig, a closed sale and zero shares", async function () {
      const p = await loadFixture(protocolWithRigFixture);
      await expect(p.shares.connect(p.alice).mint(42n, 1n))
        .to.be.revertedWithCustomError(p.shares, "RigSharesUnknownRig")
        .withArgs(42n);
      await p.shares.connect(p.operator).registerRig(defaultParams(p)); // registered, sale never opened
      await expect(p.shares.connect(p.alice).mint(2n, 1n))
        .to.be.revertedWithCustomError(p.shares, "RigSharesSaleClosed")
        .withArgs(2n);
      await expect(p.shares.connect(p.alice).mint(p.rigId, 0n))
        .to.be.revertedWithCustomError(p.shares, "RigSharesInvalidShares")
        .withArgs(0n);
    });

    it("rejects a fee-on-transfer payment token with RigSharesPaymentMismatch", async function () {
      const p = await loadFixture(feeOnTransferPaymentFixture);
      const cost = 2n * 10n ** 18n;
      await expect(p.shares.connect(p.alice).mint(p.fotRigId, 2n))
        .to.be.revertedWithCustomError(p.shares, "RigSharesPaymentMismatch")
        .withArgs(cost, cost - cost / 100n);
      expect(await p.shares.sharesAvailable(p.fotRigId)).to.equal(1_000n);
      expect(await p.shares.proceedsOf(p.operator.address, p.fot)).to.equal(0n);
    });
  });

  describe("split", function () {
    it("moves shares into a new position rigId×1e12 + next serial owned by the same owner", async function () {
      const p = await loadFixture(twoRigsFixture);
      const newId = positionId(p.rigId, 3n);
      const tx = p.shares.connect(p.alice).split(p.alicePos, 150n);
      await expect(tx).to.emit(p.shares, "PositionSplit").withArgs(p.alicePos, newId, 150n);
      await expect(tx).to.emit(p.shares, "MetadataUpdate").withArgs(p.alicePos);
      await expect(tx).to.emit(p.shares, "Transfer").withArgs(ethers.ZeroAddress, p.alice.address, newId);
      expect(await p.shares.connect(p.alice).split.staticCall(p.alicePos, 1n)).to.equal(positionId(p.rigId, 4n));
      expect([...(await p.shares.positionOf(p.alicePos))]).to.deep.equal([p.rigId, 450n]);
      expect([...(await p.shares.positionOf(newId))]).to.deep.equal([p.rigId, 150n]);
      expect(await p.shares.ownerOf(newId)).to.equal(p.alice.address);
      expect(await p.shares.sharesAvailable(p.rigId)).to.equal(100n);
      // Ids encode their rig: rig 2's first split is 2e12 + 2.
      await expect(p.shares.connect(p.alice).split(p.aliceLtcPos, 40n))
        .to.emit(p.shares, "PositionSplit")
        .withArgs(p.aliceLtcPos, 2n * STRIDE + 2n, 40n);
      // Serials are never reused: the next mint of rig 1 gets serial 4.
      expect(await mintShares(p, p.carol, p.rigId, 1n)).to.equal(positionId(p.rigId, 4n));
    });

    it("lets an approved account or operator split, the new position still going to the owner", async function () {
      const p = await loadFixture(positionsFixture);
      await p.shares.connect(p.alice).approve(p.bob.address, p.alicePos);
      await p.shares.connect(p.bob).split(p.alicePos, 10n);
      expect(await p.shares.ownerOf(positionId(p.rigId, 3n))).to.equal(p.alice.address);
      await p.shares.connect(p.alice).setApprovalForAll(p.carol.address, true);
      await p.shares.connect(p.carol).split(p.alicePos, 20n);
      expect(await p.shares.ownerOf(positionId(p.rigId, 4n))).to.equal(p.alice.address);
      expect(await p.distributor.sharesOf(p.alicePos)).to.equal(570n);
    });

    it("rejects a caller neither owner nor approved, a zero or whole split and an unminted id", async function () {
      const p = await loadFixture(positionsFixture);
      await expect(p.shares.connect(p.stranger).split(p.alicePos, 1n))
        .to.be.revertedWithCustomError(p.shares, "ERC721InsufficientApproval")
        .withArgs(p.stranger.address, p.alicePos);
      await expect(p.shares.connect(p.alice).split(p.alicePos, 0n))
        .to.be.revertedWithCustomError(p.distributor, "DistributorInvalidShares")
        .withArgs(0n);
      await expect(p.shares.connect(p.alice).split(p.alicePos, 600n))
        .to.be.revertedWithCustomError(p.distributor, "DistributorInvalidShares")
        .withArgs(600n);
      await expect(p.shares.connect(p.alice).split(p.alicePos, 601n))
        .to.be.revertedWithCustomError(p.distributor, "DistributorInvalidShares")
        .withArgs(601n);
      const unminted = positionId(p.rigId, 50n);
      await expect(p.shares.connect(p.alice).split(unminted, 1n))
        .to.be.revertedWithCustomError(p.shares, "ERC721NonexistentToken")
        .withArgs(unminted);
      expect((await p.shares.rig(p.rigId)).nextSerial).to.equal(2n);
    });
  });

  describe("merge", function () {
    it("adds the burned position's shares to the kept one and destroys the burned id", async function () {
      const p = await loadFixture(positionsFixture);
      await p.shares.connect(p.alice).split(p.alicePos, 250n);
      const second = positionId(p.rigId, 3n);
      const tx = p.shares.connect(p.alice).merge(second, p.alicePos);
      await expect(tx).to.emit(p.shares, "PositionsMerged").withArgs(second, p.alicePos);
      await expect(tx).to.emit(p.shares, "MetadataUpdate").withArgs(second);
      await expect(tx).to.emit(p.shares, "Transfer").withArgs(p.alice.address, ethers.ZeroAddress, p.alicePos);
      expect([...(await p.shares.positionOf(second))]).to.deep.equal([p.rigId, 600n]);
      expect(await p.distributor.sharesOf(p.alicePos)).to.equal(0n);
      await expect(p.shares.ownerOf(p.alicePos))
        .to.be.revertedWithCustomError(p.shares, "ERC721NonexistentToken")
        .withArgs(p.alicePos);
      expect(await p.shares.balanceOf(p.alice.address)).to.equal(1n);
      expect(await p.shares.sharesAvailable(p.rigId)).to.equal(100n);
      expect((await p.distributor.rigStream(p.rigId)).totalShares).to.equal(900n);
    });

    it("rejects merging a position with itself, across rigs, or across owners with RigSharesCannotMerge", async function () {
      const p = await loadFixture(twoRigsFixture);
      await expect(p.shares.connect(p.alice).merge(p.alicePos, p.alicePos))
        .to.be.revertedWithCustomError(p.shares, "RigSharesCannotMerge")
        .withArgs(p.alicePos, p.alicePos);
      await expect(p.shares.connect(p.alice).merge(p.alicePos, p.aliceLtcPos))
        .to.be.revertedWithCustomError(p.shares, "RigSharesCannotMerge")
        .withArgs(p.alicePos, p.aliceLtcPos);
      // Bob lets alice manage his positions: she is authorised for both, but they have two owners.
      await p.shares.connect(p.bob).setApprovalForAll(p.alice.address, true);
      await expect(p.shares.connect(p.alice).merge(p.alicePos, p.bobPos))
        .to.be.revertedWithCustomError(p.shares, "RigSharesCannotMerge")
        .withArgs(p.alicePos, p.bobPos);
      await expect(p.shares.connect(p.alice).merge(p.bobPos, p.alicePos))
        .to.be.revertedWithCustomError(p.shares, "RigSharesCannotMerge")
        .withArgs(p.bobPos, p.alicePos);
      // Without approval the ERC-721 authorisation check answers first.
      await expect(p.shares.connect(p.bob).merge(p.bobPos, p.alicePos))
        .to.be.revertedWithCustomError(p.shares, "ERC721InsufficientApproval")
        .withArgs(p.bob.address, p.alicePos);
      await expect(p.shares.connect(p.stranger).merge(p.alicePos, p.bobPos))
        .to.be.revertedWithCustomError(p.shares, "ERC721InsufficientApproval")
        .withArgs(p.stranger.address, p.alicePos);
    });
  });

  describe("burn", function () {
    it("returns the shares to sharesAvailable and keeps accrued rewards claimable by the owner", async function () {
      const p = await loadFixture(positionsFixture);
      await pushNextEpoch(p, p.rigId, BTC);
      const pushedAt = await now(p);
      await time.setNextBlockTimestamp(pushedAt + DAY);
      const tx = p.shares.connect(p.alice).burn(p.alicePos);
      const acc = (((BTC * SCALE) / DAY) * DAY) / 900n;
      const accrued = (600n * acc) / SCALE;
      await expect(tx).to.emit(p.shares, "Transfer").withArgs(p.alice.address, ethers.ZeroAddress, p.alicePos);
      await expect(tx).to.emit(p.distributor, "PositionSettled").withArgs(p.alicePos, p.alice.address, accrued);
      expect(await p.shares.sharesAvailable(p.rigId)).to.equal(700n);
      expect(await p.distributor.sharesOf(p.alicePos)).to.equal(0n);
      expect(await p.distributor.claimableBalance(p.alice.address, p.wbtc)).to.equal(accrued);
      await expect(p.distributor.connect(p.alice).claimBalance(p.wbtc)).to.changeTokenBalance(
        ethers,
        p.wbtc,
        p.alice,
        accrued,
      );
      // The freed shares can be sold again, under a new id.
      expect(await mintShares(p, p.carol, p.rigId, 700n)).to.equal(positionId(p.rigId, 3n));
      expect(await p.shares.sharesAvailable(p.rigId)).to.equal(0n);
    });

    it("lets only the owner or an approved account burn", async function () {
      const p = await loadFixture(positionsFixture);
      await expect(p.shares.connect(p.bob).burn(p.alicePos))
        .to.be.revertedWithCustomError(p.shares, "ERC721InsufficientApproval")
        .withArgs(p.bob.address, p.alicePos);
      await p.shares.connect(p.alice).approve(p.bob.address, p.alicePos);
      await p.shares.connect(p.bob).burn(p.alicePos);
      expect(await p.shares.beneficiaryOf(p.alicePos)).to.equal(ethers.ZeroAddress);
    });
  });

  describe("positionOf and beneficiaryOf", function () {
    it("describe live positions and treat burned and unminted ids as nonexistent", async function () {
      const p = await loadFixture(positionsFixture);
      expect([...(await p.shares.positionOf(p.bobPos))]).to.deep.equal([p.rigId, 300n]);
      expect(await p.shares.beneficiaryOf(p.bobPos)).to.equal(p.bob.address);
      await p.shares.connect(p.bob).transferFrom(p.bob.address, p.carol.address, p.bobPos);
      expect(await p.shares.beneficiaryOf(p.bobPos)).to.equal(p.carol.address);
      await p.shares.connect(p.carol).burn(p.bobPos);
      const unminted = positionId(p.rigId, 3n);
      for (const id of [p.bobPos, unminted, positionId(7n, 1n), 0n]) {
        await expect(p.shares.positionOf(id))
          .to.be.revertedWithCustomError(p.shares, "ERC721NonexistentToken")
          .withArgs(id);
        expect(await p.shares.beneficiaryOf(id)).to.equal(ethers.ZeroAddress);
      }
    });
  });

  describe("withdrawals", function () {
    it("pays the operator its exact proceeds once, then RigSharesNothingToWithdraw", async function () {
      const p = await loadFixture(positionsFixture);
      const cost = 900n * PRICE;
      const expected = cost - (600n * PRICE * FEE_BPS) / 10_000n - (300n * PRICE * FEE_BPS) / 10_000n;
      expect(await p.shares.proceedsOf(p.operator.address, p.usdc)).to.equal(expected);
      expect(await p.shares.connect(p.operator).withdrawProceeds.staticCall(p.usdc)).to.equal(expected);
      const tx = p.shares.connect(p.operator).withdrawProceeds(p.usdc);
      await expect(tx)
        .to.emit(p.shares, "ProceedsWithdrawn")
        .withArgs(p.operator.address, await p.usdc.getAddress(), expected);
      await expect(tx).to.changeTokenBalances(
        ethers,
        p.usdc,
        [p.operator.address, await p.shares.getAddress()],
        [expected, -expected],
      );
      expect(await p.shares.proceedsOf(p.operator.address, p.usdc)).to.equal(0n);
      await expect(p.shares.connect(p.operator).withdrawProceeds(p.usdc)).to.be.revertedWithCustomError(
        p.shares,
        "RigSharesNothingToWithdraw",
      );
      await expect(p.shares.connect(p.alice).withdrawProceeds(p.usdc)).to.be.revertedWithCustomError(
        p.shares,
        "RigSharesNothingToWithdraw",
      );
      // What is left in the contract is exactly the protocol fee.
      expect(await p.usdc.balanceOf(await p.shares.getAddress())).to.equal(cost - expected);
    });

    it("sends protocol fees to the treasury whoever calls, then RigSharesNothingToWithdraw", async function () {
      const p = await loadFixture(positionsFixture);
      const fees = (600n * PRICE * FEE_BPS) / 10_000n + (300n * PRICE * FEE_BPS) / 10_000n;
      expect(await p.shares.protocolFeesOf(p.usdc)).to.equal(fees);
      const tx = p.shares.connect(p.stranger).withdrawProtocolFees(p.usdc);
      await expect(tx)
        .to.emit(p.shares, "ProceedsWithdrawn")
        .withArgs(p.treasury.address, await p.usdc.getAddress(), fees);
      await expect(tx).to.changeTokenBalances(ethers, p.usdc, [p.treasury.address, p.stranger.address], [fees, 0n]);
      expect(await p.shares.protocolFeesOf(p.usdc)).to.equal(0n);
      await expect(p.shares.withdrawProtocolFees(p.usdc)).to.be.revertedWithCustomError(
        p.shares,
        "RigSharesNothingToWithdraw",
      );
      await expect(p.shares.withdrawProtocolFees(p.wbtc)).to.be.revertedWithCustomError(
        p.shares,
        "RigSharesNothingToWithdraw",
      );
    });
  });

  describe("admin settings", function () {
    it("sets the protocol fee up to 10% and its treasury; later mints use them", async function () {
      const p = await loadFixture(protocolWithRigFixture);
      await expect(p.shares.connect(p.admin).setProtocolFee(1_001, p.carol.address))
        .to.be.revertedWithCustomError(p.shares, "RigSharesFeeTooHigh")
        .withArgs(1_001n);
      await expect(p.shares.connect(p.admin).setProtocolFee(100, ethers.ZeroAddress)).to.be.revertedWithCustomError(
        p.shares,
        "RigSharesZeroAddress",
      );
      await expect(p.shares.connect(p.admin).setProtocolFee(1_000, p.carol.address))
        .to.emit(p.shares, "ProtocolFeeChanged")
        .withArgs(1_000n, p.carol.address);
      expect([...(await p.shares.protocolFee())]).to.deep.equal([1_000n, p.carol.address]);
      await expect(p.shares.connect(p.alice).mint(p.rigId, 3n))
        .to.emit(p.shares, "SharesMinted")
        .withArgs(p.rigId, positionId(p.rigId, 1n), p.alice.address, 3n, 3n * PRICE, (3n * PRICE) / 10n);
      await expect(p.shares.withdrawProtocolFees(p.usdc)).to.changeTokenBalance(
        ethers,
        p.usdc,
        p.carol,
        (3n * PRICE) / 10n,
      );
      // A zero fee takes nothing.
      await p.shares.connect(p.admin).setProtocolFee(0, p.carol.address);
      await expect(p.shares.connect(p.alice).mint(p.rigId, 2n))
        .to.emit(p.shares, "SharesMinted")
        .withArgs(p.rigId, positionId(p.rigId, 2n), p.alice.address, 2n, 2n * PRICE, 0n);
      expect(await p.shares.protocolFeesOf(p.usdc)).to.equal(0n);
    });

    it("wires the distributor exactly once and never to the zero address", async function () {
      const p = await loadFixture(protocolWithRigFixture);
      await expect(p.shares.connect(p.admin).setDistributor(p.stranger.address)).to.be.revertedWithCustomError(
        p.shares,
        "RigSharesDistributorAlreadySet",
      );
      expect(await p.shares.distributor()).to.equal(await p.distributor.getAddress());
      const u = await loadFixture(unwiredSharesFixture);
      await expect(u.shares.connect(u.admin).setDistributor(ethers.ZeroAddress)).to.be.revertedWithCustomError(
        u.shares,
        "RigSharesZeroAddress",
      );
      await expect(u.shares.connect(u.admin).setDistributor(u.distributor))
        .to.emit(u.shares, "DistributorSet")
        .withArgs(await u.distributor.getAddress());
      await expect(u.shares.connect(u.admin).setDistributor(u.distributor)).to.be.revertedWithCustomError(
        u.shares,
        "RigSharesDistributorAlreadySet",
      );
    });

    it("replaces the renderer, refreshing all metadata, and rejects the zero address", async function () {
      const p = await loadFixture(positionsFixture);
      const next = (await ethers.deployContract("ShareRenderer")) as unknown as ShareRenderer;
      const tx = p.shares.connect(p.admin).setRenderer(next);
      await expect(tx)
        .to.emit(p.shares, "RendererChanged")
        .withArgs(await next.getAddress());
      await expect(tx).to.emit(p.shares, "BatchMetadataUpdate").withArgs(0n, ethers.MaxUint256);
      expect(await p.shares.renderer()).to.equal(await next.getAddress());
      expect(await p.shares.tokenURI(p.alicePos)).to.match(/^data:application\/json;base64,/);
      await expect(p.shares.connect(p.admin).setRenderer(ethers.ZeroAddress)).to.be.revertedWithCustomError(
        p.shares,
        "RigSharesZeroAddress",
      );
    });
  });

  describe("standards conformance", function () {
    it("reports ERC-165, ERC-721, ERC-721 Metadata, ERC-2981, ERC-4906 and AccessControl, and not 0xffffffff", async function () {
      const p = await loadFixture(protocolWithRigFixture);
      const supported = {
        "ERC-165": "0x01ffc9a7",
        "ERC-721": "0x80ac58cd",
        "ERC-721 Metadata": "0x5b5e139f",
        "ERC-2981": "0x2a55205a",
        "ERC-4906": "0x49064906",
        AccessControl: interfaceId([
          "hasRole(bytes32,address)",
          "getRoleAdmin(bytes32)",
          "grantRole(bytes32,address)",
          "revokeRole(bytes32,address)",
          "renounceRole(bytes32,address)",
        ]),
      };
      expect(supported.AccessControl).to.equal("0x7965db0b");
      for (const [name, id] of Object.entries(supported)) {
        expect(await p.shares.supportsInterface(id), name).to.equal(true);
      }
      for (const id of ["0xffffffff", "0x00000000", "0x780e9d63" /* ERC-721 Enumerable: not implemented */]) {
        expect(await p.shares.supportsInterface(id), id).to.equal(false);
      }
    });

    it("reports IAccessControlDefaultAdminRules, which it inherits and implements", async function () {
      const p = await loadFixture(protocolWithRigFixture);
      const id = interfaceId([
        "defaultAdmin()",
        "pendingDefaultAdmin()",
        "defaultAdminDelay()",
        "pendingDefaultAdminDelay()",
        "beginDefaultAdminTransfer(address)",
        "cancelDefaultAdminTransfer()",
        "acceptDefaultAdminTransfer()",
        "changeDefaultAdminDelay(uint48)",
        "rollbackDefaultAdminDelay()",
        "defaultAdminDelayIncreaseWait()",
      ]);
      expect(id).to.equal("0x31498786");
      expect(await p.distributor.supportsInterface(id), "the distributor reports it").to.equal(true);
      expect(
        await p.shares.supportsInterface(id),
        "RigShares.supportsInterface skips AccessControlDefaultAdminRules",
      ).to.equal(true);
    });

    it("pays ERC-2981 royalties of royaltyBps to the rig's operator, rounded down", async function () {
      const p = await loadFixture(twoRigsFixture);
      expect([...(await p.shares.royaltyInfo(p.alicePos, 10_000n))]).to.deep.equal([p.operator.address, 500n]);
      expect([...(await p.shares.royaltyInfo(p.alicePos, 19_999n))]).to.deep.equal([p.operator.address, 999n]);
      expect([...(await p.shares.royaltyInfo(p.alicePos, 0n))]).to.deep.equal([p.operator.address, 0n]);
      expect([...(await p.shares.royaltyInfo(p.alicePos, 10n ** 18n))]).to.deep.equal([
        p.operator.address,
        5n * 10n ** 16n,
      ]);
      // Rig 2 has its own operator and rate (3%).
      expect([...(await p.shares.royaltyInfo(p.aliceLtcPos, 12_345n))]).to.deep.equal([
        p.dave.address,
        (12_345n * 300n) / 10_000n,
      ]);
    });

    it("serves tokenURI as base64 JSON with the position's attributes and a base64 SVG showing them", async function () {
      const p = await loadFixture(protocolWithRigFixture);
      const id = await mintShares(p, p.alice, p.rigId, 250n);
      const { raw, json, svg } = decodeTokenUri(await p.shares.tokenURI(id));
      expect(json.name).to.equal("Antminer S21 #1 #1");
      expect(json.description).to.equal(
        "Rigshare position: 250 / 1000 shares of mining rig Antminer S21 #1, earning its streamed payouts.",
      );
      expect(attribute(json, "Rig")).to.equal("Antminer S21 #1");
      expect(attribute(json, "Algorithm")).to.equal("SHA-256");
      expect(attribute(json, "Shares")).to.equal(250);
      expect(attribute(json, "Share of rig (%)")).to.equal(25);
      expect(attribute(json, "Equivalent TH/s")).to.equal(50);
      expect(attribute(json, "Efficiency (J/TH)")).to.equal(17.5); // 3500 W / 200 TH/s
      expect(attribute(json, "Status")).to.equal("Active, on sale");
      // The numbers are written with their fixed decimals.
      expect(raw).to.contain('{"trait_type":"Share of rig (%)","value":25.00}');
      expect(raw).to.contain('{"trait_type":"Equivalent TH/s","value":50.000}');
      expect(raw).to.contain('{"trait_type":"Efficiency (J/TH)","value":17.5}');
      expect(svg.startsWith("<svg")).to.equal(true);
      expect(svg.endsWith("</svg>")).to.equal(true);
      for (const shown of [
        "Antminer S21 #1 #1",
        "SHA-256 | Active, on sale",
        "250 / 1000",
        "25.00%",
        "50.00 TH/s",
        "17.5 J/TH",
      ]) {
        expect(svg, shown).to.contain(`>${shown}</text>`);
      }
    });

    it("rounds tokenURI values down and reflects later changes (split shares, retired status)", async function () {
      const p = await loadFixture(protocolWithRigFixture);
      const rigId = await registerRig(
        p,
        defaultParams(p, { name: "Thirds", totalShares: 3n, hashrate: 200n * 10n ** 12n, powerWatts: 3_333n }),
      );
      const id = await mintShares(p, p.alice, rigId, 2n);
      await p.shares.connect(p.alice).split(id, 1n);
      await p.shares.connect(p.operator).retireRig(rigId);
      const { raw, json, svg } = decodeTokenUri(await p.shares.tokenURI(id));
      expect(json.name).to.equal("Thirds #1");
      expect(raw).to.contain('"value":33.33}'); // 1/3 of the rig, rounded down
      expect(raw).to.contain('{"trait_type":"Equivalent TH/s","value":66.666}');
      expect(raw).to.contain('{"trait_type":"Efficiency (J/TH)","value":16.6}'); // 16.665 → 16.6
      expect(attribute(json, "Status")).to.equal("Retired");
      expect(svg).to.contain(">1 / 3</text>");
      expect(svg).to.contain(">66.66 TH/s</text>");
      expect(svg).to.contain("SHA-256 | Retired");
    });

    it("keeps tokenURI valid JSON and SVG for a rig name with quotes, backslashes and angle brackets", async function () {
      const p = await loadFixture(protocolWithRigFixture);
      const hostile = 'Evil "rig" <script>\\&';
      expect(Buffer.byteLength(hostile)).to.be.lessThanOrEqual(32);
      const rigId = await registerRig(p, defaultParams(p, { name: hostile }));
      const id = await mintShares(p, p.alice, rigId, 1n);
      const { json, svg } = decodeTokenUri(await p.shares.tokenURI(id)); // JSON.parse succeeds
      expect(json.name).to.equal("Evil  rig   script    #1");
      expect(attribute(json, "Rig")).to.equal("Evil  rig   script   ");
      expect(json.name).to.not.match(/["<>\\&]/);
      expect(svg).to.not.contain("<script>");
      expect(svg).to.contain(">Evil  rig   script    #1</text>");
    });

    it("reverts tokenURI of unminted and burned ids with ERC721NonexistentToken", async function () {
      const p = await loadFixture(positionsFixture);
      const unminted = positionId(p.rigId, 3n);
      await expect(p.shares.tokenURI(unminted))
        .to.be.revertedWithCustomError(p.shares, "ERC721NonexistentToken")
        .withArgs(unminted);
      await p.shares.connect(p.bob).burn(p.bobPos);
      await expect(p.shares.tokenURI(p.bobPos))
        .to.be.revertedWithCustomError(p.shares, "ERC721NonexistentToken")
        .withArgs(p.bobPos);
      expect(await p.shares.name()).to.equal("Rigshare Position");
      expect(await p.shares.symbol()).to.equal("RIGS");
    });
  });

  describe("roles", function () {
    it("rejects registerRig from every account without OPERATOR_ROLE, the admin included", async function () {
      const p = await loadFixture(protocolWithRigFixture);
      for (const signer of allSigners(p).filter((s) => s !== p.operator)) {
        await expect(p.shares.connect(signer).registerRig(defaultParams(p)))
          .to.be.revertedWithCustomError(p.shares, "RigSharesNotOperator")
          .withArgs(signer.address);
      }
      await p.shares.connect(p.admin).revokeRole(await p.shares.OPERATOR_ROLE(), p.operator.address);
      await expect(p.shares.connect(p.operator).registerRig(defaultParams(p)))
        .to.be.revertedWithCustomError(p.shares, "RigSharesNotOperator")
        .withArgs(p.operator.address);
    });

    it("rejects setDistributor, setProtocolFee, setRenderer and role grants from every non-admin", async function () {
      const p = await loadFixture(protocolWithRigFixture);
      const operatorRole = await p.shares.OPERATOR_ROLE();
      for (const signer of allSigners(p).filter((s) => s !== p.admin)) {
        const s = p.shares.connect(signer);
        const calls = [
          () => s.setDistributor(p.stranger.address),
          () => s.setProtocolFee(0, signer.address),
          () => s.setRenderer(p.renderer),
          () => s.grantRole(operatorRole, signer.address),
        ];
        for (const call of calls) {
          await expect(call())
            .to.be.revertedWithCustomError(p.shares, "AccessControlUnauthorizedAccount")
            .withArgs(signer.address, ADMIN_ROLE);
        }
      }
    });

    it("rejects pause and unpause from every account without PAUSER_ROLE", async function () {
      const p = await loadFixture(protocolWithRigFixture);
      const pauser = await p.shares.PAUSER_ROLE();
      for (const signer of allSigners(p).filter((s) => s !== p.admin)) {
        await expect(p.shares.connect(signer).pause())
          .to.be.revertedWithCustomError(p.shares, "AccessControlUnauthorizedAccount")
          .withArgs(signer.address, pauser);
      }
      await p.shares.connect(p.admin).pause();
      for (const signer of allSigners(p).filter((s) => s !== p.admin)) {
        await expect(p.shares.connect(signer).unpause())
          .to.be.revertedWithCustomError(p.shares, "AccessControlUnauthorizedAccount")
          .withArgs(signer.address, pauser);
      }
    });

    it("transfers the admin role only in two steps and refuses grantRole(DEFAULT_ADMIN_ROLE)", async function () {
      const p = await loadFixture(protocolWithRigFixture);
      await expect(p.shares.connect(p.admin).grantRole(ADMIN_ROLE, p.alice.address)).to.be.revertedWithCustomError(
        p.shares,
        "AccessControlEnforcedDefaultAdminRules",
      );
      await expect(p.shares.connect(p.alice).beginDefaultAdminTransfer(p.alice.address))
        .to.be.revertedWithCustomError(p.shares, "AccessControlUnauthorizedAccount")
        .withArgs(p.alice.address, ADMIN_ROLE);
      await expect(p.shares.connect(p.admin).beginDefaultAdminTransfer(p.alice.address)).to.emit(
        p.shares,
        "DefaultAdminTransferScheduled",
      );
      expect((await p.shares.pendingDefaultAdmin())[0]).to.equal(p.alice.address);
      // Still the old admin until the new one accepts; nobody else can accept.
      expect(await p.shares.defaultAdmin()).to.equal(p.admin.address);
      await expect(p.shares.connect(p.bob).acceptDefaultAdminTransfer())
        .to.be.revertedWithCustomError(p.shares, "AccessControlInvalidDefaultAdmin")
        .withArgs(p.bob.address);
      await p.shares.connect(p.alice).acceptDefaultAdminTransfer();
      expect(await p.shares.defaultAdmin()).to.equal(p.alice.address);
      expect(await p.shares.hasRole(ADMIN_ROLE, p.alice.address)).to.equal(true);
      expect(await p.shares.hasRole(ADMIN_ROLE, p.admin.address)).to.equal(false);
      await expect(p.shares.connect(p.admin).setProtocolFee(0, p.admin.address))
        .to.be.revertedWithCustomError(p.shares, "AccessControlUnauthorizedAccount")
        .withArgs(p.admin.address, ADMIN_ROLE);
      await expect(p.shares.connect(p.alice).setProtocolFee(0, p.alice.address)).to.emit(
        p.shares,
        "ProtocolFeeChanged",
      );
    });
  });

  describe("pause", function () {
    it("stops every state-changing entry point with EnforcedPause", async function () {
      const p = await loadFixture(positionsFixture);
      await p.shares.connect(p.alice).split(p.alicePos, 100n);
      const aliceSecond = positionId(p.rigId, 3n);
      await expect(p.shares.connect(p.admin).pause()).to.emit(p.shares, "Paused").withArgs(p.admin.address);
      const asAlice = p.shares.connect(p.alice);
      const calls: [string, () => Promise<unknown>][] = [
        ["registerRig", () => p.shares.connect(p.operator).registerRig(defaultParams(p))],
        ["setSaleOpen", () => p.shares.connect(p.operator).setSaleOpen(p.rigId, false)],
        ["retireRig", () => p.shares.connect(p.operator).retireRig(p.rigId)],
        ["mint", () => p.shares.connect(p.carol).mint(p.rigId, 1n)],
        ["split", () => p.shares.connect(p.alice).split(p.alicePos, 1n)],
        ["merge", () => p.shares.connect(p.alice).merge(p.alicePos, aliceSecond)],
        ["burn", () => p.shares.connect(p.alice).burn(p.alicePos)],
        ["transferFrom", () => p.shares.connect(p.alice).transferFrom(p.alice.address, p.bob.address, p.alicePos)],
        [
          "safeTransferFrom",
          () => asAlice["safeTransferFrom(address,address,uint256)"](p.alice.address, p.bob.address, p.alicePos),
        ],
        [
          "safeTransferFrom with data",
          () =>
            asAlice["safeTransferFrom(address,address,uint256,bytes)"](
              p.alice.address,
              p.bob.address,
              p.alicePos,
              "0x1234",
            ),
        ],
      ];
      for (const [name, call] of calls) {
        await expect(call(), name).to.be.revertedWithCustomError(p.shares, "EnforcedPause");
      }
      await expect(p.shares.connect(p.admin).pause()).to.be.revertedWithCustomError(p.shares, "EnforcedPause");
      // Everything works again after unpausing.
      await expect(p.shares.connect(p.admin).unpause()).to.emit(p.shares, "Unpaused").withArgs(p.admin.address);
      await p.shares.connect(p.alice).transferFrom(p.alice.address, p.bob.address, p.alicePos);
      expect(await p.shares.ownerOf(p.alicePos)).to.equal(p.bob.address);
    });

    it("keeps proceeds and protocol-fee withdrawals working while paused", async function () {
      const p = await loadFixture(positionsFixture);
      await p.shares.connect(p.admin).pause();
      const proceeds = await p.shares.proceedsOf(p.operator.address, p.usdc);
      const fees = await p.shares.protocolFeesOf(p.usdc);
      await expect(p.shares.connect(p.operator).withdrawProceeds(p.usdc)).to.changeTokenBalance(
        ethers,
        p.usdc,
        p.operator,
        proceeds,
      );
      await expect(p.shares.withdrawProtocolFees(p.usdc)).to.changeTokenBalance(ethers, p.usdc, p.treasury, fees);
    });

    it("keeps distributor claims and claimBalance working while the share token is paused", async function () {
      const p = await loadFixture(positionsFixture);
      await pushNextEpoch(p, p.rigId, BTC);
      await time.increase(6 * 3_600);
      await p.shares.connect(p.bob).transferFrom(p.bob.address, p.carol.address, p.bobPos);
      const bobBalance = await p.distributor.claimableBalance(p.bob.address, p.wbtc);
      expect(bobBalance).to.be.greaterThan(0n);
      await p.shares.connect(p.admin).pause();
      await time.increase(DAY);
      const alice = await p.distributor.pendingReward(p.alicePos);
      const carol = await p.distributor.pendingReward(p.bobPos);
      await expect(p.distributor.connect(p.alice).claim([p.alicePos])).to.changeTokenBalance(
        ethers,
        p.wbtc,
        p.alice,
        alice,
      );
      await expect(p.distributor.connect(p.carol).claim([p.bobPos])).to.changeTokenBalance(
        ethers,
        p.wbtc,
        p.carol,
        carol,
      );
      await expect(p.distributor.connect(p.bob).claimBalance(p.wbtc)).to.changeTokenBalance(
        ethers,
        p.wbtc,
        p.bob,
        bobBalance,
      );
      // All of the epoch, less rounding dust, reached the holders.
      expect(BTC - alice - carol - bobBalance).to.be.within(0n, 3n);
    });
  });
});
