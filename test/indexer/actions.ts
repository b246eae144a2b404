// A seeded random sequence of protocol actions on a live chain, through the SDK's actions (the same calls
// the app and CLI send): mint, transfer, split, merge, burn, list, buy (whole or partial), cancel, signed
// listings bought in part or whole and cancelled, counter bumps, rental listings, rentals, time running
// past rentals ("expire"), epoch pushes from 3-of-5 signed reports (with SLA shortfalls), claims and
// balance claims. Each step picks an action that can succeed from the chain's current state (read before
// the step), so the sequence exercises every event path without relying on reverts.
import type { Address, Hex, PublicClient } from "viem";

import {
  type AddressBook,
  type SignedListingOrder,
  type WriteClient,
  burn,
  buyShares,
  buySignedListing,
  cancelListing,
  cancelOrder,
  claim,
  claimBalance,
  contractsOf,
  getRig,
  incrementCounter,
  listForRent,
  listPosition,
  merge,
  mint,
  pushEpochWithReport,
  rentPosition,
  rewardDistributorAbi,
  rigSharesAbi,
  shareMarketAbi,
  signEpochReport,
  signListing,
  split,
  transfer,
} from "../../sdk/index.js";
import { HARDHAT_ACCOUNTS, HARDHAT_KEYS, rpc, testWalletClient } from "../../scripts/lib/localStack.js";

const STRIDE = 10n ** 12n;
const DAY = 86_400n;

/** mulberry32: a small seeded PRNG, so a failing sequence can be replayed from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Live = { id: bigint; owner: Address; shares: bigint; rentedUntil: bigint; minFill?: bigint };

export class ActionDriver {
  readonly holders: WriteClient[];
  readonly operator: WriteClient;
  readonly reporters: WriteClient[];
  /** Every signed order hash created (the comparison checks their on-chain state). */
  readonly orderHashes: Hex[] = [];
  readonly counts = new Map<string, number>();
  private readonly contracts;
  private readonly signed: { order: SignedListingOrder; signature: Hex; seller: number }[] = [];
  private readonly rand: () => number;

  constructor(
    private readonly rpcUrl: string,
    private readonly reader: PublicClient,
    private readonly book: AddressBook,
    seed: number,
  ) {
    const chainId = book.chainId;
    this.contracts = contractsOf(book);
    this.holders = HARDHAT_KEYS.holders.map((k) => testWalletClient(rpcUrl, chainId, k));
    this.operator = testWalletClient(rpcUrl, chainId, HARDHAT_KEYS.operator);
    this.reporters = HARDHAT_KEYS.reporters.map((k) => testWalletClient(rpcUrl, chainId, k));
    this.rand = prng(seed);
  }

  /** Accounts whose balances the comparison checks. */
  accounts(): Address[] {
    return [...HARDHAT_ACCOUNTS.holders, HARDHAT_ACCOUNTS.operator, HARDHAT_ACCOUNTS.deployer];
  }

  private int(n: number): number {
    return Math.floor(this.rand() * n);
  }
  private pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  private holderIndex(address: Address): number {
    return HARDHAT_ACCOUNTS.holders.findIndex((a) => a.toLowerCase() === address.toLowerCase());
  }
  private get rigId(): bigint {
    return BigInt(this.book.seed!.rigId);
  }
  private get usdc(): Address {
    return this.book.tokens!.USDC!.address;
  }
  private async now(): Promise<bigint> {
    return (await this.reader.getBlock({ blockTag: "latest" })).timestamp;
  }
  private async warp(seconds: bigint): Promise<void> {
    await rpc(this.rpcUrl, "evm_increaseTime", [Number(seconds)]);
    await rpc(this.rpcUrl, "evm_mine");
  }

  /** Live positions of the demo rig held by the holders, with their running rental's end (0 if none). */
  private async live(): Promise<Live[]> {
    const rig = await getRig(this.reader, { contracts: this.contracts, rigId: this.rigId });
    const ids = Array.from({ length: Number(rig.lastSerial) }, (_, i) => this.rigId * STRIDE + BigInt(i + 1));
    const now = await this.now();
    const rows = await Promise.all(
      ids.map(async (id) => {
        const [owner, shares, rental] = await Promise.all([
          this.reader.readContract({
            address: this.contracts.rigShares,
            abi: rigSharesAbi,
            functionName: "beneficiaryOf",
            args: [id],
          }),
          this.reader.readContract({
            address: this.contracts.distributor,
            abi: rewardDistributorAbi,
            functionName: "sharesOf",
            args: [id],
          }),
          this.reader.readContract({
            address: this.contracts.distributor,
            abi: rewardDistributorAbi,
            functionName: "rentalOf",
            args: [id],
          }),
        ]);
        return { id, owner, shares, rentedUntil: rental.expires >= now ? rental.expires : 0n };
      }),
    );
    return rows.filter((p) => p.shares > 0n && this.holderIndex(p.owner) >= 0);
  }

  private count(name: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }

  /** Runs one random action that can succeed now; returns its name. */
  async step(): Promise<string> {
    const all = await this.live();
    const free = all.filter((p) => p.rentedUntil === 0n);
    const market = this.book.contracts.ShareMarket!.address;
    const listed: Live[] = [];
    for (const p of free) {
      const l = await this.reader.readContract({
        address: market,
        abi: shareMarketAbi,
        functionName: "listing",
        args: [p.id],
      });
      if (l.seller.toLowerCase() === p.owner.toLowerCase() && l.shares === p.shares)
        listed.push({ ...p, minFill: l.minFill });
    }
    const rentable: Live[] = [];
    for (const p of free) {
      const l = await this.reader.readContract({
        address: market,
        abi: shareMarketAbi,
        functionName: "rentalListing",
        args: [p.id],
      });
      if (l.owner.toLowerCase() === p.owner.toLowerCase()) rentable.push(p);
    }
    const options: [string, number][] = [
      ["mint", all.length < 4 ? 6 : 2],
      ["transfer", free.length > 0 ? 2 : 0],
      ["split", free.some((p) => p.shares > 1n) ? 2 : 0],
      ["merge", this.mergeable(free) ? 1 : 0],
      ["burn", free.length > 3 ? 1 : 0],
      ["list", free.length > 0 ? 2 : 0],
      ["buy", listed.length > 0 ? 3 : 0],
      ["cancelListing", listed.length > 0 ? 1 : 0],
      ["signListing", free.length > 0 ? 1 : 0],
      ["buySigned", this.signed.length > 0 ? 2 : 0],
      ["cancelSigned", this.signed.length > 0 ? 1 : 0],
      ["incrementCounter", 0.5],
      ["listForRent", free.length > 0 ? 1 : 0],
      ["rent", rentable.length > 0 ? 2 : 0],
      ["expire", all.some((p) => p.rentedUntil > 0n) ? 1 : 0],
      ["push", 2],
      ["claim", all.length > 0 ? 2 : 0],
      ["claimBalance", 1],
    ];
    const total = options.reduce((s, [, w]) => s + w, 0);
    let r = this.rand() * total;
    const [name] = options.find(([, w]) => (r -= w) < 0) ?? options.at(-1)!;
    await this.run(name, all, free, listed, rentable);
    this.count(name);
    return name;
  }

  private mergeable(free: Live[]): [Live, Live] | undefined {
    for (const a of free) for (const b of free) if (a.id !== b.id && a.owner === b.owner) return [a, b];
    return undefined;
  }

  private async run(name: string, all: Live[], free: Live[], listed: Live[], rentable: Live[]): Promise<void> {
    const contracts = this.contracts;
    const as = (p: Live) => this.holders[this.holderIndex(p.owner)]!;
    const other = (p: Live) => this.holders[(this.holderIndex(p.owner) + 1 + this.int(3)) % 4]!;
    const expiry = (await this.now()) + 365n * DAY;
    switch (name) {
      case "mint":
        await mint(this.pick(this.holders), { contracts, rigId: this.rigId, shares: BigInt(1 + this.int(20)) });
        return;
      case "transfer": {
        const p = this.pick(free);
        await transfer(as(p), { contracts, positionId: p.id, to: other(p).account.address });
        return;
      }
      case "split": {
        const p = this.pick(free.filter((x) => x.shares > 1n));
        await split(as(p), { contracts, positionId: p.id, shares: 1n + BigInt(this.int(Number(p.shares - 1n))) });
        return;
      }
      case "merge": {
        const [a, b] = this.mergeable(free)!;
        await merge(as(a), { contracts, keptId: a.id, burnedId: b.id });
        return;
      }
      case "burn": {
        const p = this.pick(free);
        await burn(as(p), { contracts, positionId: p.id });
        return;
      }
      case "list": {
        const p = this.pick(free);
        const minFill = p.shares > 2n ? 2n : 1n;
        const pricePerShare = BigInt(1 + this.int(50)) * 1_000_000n;
        await listPosition(as(p), {
          contracts,
          positionId: p.id,
          paymentToken: this.usdc,
          pricePerShare,
          minFill,
          expiry,
        });
        return;
      }
      case "buy": {
        const p = this.pick(listed);
        // The whole position, or a partial fill from the listing's minimum up to one share less than all.
        const min = p.minFill! > 1n ? p.minFill! : 1n;
        const shares = this.rand() < 0.5 || p.shares <= min ? p.shares : min + BigInt(this.int(Number(p.shares - min)));
        await buyShares(other(p), { contracts, positionId: p.id, shares });
        return;
      }
      case "cancelListing": {
        const p = this.pick(listed);
        await cancelListing(as(p), { contracts, positionId: p.id });
        return;
      }
      case "signListing": {
        const p = this.pick(free);
        const seller = this.holderIndex(p.owner);
        const pricePerShare = BigInt(1 + this.int(50)) * 1_000_000n;
        const s = await signListing(as(p), {
          contracts,
          positionId: p.id,
          paymentToken: this.usdc,
          pricePerShare,
          expiry,
          salt: BigInt(this.int(2 ** 31)),
          approveMarket: true,
        });
        this.signed.push({ order: s.order, signature: s.signature, seller });
        this.orderHashes.push(s.orderHash);
        return;
      }
      case "buySigned": {
        // A signed listing stays valid only while its position is unchanged: try the newest first.
        for (const s of [...this.signed].reverse()) {
          const p = all.find((x) => x.id === s.order.positionId);
          if (!p || p.rentedUntil > 0n || this.holderIndex(p.owner) !== s.seller) continue;
          const state = await this.reader.readContract({
            address: this.book.contracts.ShareMarket!.address,
            abi: shareMarketAbi,
            functionName: "orderState",
            args: [this.orderHashOf(s.order)],
          });
          const version = (
            await this.reader.readContract({
              address: contracts.distributor,
              abi: rewardDistributorAbi,
              functionName: "position",
              args: [p.id],
            })
          ).version;
          const expected = state.filled === 0n ? s.order.version : BigInt(state.version);
          const left = s.order.shares - state.filled;
          if (state.cancelled || BigInt(version) !== expected || left === 0n) continue;
          const available = left < p.shares ? left : p.shares;
          const shares =
            available > 1n && this.rand() < 0.5 ? 1n + BigInt(this.int(Number(available - 1n))) : available;
          await buySignedListing(other(p), { contracts, order: s.order, signature: s.signature, shares });
          return;
        }
        return;
      }
      case "cancelSigned": {
        const s = this.pick(this.signed);
        await cancelOrder(this.holders[s.seller]!, { contracts, kind: "listing", order: s.order });
        return;
      }
      case "incrementCounter":
        await incrementCounter(this.pick(this.holders), { contracts });
        return;
      case "listForRent": {
        const p = this.pick(free);
        await listForRent(as(p), {
          contracts,
          positionId: p.id,
          paymentToken: this.usdc,
          pricePerDay: BigInt(1 + this.int(5)) * 1_000_000n,
          minDays: 1n,
          maxDays: 5n,
          expiry,
        });
        return;
      }
      case "rent": {
        for (const p of rentable) {
          const version = (
            await this.reader.readContract({
              address: contracts.distributor,
              abi: rewardDistributorAbi,
              functionName: "position",
              args: [p.id],
            })
          ).version;
          const l = await this.reader.readContract({
            address: this.book.contracts.ShareMarket!.address,
            abi: shareMarketAbi,
            functionName: "rentalListing",
            args: [p.id],
          });
          if (l.version !== version) continue;
          await rentPosition(other(p), { contracts, positionId: p.id, days: BigInt(1 + this.int(3)) });
          return;
        }
        return;
      }
      case "expire": {
        const until = all.reduce((m, p) => (p.rentedUntil > m ? p.rentedUntil : m), 0n);
        await this.warp(until - (await this.now()) + 1n);
        return;
      }
      case "push":
        await this.push();
        return;
      case "claim": {
        const p = this.pick(all);
        const mine = all.filter((x) => x.owner === p.owner).map((x) => x.id);
        await claim(as(p), { contracts, positionIds: mine });
        return;
      }
      case "claimBalance": {
        const wbtc = (await getRig(this.reader, { contracts, rigId: this.rigId })).payoutToken;
        // With nothing settled the call pays nothing and emits nothing: still a valid step.
        await claimBalance(this.pick(this.holders), { contracts, token: wbtc });
        return;
      }
      default:
        throw new Error(`unknown action ${name}`);
    }
  }

  private orderHashOf(order: SignedListingOrder): Hex {
    const i = this.signed.findIndex((s) => s.order === order);
    return this.orderHashes[i]!;
  }

  /** Moves past the end of the rig's next epoch and pushes it from a 3-of-5 signed report. */
  async push(): Promise<void> {
    const rig = await getRig(this.reader, { contracts: this.contracts, rigId: this.rigId });
    const epoch = rig.nextEpoch;
    const endsAt = (epoch + 1n) * rig.epochLength;
    const now = await this.now();
    if (now < endsAt) await this.warp(endsAt - now);
    // Delivered 85–100% of nominal (the seeded SLA threshold is 92%: some epochs owe a refund).
    const delivered = (rig.hashrate * BigInt(85 + this.int(16))) / 100n;
    const report = {
      rigId: this.rigId,
      epoch,
      deliveredHashrate: delivered,
      uptimeBps: BigInt(9_000 + this.int(1_000)),
      grossReward: BigInt(8_000 + this.int(4_000)),
      // At most 84 kWh: 3.5 kW for a day (the oracle bounds energy by the rig's power).
      energyWh: BigInt(60_000 + this.int(24_000)),
    };
    const signatures = await Promise.all(
      this.reporters.map((r) => signEpochReport(r, { contracts: this.contracts, report, chainId: this.book.chainId })),
    );
    await pushEpochWithReport(this.operator, { contracts: this.contracts, report, signatures });
  }
}
