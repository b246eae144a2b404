// An exact bigint model of ShareMarket's fixed-price listings (with partial fills) and rental listings,
// for the model-based test in test/model.test.ts. Positions, settlements and rentals are the RewardModel's:
// a sale is a transfer (or a split and a transfer of the split-off part) in it, a rental a `setUser`.
//
// Rules the model implements (from IShareMarket / ShareMarket):
//   • list: the owner lists its whole position (shares and version as of now) at a price per share, with
//     a minimum partial fill and an expiry; re-listing replaces the old terms.
//   • buy(id, shares, maxPrice): a live, unexpired listing whose seller still owns the position at the
//     listed version and share count; price within the buyer's limit; shares in [minFill, held] (all
//     remaining shares always allowed). A full fill transfers the position and ends the listing; a partial
//     one splits the position (the buyer gets the new one) and leaves the rest listed at the version the
//     split gave it. The buyer pays shares × price; the seller is credited price − fee − royalty, the rig's
//     operator the ERC-2981 royalty (royaltyBps of the price, rounded down), the treasury the fee (feeBps,
//     rounded down): seller + royalty + fee = price, exactly. Rewards accrued so far stay with the seller.
//   • listForRent / rent(id, days, maxPricePerDay): a live rental listing of the unchanged position; the
//     renter pays days × pricePerDay (the owner is credited it less the fee, no royalty) and becomes the
//     position's user until now + days × 1 day. The rental listing stays (it can be rented again later).
//   • withdraw(token): pays the caller its credited proceeds.
//   • Checks come in the contract's order; every revert leaves the state untouched.
import { ModelRevert, RewardModel, UINT128_MAX, UINT64_MAX, ZERO_ADDRESS } from "./RewardModel.js";

const BPS = 10_000n;
const DAY = 86_400n;

export type Listing = {
  seller: string;
  shares: bigint;
  version: bigint;
  paymentToken: string;
  expiry: bigint;
  pricePerShare: bigint;
  minFill: bigint;
};

export type RentalListing = {
  owner: string;
  version: bigint;
  expiry: bigint;
  paymentToken: string;
  minDays: bigint;
  maxDays: bigint;
  pricePerDay: bigint;
};

/** How a sale's price was split, as the market credits it. */
export type SaleSplit = {
  boughtId: bigint;
  price: bigint;
  seller: string;
  sellerPart: bigint;
  royaltyReceiver: string;
  royalty: bigint;
  fee: bigint;
};

export type MarketConfig = {
  feeBps: bigint;
  treasury: string;
  /** Royalty receiver (the rig's operator) and rate of each rig. */
  royaltyOf: (rigId: bigint) => { receiver: string; bps: bigint };
};

function key(account: string, token: string): string {
  return `${account.toLowerCase()}|${token.toLowerCase()}`;
}

export class MarketModel {
  private readonly listings = new Map<bigint, Listing>();
  private readonly rentalListings = new Map<bigint, RentalListing>();
  private readonly proceeds = new Map<string, bigint>();
  /** Payment tokens each account has paid to the market, and withdrawn from it. */
  private readonly spent = new Map<string, bigint>();
  private readonly withdrawn = new Map<string, bigint>();

  constructor(
    private readonly rewards: RewardModel,
    private readonly config: MarketConfig,
  ) {}

  // ─────────────────────────────── actions ───────────────────────────────

  list(
    seller: string,
    positionId: bigint,
    paymentToken: string,
    pricePerShare: bigint,
    minFill: bigint,
    expiry: bigint,
    time: bigint,
  ): void {
    const who = seller.toLowerCase();
    const p = this.ownedBy(positionId, who);
    if (pricePerShare === 0n || pricePerShare > UINT128_MAX)
      throw new ModelRevert("MarketInvalidParams", ["pricePerShare"]);
    if (minFill === 0n || minFill > p.shares) throw new ModelRevert("MarketInvalidParams", ["minFill"]);
    if (expiry <= time || expiry > UINT64_MAX) throw new ModelRevert("MarketInvalidParams", ["expiry"]);
    this.listings.set(positionId, {
      seller: who,
      shares: p.shares,
      version: p.version,
      paymentToken: paymentToken.toLowerCase(),
      expiry,
      pricePerShare,
      minFill,
    });
  }

  /** `buyer` takes `shares` of the listing of `positionId`; returns how the price was split. */
  buy(buyer: string, positionId: bigint, shares: bigint, maxPricePerShare: bigint, time: bigint): SaleSplit {
    const l = this.listings.get(positionId);
    if (!l) throw new ModelRevert("MarketNoListing", [positionId]);
    if (time > l.expiry) throw new ModelRevert("MarketExpired", [l.expiry]);
    const p = this.ownedBy(positionId, l.seller);
    if (p.version !== l.version || p.shares !== l.shares) throw new ModelRevert("MarketPositionChanged", [positionId]);
    if (l.pricePerShare > maxPricePerShare)
      throw new ModelRevert("MarketPriceMoved", [l.pricePerShare, maxPricePerShare]);
    const held = p.shares;
    if (shares === 0n || shares > held || (shares < l.minFill && shares !== held)) {
      throw new ModelRevert("MarketInvalidShares", [shares, held]);
    }

    // The market refuses a sale to oneself before splitting the price.
    if (buyer.toLowerCase() === l.seller.toLowerCase())
      throw new ModelRevert("MarketSelfTrade", [l.seller.toLowerCase()]);

    const price = shares * l.pricePerShare;
    const { receiver, bps } = this.config.royaltyOf(p.rigId);
    const fee = (price * this.config.feeBps) / BPS;
    let royalty = (price * bps) / BPS;
    if (royalty > price) throw new ModelRevert("MarketRoyaltyAbovePrice", [royalty, price]);
    if (royalty > price - fee) royalty = price - fee;
    const sellerPart = price - fee - royalty;

    // The share token moves first (it may refuse a rented position); the market's books after.
    let boughtId = positionId;
    if (shares === held) {
      this.rewards.transfer(l.seller, buyer, positionId, time);
      this.listings.delete(positionId);
    } else {
      boughtId = this.rewards.split(l.seller, positionId, shares, time);
      this.rewards.transfer(l.seller, buyer, boughtId, time);
      l.shares = held - shares;
      l.version = this.rewards.position(positionId)!.version;
    }
    this.credit(l.seller, l.paymentToken, sellerPart);
    this.credit(receiver, l.paymentToken, royalty);
    this.credit(this.config.treasury, l.paymentToken, fee);
    this.add(this.spent, key(buyer, l.paymentToken), price);
    return { boughtId, price, seller: l.seller, sellerPart, royaltyReceiver: receiver.toLowerCase(), royalty, fee };
  }

  listForRent(
    owner: string,
    positionId: bigint,
    paymentToken: string,
    pricePerDay: bigint,
    minDays: bigint,
    maxDays: bigint,
    expiry: bigint,
    time: bigint,
  ): void {
    const who = owner.toLowerCase();
    const p = this.ownedBy(positionId, who);
    if (pricePerDay === 0n || pricePerDay > UINT128_MAX) throw new ModelRevert("MarketInvalidParams", ["pricePerDay"]);
    if (minDays === 0n || minDays > maxDays || maxDays > 3_650n) throw new ModelRevert("MarketInvalidParams", ["days"]);
    if (expiry <= time || expiry > UINT64_MAX) throw new ModelRevert("MarketInvalidParams", ["expiry"]);
    this.rentalListings.set(positionId, {
      owner: who,
      version: p.version,
      expiry,
      paymentToken: paymentToken.toLowerCase(),
      minDays,
      maxDays,
      pricePerDay,
    });
  }

  /** `renter` rents `positionId` for `days`; returns the rental's expiry, its price and the fee. */
  rent(
    renter: string,
    positionId: bigint,
    days: bigint,
    maxPricePerDay: bigint,
    time: bigint,
  ): { expires: bigint; price: bigint; fee: bigint; owner: string } {
    const l = this.rentalListings.get(positionId);
    if (!l) throw new ModelRevert("MarketNoListing", [positionId]);
    if (time > l.expiry) throw new ModelRevert("MarketExpired", [l.expiry]);
    const p = this.ownedBy(positionId, l.owner);
    if (p.version !== l.version) throw new ModelRevert("MarketPositionChanged", [positionId]);
    if (l.pricePerDay > maxPricePerDay) throw new ModelRevert("MarketPriceMoved", [l.pricePerDay, maxPricePerDay]);
    if (days < l.minDays || days > l.maxDays) throw new ModelRevert("MarketInvalidDays", [days, l.minDays, l.maxDays]);
    const price = days * l.pricePerDay;
    const fee = (price * this.config.feeBps) / BPS;
    const expires = time + days * DAY;
    this.rewards.setUser(l.owner, positionId, renter, expires, time);
    this.credit(l.owner, l.paymentToken, price - fee);
    this.credit(this.config.treasury, l.paymentToken, fee);
    this.add(this.spent, key(renter, l.paymentToken), price);
    return { expires, price, fee, owner: l.owner };
  }

  withdraw(account: string, token: string): bigint {
    const k = key(account, token);
    const amount = this.proceeds.get(k) ?? 0n;
    if (amount === 0n) throw new ModelRevert("MarketNothingToWithdraw", []);
    this.proceeds.delete(k);
    this.add(this.withdrawn, k, amount);
    return amount;
  }

  // ─────────────────────────────── views ───────────────────────────────

  listing(positionId: bigint): Listing | undefined {
    const l = this.listings.get(positionId);
    return l && { ...l };
  }

  rentalListing(positionId: bigint): RentalListing | undefined {
    const l = this.rentalListings.get(positionId);
    return l && { ...l };
  }

  listedIds(): bigint[] {
    return [...this.listings.keys()];
  }

  rentalListedIds(): bigint[] {
    return [...this.rentalListings.keys()];
  }

  proceedsOf(account: string, token: string): bigint {
    return this.proceeds.get(key(account, token)) ?? 0n;
  }

  /** Net flow of `token` from `account`'s wallet to the market: paid − withdrawn. */
  netPaid(account: string, token: string): bigint {
    const k = key(account, token);
    return (this.spent.get(k) ?? 0n) - (this.withdrawn.get(k) ?? 0n);
  }

  // ─────────────────────────────── internals ───────────────────────────────

  /** The position if `account` owns it, else the market's MarketNotOwner (also for burned positions). */
  private ownedBy(positionId: bigint, account: string) {
    const p = this.rewards.position(positionId);
    const owner = p?.owner ?? ZERO_ADDRESS;
    if (p === undefined || owner !== account.toLowerCase()) {
      throw new ModelRevert("MarketNotOwner", [positionId, account.toLowerCase()]);
    }
    return p;
  }

  private credit(account: string, token: string, amount: bigint): void {
    if (amount !== 0n) this.add(this.proceeds, key(account, token), amount);
  }

  private add(map: Map<string, bigint>, k: string, amount: bigint): void {
    map.set(k, (map.get(k) ?? 0n) + amount);
  }
}
