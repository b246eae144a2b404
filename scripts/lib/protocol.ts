// Deploys the protocol on a Hardhat network connection with test tokens and funded accounts, and
// small helpers to register rigs, mint and push epochs. Shared by the test fixtures, the demo and the
// gas benchmark.
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkConnection } from "hardhat/types/network";

import type { RewardDistributor, RigShares, ShareRenderer, TestERC20 } from "../../typechain-types/index.js";

export const DAY = 86_400n;
export const BTC = 10n ** 8n; // 8-decimal payout token unit
export const USDC = 10n ** 6n; // 6-decimal payment token unit
export const SCALE = 10n ** 18n;
export const STRIDE = 10n ** 12n; // positionId = rigId * STRIDE + serial

export enum Algorithm {
  SHA256,
  Scrypt,
  RandomX,
  Ethash,
  KHeavyHash,
}

export type RigParamsInput = {
  name: string;
  algorithm: number;
  hashrate: bigint;
  powerWatts: bigint;
  totalShares: bigint;
  pricePerShare: bigint;
  paymentToken: string;
  payoutToken: string;
  epochLength: bigint;
  maxEpochPayout: bigint;
  royaltyBps: bigint;
};

export type Protocol = Awaited<ReturnType<typeof deployProtocol>>;

/** Deploys tokens, renderer, share token and distributor, wires them, and approves one operator. */
export async function deployProtocol(connection: NetworkConnection) {
  const { ethers } = connection;
  const [admin, treasury, operator, alice, bob, carol, dave, stranger] = await ethers.getSigners();

  const usdc = (await ethers.deployContract("TestERC20", ["USD Coin", "USDC", 6])) as unknown as TestERC20;
  const wbtc = (await ethers.deployContract("TestERC20", ["Wrapped BTC", "WBTC", 8])) as unknown as TestERC20;
  const renderer = (await ethers.deployContract("ShareRenderer")) as unknown as ShareRenderer;
  const shares = (await ethers.deployContract("RigShares", [
    0,
    admin.address,
    await renderer.getAddress(),
    treasury.address,
    250, // 2.5% protocol fee on primary sales
  ])) as unknown as RigShares;
  const distributor = (await ethers.deployContract("RewardDistributor", [
    await shares.getAddress(),
    0,
    admin.address,
  ])) as unknown as RewardDistributor;
  await shares.setDistributor(await distributor.getAddress());
  await shares.grantRole(await shares.OPERATOR_ROLE(), operator.address);

  for (const holder of [alice, bob, carol, dave, stranger]) {
    await usdc.mint(holder.address, 10_000_000n * USDC);
    await usdc.connect(holder).approve(await shares.getAddress(), ethers.MaxUint256);
  }
  await wbtc.mint(operator.address, 1_000_000n * BTC);
  await wbtc.connect(operator).approve(await distributor.getAddress(), ethers.MaxUint256);

  return {
    connection,
    ethers,
    admin,
    treasury,
    operator,
    alice,
    bob,
    carol,
    dave,
    stranger,
    usdc,
    wbtc,
    renderer,
    shares,
    distributor,
  };
}

/** Default parameters: a 200 TH/s, 3,500 W SHA-256 rig split into 1,000 shares at 100 USDC, paying WBTC daily. */
export function sha256RigParams(
  paymentToken: string,
  payoutToken: string,
  overrides: Partial<RigParamsInput> = {},
): RigParamsInput {
  return {
    name: "Antminer S21 #1",
    algorithm: Algorithm.SHA256,
    hashrate: 200n * 10n ** 12n,
    powerWatts: 3_500n,
    totalShares: 1_000n,
    pricePerShare: 100n * USDC,
    paymentToken,
    payoutToken,
    epochLength: DAY,
    maxEpochPayout: 1n * BTC,
    royaltyBps: 500n,
    ...overrides,
  };
}

/** Registers a rig from `operator` and opens its sale; returns its id. */
export async function registerRig(
  p: Protocol,
  params: RigParamsInput,
  operator: HardhatEthersSigner = p.operator,
): Promise<bigint> {
  await p.shares.connect(operator).registerRig(params);
  const rigId = await p.shares.rigCount();
  await p.shares.connect(operator).setSaleOpen(rigId, true);
  return rigId;
}

/** Mints `count` shares of `rigId` to `holder` and returns the new position id. */
export async function mintShares(
  p: Protocol,
  holder: HardhatEthersSigner,
  rigId: bigint,
  count: bigint,
): Promise<bigint> {
  const tx = await p.shares.connect(holder).mint(rigId, count);
  const receipt = await tx.wait();
  for (const log of receipt!.logs) {
    const parsed = p.shares.interface.parseLog(log);
    if (parsed?.name === "SharesMinted") return parsed.args.positionId as bigint;
  }
  throw new Error("SharesMinted not emitted");
}

/** Latest block timestamp. */
export async function now(p: Protocol): Promise<bigint> {
  return BigInt(await p.connection.networkHelpers.time.latest());
}

/**
 * Pushes the rig's next epoch with `amount`, first advancing time to the end of that epoch if needed.
 * Returns the epoch pushed.
 */
export async function pushNextEpoch(
  p: Protocol,
  rigId: bigint,
  amount: bigint,
  operator: HardhatEthersSigner = p.operator,
): Promise<bigint> {
  const stream = await p.distributor.rigStream(rigId);
  const epoch = stream.nextEpoch;
  const endsAt = (epoch + 1n) * stream.epochLength;
  if ((await now(p)) < endsAt) await p.connection.networkHelpers.time.increaseTo(endsAt);
  await p.distributor.connect(operator).pushEpoch(rigId, epoch, amount);
  return epoch;
}

/** A viem `as const` EIP-712 type table, copied into the mutable shape ethers' `signTypedData` takes. */
export function ethersTypes(
  types: Readonly<Record<string, readonly { readonly name: string; readonly type: string }[]>>,
) {
  return Object.fromEntries(Object.entries(types).map(([k, fields]) => [k, fields.map((f) => ({ ...f }))]));
}
