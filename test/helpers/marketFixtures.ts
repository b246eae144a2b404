// Named fixtures and helpers for the ShareMarket suites (test/ShareMarket.test.ts, test/rentals.test.ts,
// test/marketAttacks.test.ts): the protocol with one rig, a market deployed as
// `new ShareMarket(shares, feeBps, treasury, 0, admin)`, every holder approving the market for its
// positions (setApprovalForAll) and for the payment token, and two positions already minted. Also the
// EIP-712 types and signing helpers for signed listings and offers, and an exact stream model for rentals.
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { ContractTransactionReceipt, ContractTransactionResponse, TypedDataDomain } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import type {
  IShareMarket,
  MarketMockShares,
  MarketRevertingOperator,
  ShareMarket,
} from "../../typechain-types/index.js";
import { SCALE, STRIDE, mintShares, protocolWithRigFixture, registerRig, sha256RigParams } from "./fixtures.js";
import { OFFER_TYPES, SIGNED_LISTING_TYPES as LISTING_TYPES } from "../../scripts/lib/market.js";

export * from "./fixtures.js";

/** Protocol fee of the market in the fixtures: 2% of every sale and rental. */
export const MARKET_FEE_BPS = 200n;
/** The rig's ERC-2981 royalty (sha256RigParams): 5% to its operator. */
export const ROYALTY_BPS = 500n;
export const BPS = 10_000n;
export const ALICE_SHARES = 400n;
export const BOB_SHARES = 200n;
/** 0.5184 BTC over a day to the fixture's 600 shares streams exactly 1 sat per share per second. */
export const CLEAN_PUSH = 51_840_000n;

export type SignedListing = IShareMarket.SignedListingStruct;
export type Offer = IShareMarket.OfferStruct;

// The EIP-712 types the wallets sign, shared with the demo and the benchmark.
export { LISTING_TYPES, OFFER_TYPES };

/** Protocol + one rig + a market, approvals in place, Alice holding 400 shares and Bob 200. */
export async function marketFixture(connection: NetworkConnection) {
  const p = await protocolWithRigFixture(connection);
  const { ethers, admin, treasury } = p;
  const market = (await ethers.deployContract("ShareMarket", [
    await p.shares.getAddress(),
    MARKET_FEE_BPS,
    treasury.address,
    0,
    admin.address,
  ])) as unknown as ShareMarket;
  const marketAddress = await market.getAddress();
  for (const holder of [p.alice, p.bob, p.carol, p.dave, p.stranger]) {
    await p.shares.connect(holder).setApprovalForAll(marketAddress, true);
    await p.usdc.connect(holder).approve(marketAddress, ethers.MaxUint256);
  }
  const aliceId = await mintShares(p, p.alice, p.rigId, ALICE_SHARES);
  const bobId = await mintShares(p, p.bob, p.rigId, BOB_SHARES);
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const domain: TypedDataDomain = { name: "Rigshare Market", version: "1", chainId, verifyingContract: marketAddress };
  return { ...p, market, marketAddress, aliceId, bobId, chainId, domain };
}

export type MarketProtocol = Awaited<ReturnType<typeof marketFixture>>;

/** `marketFixture` with one clean epoch pushed: 1 sat per share per second for a day. */
export async function marketStreamFixture(connection: NetworkConnection) {
  const m = await marketFixture(connection);
  const stream = await m.distributor.rigStream(m.rigId);
  const epoch = stream.nextEpoch;
  const endsAt = (epoch + 1n) * stream.epochLength;
  await connection.networkHelpers.time.setNextBlockTimestamp(endsAt);
  await m.distributor.connect(m.operator).pushEpoch(m.rigId, epoch, CLEAN_PUSH);
  return { ...m, pushedAt: endsAt };
}

/** `marketFixture` plus a second rig (same operator, Scrypt-like name) in which Alice holds 50 shares. */
export async function twoRigMarketFixture(connection: NetworkConnection) {
  const m = await marketFixture(connection);
  const otherRigId = await registerRig(
    m,
    sha256RigParams(await m.usdc.getAddress(), await m.wbtc.getAddress(), { name: "Backup rig" }),
  );
  const aliceOtherId = await mintShares(m, m.alice, otherRigId, 50n);
  return { ...m, otherRigId, aliceOtherId };
}

/**
 * A market over MarketMockShares, a stand-in share token whose ERC-2981 royalty can be anything (RigShares
 * caps it at 10%): 100% to the operator at first. Alice holds a 100-share mock position, approved.
 */
export async function mockRoyaltyMarketFixture(connection: NetworkConnection) {
  const m = await marketFixture(connection);
  const { ethers } = m;
  const mock = (await ethers.deployContract("MarketMockShares", [
    m.operator.address,
    10_000,
  ])) as unknown as MarketMockShares;
  const mockMarket = (await ethers.deployContract("ShareMarket", [
    await mock.getAddress(),
    MARKET_FEE_BPS,
    m.treasury.address,
    0,
    m.admin.address,
  ])) as unknown as ShareMarket;
  const mockMarketAddress = await mockMarket.getAddress();
  await mock.connect(m.alice).setApprovalForAll(mockMarketAddress, true);
  await m.usdc.connect(m.carol).approve(mockMarketAddress, ethers.MaxUint256);
  const mockId = await mock.mint.staticCall(m.alice.address, 100n);
  await mock.mint(m.alice.address, 100n);
  return { ...m, mock, mockMarket, mockMarketAddress, mockId };
}

/**
 * A rig registered by MarketRevertingOperator, a contract that reverts on every payment and every call it
 * does not know (so it is an ERC-2981 royalty receiver that refuses tokens and ether). Alice holds 100 of
 * its shares.
 */
export async function revertingOperatorFixture(connection: NetworkConnection) {
  const m = await marketFixture(connection);
  const { ethers } = m;
  const badOperator = (await ethers.deployContract("MarketRevertingOperator")) as unknown as MarketRevertingOperator;
  const badOperatorAddress = await badOperator.getAddress();
  await m.shares.connect(m.admin).grantRole(await m.shares.OPERATOR_ROLE(), badOperatorAddress);
  const params = sha256RigParams(await m.usdc.getAddress(), await m.wbtc.getAddress(), { name: "Hostile rig" });
  const sharesAddress = await m.shares.getAddress();
  await badOperator.exec(sharesAddress, m.shares.interface.encodeFunctionData("registerRig", [params]));
  const badRigId = await m.shares.rigCount();
  await badOperator.exec(sharesAddress, m.shares.interface.encodeFunctionData("setSaleOpen", [badRigId, true]));
  const badRigPosition = await mintShares(m, m.alice, badRigId, 100n);
  return { ...m, badOperator, badOperatorAddress, badRigId, badRigPosition };
}

// ───────────────────────────── payments ─────────────────────────────

/** The market's split of a sale price for the fixture rig: fee first (rounded down), then the royalty. */
export function splitOf(price: bigint, royaltyBps = ROYALTY_BPS, feeBps = MARKET_FEE_BPS) {
  const fee = (price * feeBps) / BPS;
  let royalty = (price * royaltyBps) / BPS;
  if (royalty > price - fee) royalty = price - fee;
  return { fee, royalty, seller: price - fee - royalty };
}

// ───────────────────────────── signed orders ─────────────────────────────

/** A signed listing of `positionId` by `seller` with defaults: whole position, 10 USDC a share, a day. */
export async function listingOrder(
  m: MarketProtocol,
  seller: HardhatEthersSigner,
  positionId: bigint,
  overrides: Partial<SignedListing> = {},
): Promise<SignedListing> {
  const pos = await m.distributor.position(positionId);
  const now = BigInt(await m.connection.networkHelpers.time.latest());
  return {
    seller: seller.address,
    positionId,
    shares: pos.shares,
    version: pos.version,
    paymentToken: await m.usdc.getAddress(),
    pricePerShare: 10_000_000n,
    minFill: 1n,
    expiry: now + 86_400n,
    counter: await m.market.counterOf(seller.address),
    salt: 1n,
    ...overrides,
  };
}

/** An offer by `buyer` for up to `maxShares` of the fixture rig, with defaults: 12 USDC a share, a day. */
export async function offerOrder(
  m: MarketProtocol,
  buyer: HardhatEthersSigner | string,
  overrides: Partial<Offer> = {},
): Promise<Offer> {
  const address = typeof buyer === "string" ? buyer : buyer.address;
  const now = BigInt(await m.connection.networkHelpers.time.latest());
  return {
    buyer: address,
    rigId: m.rigId,
    maxShares: 100n,
    paymentToken: await m.usdc.getAddress(),
    pricePerShare: 12_000_000n,
    expiry: now + 86_400n,
    counter: await m.market.counterOf(address),
    salt: 1n,
    ...overrides,
  };
}

/** EIP-712 signature of a listing under `domain` (the fixture market's unless overridden). */
export function signListing(
  m: MarketProtocol,
  signer: HardhatEthersSigner,
  order: SignedListing,
  domain: TypedDataDomain = m.domain,
): Promise<string> {
  return signer.signTypedData(domain, LISTING_TYPES, order);
}

/** EIP-712 signature of an offer under `domain` (the fixture market's unless overridden). */
export function signOffer(
  m: MarketProtocol,
  signer: HardhatEthersSigner,
  offer: Offer,
  domain: TypedDataDomain = m.domain,
): Promise<string> {
  return signer.signTypedData(domain, OFFER_TYPES, offer);
}

// ───────────────────────────── receipts ─────────────────────────────

export async function mined(response: Promise<ContractTransactionResponse>): Promise<ContractTransactionReceipt> {
  const receipt = await (await response).wait();
  if (!receipt) throw new Error("no receipt");
  return receipt;
}

/** Arguments of the market's `Sold` events in `receipt`. */
export function soldEvents(m: MarketProtocol, receipt: ContractTransactionReceipt) {
  const out: {
    positionId: bigint;
    boughtId: bigint;
    seller: string;
    buyer: string;
    shares: bigint;
    price: bigint;
    royalty: bigint;
    fee: bigint;
  }[] = [];
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== m.marketAddress.toLowerCase()) continue;
    const parsed = m.market.interface.parseLog(log);
    if (parsed?.name !== "Sold") continue;
    const [positionId, boughtId, seller, buyer, shares, price, royalty, fee] = parsed.args;
    out.push({ positionId, boughtId, seller, buyer, shares, price, royalty, fee });
  }
  return out;
}

/** Arguments of the share token's `UpdateUser` events in `receipt`, as [tokenId, user, expires]. */
export function updateUserEvents(m: MarketProtocol, receipt: ContractTransactionReceipt): [bigint, string, bigint][] {
  const out: [bigint, string, bigint][] = [];
  const sharesAddress = String(m.shares.target).toLowerCase();
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== sharesAddress) continue;
    const parsed = m.shares.interface.parseLog(log);
    if (parsed?.name === "UpdateUser") out.push([parsed.args[0], parsed.args[1], parsed.args[2]]);
  }
  return out;
}

export function nextPositionId(rigId: bigint, serial: bigint): bigint {
  return rigId * STRIDE + serial;
}

// ───────────────────────────── an exact stream model for rentals ─────────────────────────────

/**
 * One rig's stream, written from the rules (not from the contract's history code): a push at `t` streams
 * (unstreamed rest + unallocated + amount × 1e18) over one epoch at ⌊total / length⌋ per second; the
 * reward per share grows by rate / shares outstanding each second until the stream ends. The model keeps
 * that reward per share *unrounded* (an exact fraction, as a numerator over a common denominator), so
 * `earned(shares, a, b)` is the ideal ⌊shares × (acc(b) − acc(a)) / 1e18⌋: the chain, which rounds its
 * accumulator down and carries the rest, may differ by one base unit. Times must be given in order.
 */
export class IdealStream {
  private rate = 0n;
  private periodEnd = 0n;
  private unallocated = 0n;
  private shares = 0n;
  private lastTime = 0n;
  /** Σ rate × dt / shares so far, scaled by 1e54 (rate is already × 1e18): 1e-36 of a base unit per share. */
  private accX54 = 0n;
  private readonly points: { t: bigint; accX54: bigint; rate: bigint; shares: bigint; end: bigint }[] = [];

  constructor(readonly epochLength: bigint) {}

  /** Advances to `t` (no state change other than time). */
  private advance(t: bigint): void {
    if (t < this.lastTime) throw new Error(`IdealStream: time went back (${t} < ${this.lastTime})`);
    const to = t < this.periodEnd ? t : this.periodEnd;
    if (to > this.lastTime) {
      const released = this.rate * (to - this.lastTime);
      if (this.shares === 0n) this.unallocated += released;
      else this.accX54 += (released * SCALE ** 2n) / this.shares;
    }
    this.lastTime = t;
    this.points.push({ t, accX54: this.accX54, rate: this.rate, shares: this.shares, end: this.periodEnd });
  }

  push(t: bigint, amount: bigint): void {
    this.advance(t);
    const remaining = t >= this.periodEnd ? 0n : this.rate * (this.periodEnd - t);
    const total = remaining + this.unallocated + amount * SCALE;
    this.rate = total / this.epochLength;
    this.unallocated = total % this.epochLength;
    this.periodEnd = t + this.epochLength;
    this.advance(t);
  }

  /** Shares outstanding change by `delta` at `t` (a mint or a burn). */
  sharesChanged(t: bigint, delta: bigint): void {
    this.advance(t);
    this.shares += delta;
    this.advance(t);
  }

  /** Reward per share at `t` (≥ every change recorded), scaled by 1e54 (1e18 above the contract's X18). */
  accX54At(t: bigint): bigint {
    // The last recorded point at or before t, then its slope.
    let i = this.points.length - 1;
    while (i > 0 && this.points[i].t > t) i--;
    const p = this.points[i];
    if (p.t > t) throw new Error(`IdealStream: ${t} before the first point`);
    const to = t < p.end ? t : p.end;
    if (to <= p.t || p.shares === 0n) return p.accX54;
    return p.accX54 + (p.rate * (to - p.t) * SCALE ** 2n) / p.shares;
  }

  /** ⌊shares × (acc(b) − acc(a)) / 1e18⌋ in base units. */
  earned(shares: bigint, a: bigint, b: bigint): bigint {
    return (shares * (this.accX54At(b) - this.accX54At(a))) / SCALE ** 3n;
  }
}
