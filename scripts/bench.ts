// Gas benchmark: measures receipt gas (21,000 base included) of every core operation beside
// OpenZeppelin's plain ERC-721 and a Synthetix-style StakingRewards compiled in the same build, plus
// scaling rows showing that claim and push cost the same at 1, 10 and 1,000 epochs or holders.
// Prints a table and writes bench/gas.json. Run: npm run bench
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

import { network } from "hardhat";

import type { BaselineERC721, BaselineStakingRewards, TestERC20 } from "../typechain-types/index.js";

import {
  BTC,
  DAY,
  deployProtocol,
  mintShares,
  pushNextEpoch,
  registerRig,
  sha256RigParams,
  type Protocol,
} from "./lib/protocol.js";
import { deployMarket, OFFER_TYPES, SIGNED_LISTING_TYPES, signOrder } from "./lib/market.js";
import { deployOracle, signReport } from "./lib/oracle.js";

type Receipt = { gasUsed: bigint } | null;
const gasOf = async (tx: Promise<{ wait(): Promise<Receipt> }>): Promise<number> =>
  Number((await (await tx).wait())!.gasUsed);

const connection = await network.create();
const { ethers, networkHelpers } = connection;

/** A deployment with one rig whose stream is running, so every operation pays for settlement. */
async function runningRig(): Promise<Protocol & { rigId: bigint }> {
  const p = await deployProtocol(connection);
  const rigId = await registerRig(
    p,
    sha256RigParams(await p.usdc.getAddress(), await p.wbtc.getAddress(), {
      totalShares: 1_000_000n,
      pricePerShare: 1_000_000n,
    }),
  );
  return { ...p, rigId };
}

/** A fresh address holding ETH only, so every write to it is a first write. */
async function freshAccount(): Promise<string> {
  return ethers.Wallet.createRandom().address;
}

async function measureOps() {
  const p = await runningRig();
  const { alice, bob, carol, distributor, shares, rigId } = p;
  const warmup = await mintShares(p, alice, rigId, 10n);
  await pushNextEpoch(p, rigId, BTC / 10n);
  await networkHelpers.time.increase(3_600);

  const mint = await gasOf(shares.connect(bob).mint(rigId, 100n)); // bob's first position
  const bobPosition = await shares.rigCount().then(() => warmup + 1n);
  await networkHelpers.time.increase(3_600);
  const transfer = await gasOf(shares.connect(bob).transferFrom(bob.address, await freshAccount(), bobPosition));

  const carolPosition = await mintShares(p, carol, rigId, 100n);
  await networkHelpers.time.increase(3_600);
  const split = await gasOf(shares.connect(carol).split(carolPosition, 40n));
  await networkHelpers.time.increase(3_600);
  const merge = await gasOf(shares.connect(carol).merge(carolPosition, carolPosition + 1n));

  // claim1: a holder who has claimed before claims one position.
  await distributor.connect(alice).claim([warmup]);
  await networkHelpers.time.increase(3_600);
  const claim1 = await gasOf(distributor.connect(alice).claim([warmup]));
  const firstClaim = await gasOf(distributor.connect(carol).claim([carolPosition]));

  const tenPositions: bigint[] = [];
  for (let i = 0; i < 10; i++) tenPositions.push(await mintShares(p, alice, rigId, 10n));
  await networkHelpers.time.increase(3_600);
  const claim10 = await gasOf(distributor.connect(alice).claim(tenPositions));

  const epoch = (await distributor.rigStream(rigId)).nextEpoch;
  await networkHelpers.time.increaseTo((epoch + 1n) * DAY);
  const pushEpoch = await gasOf(distributor.connect(p.operator).pushEpoch(rigId, epoch, BTC / 10n));
  return { mint, transfer, split, merge, claim1, firstClaim, claim10, pushEpoch };
}

async function measureBaselines() {
  const [deployer, holder] = await ethers.getSigners();
  const nft = (await ethers.deployContract("BaselineERC721")) as unknown as BaselineERC721;
  await nft.mint(deployer.address);
  const ozMint = await gasOf(nft.mint(holder.address)); // new holder
  const ozTransfer = await gasOf(nft.connect(holder).transferFrom(holder.address, await freshAccount(), 2n));

  const reward = (await ethers.deployContract("TestERC20", ["Reward", "RWD", 8])) as unknown as TestERC20;
  const stake = (await ethers.deployContract("TestERC20", ["Stake", "STK", 18])) as unknown as TestERC20;
  const staking = (await ethers.deployContract("BaselineStakingRewards", [
    await reward.getAddress(),
    await stake.getAddress(),
    DAY,
  ])) as unknown as BaselineStakingRewards;
  await reward.mint(deployer.address, 10n * BTC);
  await reward.approve(await staking.getAddress(), ethers.MaxUint256);
  await stake.mint(holder.address, 10n ** 20n);
  await stake.connect(holder).approve(await staking.getAddress(), ethers.MaxUint256);
  await staking.connect(holder).stake(10n ** 18n);
  await staking.notifyRewardAmount(BTC);
  await networkHelpers.time.increase(3_600);
  await staking.connect(holder).getReward(); // like claim1: the holder has claimed before
  await networkHelpers.time.increase(3_600);
  const stakingGetReward = await gasOf(staking.connect(holder).getReward());
  return { ozMint, ozTransfer, stakingGetReward };
}

/** Claim of one position after `epochs` daily epochs have been pushed since the holder's last claim. */
async function claimAfterEpochs(epochs: number): Promise<number> {
  const p = await runningRig();
  const position = await mintShares(p, p.alice, p.rigId, 10n);
  await pushNextEpoch(p, p.rigId, BTC / 10n);
  await networkHelpers.time.increase(3_600);
  await p.distributor.connect(p.alice).claim([position]);
  for (let i = 0; i < epochs; i++) await pushNextEpoch(p, p.rigId, BTC / 10n);
  await networkHelpers.time.increase(3_600);
  return gasOf(p.distributor.connect(p.alice).claim([position]));
}

/** Push of an epoch while `holders` distinct accounts hold positions of the rig. */
async function pushWithHolders(holders: number): Promise<number> {
  const p = await runningRig();
  for (let i = 0; i < holders; i++) {
    const position = await mintShares(p, p.alice, p.rigId, 1n);
    await p.shares.connect(p.alice).transferFrom(p.alice.address, await freshAccount(), position);
  }
  await pushNextEpoch(p, p.rigId, BTC / 10n);
  const stream = await p.distributor.rigStream(p.rigId);
  await networkHelpers.time.increaseTo((stream.nextEpoch + 1n) * DAY);
  return gasOf(p.distributor.connect(p.operator).pushEpoch(p.rigId, stream.nextEpoch, BTC / 10n));
}

/** Oracle-verified push (3-of-5 signatures) in steady state: the rig's third report, relayed and pushed in one call. */
async function measureOraclePush() {
  const p = await deployOracle(await runningRig());
  await p.funder.connect(p.operator).configureRig(p.rigId, 63n, 200n, 9_200n, 50_000n);
  await mintShares(p, p.alice, p.rigId, 100n);
  await p.funder.connect(p.operator).depositBond(p.rigId, 1_000_000n);
  const gas: number[] = [];
  for (const delivered of [198n, 199n, 197n, 150n]) {
    const epoch = await p.oracle.nextReportEpoch(p.rigId);
    await networkHelpers.time.increaseTo((epoch + 1n) * DAY);
    const report = {
      rigId: p.rigId,
      epoch,
      deliveredHashrate: delivered * 10n ** 12n,
      uptimeBps: 10_000n,
      grossReward: 11_800n,
      energyWh: 84_000n,
    };
    const signatures = await signReport(p, report);
    gas.push(await gasOf(p.funder.connect(p.stranger).pushEpochWithReport(report, signatures)));
  }
  // gas[2]: steady state; gas[3]: the same with an SLA refund paid from the bond.
  return { pushEpochWithReport: gas[2], pushEpochWithReportSla: gas[3] };
}

/** Market operations on a running rig; every fill settles the seller's accrued rewards first. */
async function measureMarket() {
  const p = await deployMarket(await runningRig());
  const { alice, bob, carol, dave, market, usdc, rigId } = p;
  const payment = await usdc.getAddress();
  const expiry = BigInt(await networkHelpers.time.latest()) + 30n * DAY;
  const position = async (holder: typeof alice, count: bigint) => mintShares(p, holder, rigId, count);
  // Warm the treasury's and the operator's proceeds, as after any earlier sale.
  const warm = await position(alice, 10n);
  await market.connect(alice).list(warm, payment, 1_000_000n, 1n, expiry);
  await market.connect(bob).buy(warm, 5n, 1_000_000n);
  await pushNextEpoch(p, rigId, BTC / 10n);
  await networkHelpers.time.increase(3_600);

  const full = await position(alice, 100n);
  const list = await gasOf(market.connect(alice).list(full, payment, 1_000_000n, 1n, expiry));
  await networkHelpers.time.increase(600);
  const buyFull = await gasOf(market.connect(bob).buy(full, 100n, 1_000_000n));

  const partial = await position(carol, 100n);
  await market.connect(carol).list(partial, payment, 1_000_000n, 1n, expiry);
  await networkHelpers.time.increase(600);
  const buyPartial = await gasOf(market.connect(dave).buy(partial, 40n, 1_000_000n));

  const signedPosition = await position(alice, 100n);
  const version = (await p.distributor.position(signedPosition)).version;
  const order = {
    seller: alice.address,
    positionId: signedPosition,
    shares: 100n,
    version,
    paymentToken: payment,
    pricePerShare: 1_000_000n,
    minFill: 1n,
    expiry,
    counter: 0n,
    salt: 1n,
  };
  const listingSignature = await signOrder(p, alice, SIGNED_LISTING_TYPES, order);
  await networkHelpers.time.increase(600);
  const fillSignedListing = await gasOf(market.connect(carol).buySigned(order, listingSignature, 100n, 1_000_000n));

  const offer = {
    buyer: dave.address,
    rigId,
    maxShares: 50n,
    paymentToken: payment,
    pricePerShare: 1_000_000n,
    expiry,
    counter: 0n,
    salt: 2n,
  };
  const offerSignature = await signOrder(p, dave, OFFER_TYPES, offer);
  const sold = await position(bob, 50n);
  await networkHelpers.time.increase(600);
  const fillOffer = await gasOf(market.connect(bob).fillOffer(offer, offerSignature, sold, 50n, 1_000_000n));

  const rented = await position(carol, 100n);
  await market.connect(carol).listForRent(rented, payment, 2_000_000n, 1n, 30n, expiry);
  await networkHelpers.time.increase(600);
  const rent = await gasOf(market.connect(dave).rent(rented, 3n, 2_000_000n));
  // A second rental while the first runs: the rig's history is already being recorded.
  const second = await position(carol, 100n);
  await market.connect(carol).listForRent(second, payment, 2_000_000n, 1n, 30n, expiry);
  await networkHelpers.time.increase(600);
  const rentWhileRented = await gasOf(market.connect(bob).rent(second, 3n, 2_000_000n));
  return { list, buyFull, buyPartial, fillSignedListing, fillOffer, rent, rentWhileRented };
}

const TARGETS: Record<string, number> = {
  buyFull: 160_000,
  buyPartial: 230_000,
  rent: 120_000,
  mint: 130_000,
  transfer: 90_000,
  claim1: 70_000,
  pushEpoch: 90_000,
  pushEpochWithReport: 150_000,
};
const SCALES = [1, 10, 1000];

const ops = { ...(await measureOps()), ...(await measureOraclePush()), ...(await measureMarket()) };
const baseline = await measureBaselines();
const scaling = { claim1: {} as Record<string, number>, pushEpoch: {} as Record<string, number> };
for (const n of SCALES) {
  scaling.claim1[n] = await claimAfterEpochs(n);
  scaling.pushEpoch[n] = await pushWithHolders(n);
}

const result = { ops, baseline, scaling };
mkdirSync(path.resolve("bench"), { recursive: true });
writeFileSync(path.resolve("bench/gas.json"), JSON.stringify(result, null, 2) + "\n");

const baselineFor: Record<string, string> = {
  mint: `OZ ERC721 mint ${baseline.ozMint}`,
  transfer: `OZ ERC721 transfer ${baseline.ozTransfer}`,
  claim1: `StakingRewards getReward ${baseline.stakingGetReward}`,
  firstClaim: `StakingRewards getReward ${baseline.stakingGetReward}`,
};
const rows = Object.entries(ops).map(([op, gas]) => ({
  operation: op,
  gas,
  target: TARGETS[op] ?? "",
  "within target": TARGETS[op] === undefined ? "" : gas <= TARGETS[op] ? "yes" : "NO",
  baseline: baselineFor[op] ?? "",
}));
console.log("\nGas per operation (receipt gasUsed, 21,000 base included)");
console.table(rows);
console.log("Scaling (claim1 by epochs elapsed, pushEpoch by holders)");
console.table(Object.fromEntries(Object.entries(scaling).map(([op, r]) => [op, r])));
const flat = Object.values(scaling).every((r) => new Set(Object.values(r)).size === 1);
console.log(flat ? "claim1 and pushEpoch gas identical at 1, 10 and 1,000." : "SCALING NOT FLAT");
const markdown = [
  "| operation | gas | target | baseline (same build) |",
  "|---|---:|---:|---|",
  ...rows.map(
    (r) =>
      `| ${r.operation} | ${r.gas.toLocaleString("en-US")} | ${TARGETS[r.operation]?.toLocaleString("en-US") ?? ""} | ${r.baseline} |`,
  ),
  "",
  "| scaling | 1 | 10 | 1,000 |",
  "|---|---:|---:|---:|",
  ...Object.entries(scaling).map(
    ([op, r]) => `| ${op} | ${SCALES.map((n) => r[n].toLocaleString("en-US")).join(" | ")} |`,
  ),
].join("\n");
writeFileSync(path.resolve("bench/gas.md"), markdown + "\n");
console.log("wrote bench/gas.json and bench/gas.md");
if (!flat) process.exitCode = 1;
