// An exact, independent bigint model of Rigshare's reward accounting (RigShares positions + the
// RewardDistributor stream), written from the rules in DESIGN.md and the distributor's documented
// behaviour, for the model-based test in test/model.test.ts. It never calls a contract: every value the
// chain reports after an action must equal what this model computes, to the wei.
//
// Rules the model implements (amounts suffixed X18 are token base units × 1e18):
//   • A rig streams linearly: between its last update and min(now, periodEnd) it releases rateX18 per second.
//   • Released rewards, plus the carry left over from the previous update, are spread over the rig's
//     outstanding shares: the reward per share grows by ⌊pool / shares⌋ and pool mod shares is carried.
//     While no shares are outstanding, released rewards go to the unallocated bucket instead. State is
//     written only when something was released (a release of zero leaves lastUpdate where it was).
//   • A push (operator, next epoch, only once it ended, amount ≤ cap; zero for an epoch that earned
//     nothing) first accounts the stream up to now, then streams (the unstreamed rest + the unallocated
//     bucket + amount × 1e18) over one epoch length from now at ⌊total / length⌋ per second; total mod
//     length becomes the new unallocated bucket.
//     It refuses to let the reward per share approach 2^160 (accumulator + total + 2^96 − 1 must fit).
//   • A position settles at the current reward per share: it earns ⌊shares × Δacc / 1e18⌋ (the fraction
//     is dust that stays in the contract) and is marked paid up to now. Settlement happens on a transfer
//     to someone else (to the sender), split, merge and burn (to the owner), and in a claim.
//   • A new position (mint or split-off half) starts paid up to the current reward per share.
//   • claim(ids) settles each id, in order; what belongs to the caller is paid, what belongs to another
//     owner is credited to that owner's claimable balance. Consecutive ids with the same payout token form
//     one payment, which also sweeps the caller's claimable balance of that token.
//   • Every revert leaves the state untouched (the model checks before it writes).
//
// Beside the exact ledger the model keeps an *ideal* one, straight from DESIGN.md's rule "a position earns
// shares × Δ(accumulator) while its owner holds it, per second": every scaled unit a stream releases is
// split among the rig's positions exactly in proportion to their shares (to 1e-30 of a scaled unit) and
// owed to whoever owns each position at that moment. No accumulator, no carry, no rounding to base units.
// The test compares what the chain makes available to each account with this ideal entitlement.
//
// How far the chain may depart from it (carryShiftBound): at an accounting k the accumulator hands each
// position shares × ⌊(released_k + c_{k−1}) / T_k⌋, so an account holding the fraction f_k of the rig's
// T_k shares gets f_k·released_k (its ideal) + f_k·(c_{k−1} − c_k). Summed over the accountings,
// exact − ideal = Σ_k c_{k−1}·(f_k − f_{k−1}) − f_n·c_n  (f_0 = 0): each carry c < T ≤ the most shares
// ever outstanding, so the account is never ahead by more than maxShares × 1e-18 × Σ (rises of f) and
// never behind by more than that (Σ falls + f_n = Σ rises) plus < 1 base unit per settlement and per
// rounded-down pending reward. With rigs capped at 1e18 shares (RigShares.MAX_TOTAL_SHARES) every
// accounting at which an account's fraction rises moves it less than one base unit (e.g. < 1 for a
// buyer who takes over a whole rig).

export const SCALE = 10n ** 18n;
export const STRIDE = 10n ** 12n;
export const UINT96_MAX = (1n << 96n) - 1n;
/** RigShares.MAX_TOTAL_SHARES: the most shares a rig may be registered with. */
export const MAX_TOTAL_SHARES = 10n ** 18n;
export const UINT128_MAX = (1n << 128n) - 1n;
export const UINT160_MAX = (1n << 160n) - 1n;
/** Extra precision of the ideal ledger: its amounts are token base units × 1e18 × 1e30. */
export const IDEAL_PRECISION = 10n ** 30n;
/** Resolution of the accounts' share fractions in the carry bound (rises are rounded up to 1e-36). */
const FRACTION_ONE = 10n ** 36n;

/** The custom error (or panic) the chain must revert with when the model refuses an action. */
export class ModelRevert extends Error {
  readonly errorName: string;
  readonly args: readonly bigint[];
  constructor(errorName: string, args: readonly bigint[] = []) {
    super(`${errorName}(${args.join(", ")})`);
    this.name = "ModelRevert";
    this.errorName = errorName;
    this.args = args;
  }
}

/** A value the contract would store in a field too narrow for it (silent truncation on chain). */
export class ModelRangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModelRangeError";
  }
}

export type RigConfig = {
  operator: string;
  payoutToken: string;
  epochLength: bigint;
  maxEpochPayout: bigint;
  /** Share cap of the rig (RigShares' totalShares). */
  cap: bigint;
};

/** Stored stream state of a rig, field for field what `rigStream(rigId)` returns. */
export type RigStreamState = {
  rewardPerShareX18: bigint;
  lastUpdate: bigint;
  rateX18: bigint;
  periodEnd: bigint;
  totalShares: bigint;
  carryX18: bigint;
  nextEpoch: bigint;
  payoutToken: string;
  epochLength: bigint;
  unallocatedX18: bigint;
  maxEpochPayout: bigint;
  funded: bigint;
};

export type PositionState = {
  rigId: bigint;
  shares: bigint;
  paidX18: bigint;
  owner: string;
};

type Rig = RigStreamState & {
  id: bigint;
  operator: string;
  cap: bigint;
  lastSerial: bigint;
  /** Most shares ever outstanding: every carry the rig ever held was below it (for the carry's bound). */
  maxTotalShares: bigint;
};

/** Distribution of what a stream released, as of some time, without writing it. */
type Accrual = {
  releasedX18: bigint;
  released: boolean;
  rewardPerShareX18: bigint;
  carryX18: bigint;
  unallocatedX18: bigint;
};

function key(account: string, token: string): string {
  return `${account.toLowerCase()}|${token.toLowerCase()}`;
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return a === 0n ? 0n : (a - 1n) / b + 1n;
}

function fits(value: bigint, max: bigint, what: string): bigint {
  if (value < 0n || value > max) throw new ModelRangeError(`${what} = ${value} does not fit its storage field`);
  return value;
}

export class RewardModel {
  private readonly rigs = new Map<bigint, Rig>();
  private readonly positions = new Map<bigint, PositionState>();
  private readonly balances = new Map<string, bigint>();
  private readonly paidOut = new Map<string, bigint>();
  private readonly liabilityOf = new Map<string, bigint>();
  private lastTime = 0n;

  /** Settlements that computed a reward, per token (each may leave < 1 base unit of dust). */
  private readonly settlementCount = new Map<string, number>();
  /** Exact sum of the fractions (× 1e18) that settlements rounded away, per token. */
  private readonly dustX18 = new Map<string, bigint>();
  /** Settlements whose reward went to an account, per (account, token). */
  private readonly settlementsFor = new Map<string, number>();
  /** Ideal entitlement per (account, token), in base units × 1e18 × IDEAL_PRECISION, as of the last accrual. */
  private readonly ideal = new Map<string, bigint>();
  /** Per (rig, account): its fraction of the rig's shares at the rig's last accounting with shares out. */
  private readonly lastFraction = new Map<string, { owned: bigint; total: bigint }>();
  /** Per (rig, account): Σ of the rises of that fraction between accountings, ×FRACTION_ONE, rounded up. */
  private readonly fractionRises = new Map<string, bigint>();

  // ─────────────────────────────── setup ───────────────────────────────

  /** A rig registered at `time`: its first pushable epoch is the one containing `time`. */
  registerRig(rigId: bigint, config: RigConfig, time: bigint): void {
    this.advanceClock(time);
    if (config.cap === 0n || config.cap > MAX_TOTAL_SHARES) {
      throw new ModelRevert("RigSharesInvalidParams", []); // reason "totalShares"
    }
    this.rigs.set(rigId, {
      id: rigId,
      maxTotalShares: 0n,
      operator: config.operator.toLowerCase(),
      cap: config.cap,
      lastSerial: 0n,
      rewardPerShareX18: 0n,
      lastUpdate: 0n,
      rateX18: 0n,
      periodEnd: 0n,
      totalShares: 0n,
      carryX18: 0n,
      nextEpoch: time / config.epochLength,
      payoutToken: config.payoutToken.toLowerCase(),
      epochLength: config.epochLength,
      unallocatedX18: 0n,
      maxEpochPayout: config.maxEpochPayout,
      funded: 0n,
    });
  }

  // ─────────────────────────────── actions ───────────────────────────────

  /** `account` buys `shares` of `rigId`; returns the new position id. */
  mint(account: string, rigId: bigint, shares: bigint, time: bigint): bigint {
    this.advanceClock(time);
    const rig = this.rig(rigId);
    if (shares === 0n || shares > UINT96_MAX) throw new ModelRevert("RigSharesInvalidShares", [shares]);
    const outstanding = rig.totalShares + shares;
    if (outstanding > UINT96_MAX) throw new ModelRevert("DistributorInvalidShares", [shares]);
    if (outstanding > rig.cap) throw new ModelRevert("RigSharesSoldOut", [rigId, rig.cap - rig.totalShares, shares]);

    const acc = this.accrue(rig, time);
    rig.totalShares = outstanding;
    if (outstanding > rig.maxTotalShares) rig.maxTotalShares = outstanding;
    const positionId = rigId * STRIDE + ++rig.lastSerial;
    this.positions.set(positionId, { rigId, shares, paidX18: acc, owner: account.toLowerCase() });
    return positionId;
  }

  /** The owner sends `positionId` to `to`; a transfer to oneself changes nothing. */
  transfer(from: string, to: string, positionId: bigint, time: bigint): void {
    this.advanceClock(time);
    const p = this.ownedBy(positionId, from);
    if (from.toLowerCase() === to.toLowerCase()) return;
    const rig = this.rig(p.rigId);
    const acc = this.accrue(rig, time);
    this.creditTo(p.owner, rig.payoutToken, this.settle(p, acc, rig.payoutToken));
    p.owner = to.toLowerCase();
  }

  /** The owner moves `shares` of `positionId` into a new position; returns its id. */
  split(owner: string, positionId: bigint, shares: bigint, time: bigint): bigint {
    this.advanceClock(time);
    const p = this.ownedBy(positionId, owner);
    if (shares === 0n || shares >= p.shares) throw new ModelRevert("DistributorInvalidShares", [shares]);
    const rig = this.rig(p.rigId);
    const acc = this.accrue(rig, time);
    this.creditTo(p.owner, rig.payoutToken, this.settle(p, acc, rig.payoutToken));
    p.shares -= shares;
    const newId = p.rigId * STRIDE + ++rig.lastSerial;
    this.positions.set(newId, { rigId: p.rigId, shares, paidX18: acc, owner: p.owner });
    return newId;
  }

  /** The owner folds `burnedId` into `keptId` (same rig, same owner). */
  merge(owner: string, keptId: bigint, burnedId: bigint, time: bigint): void {
    this.advanceClock(time);
    const kept = this.ownedBy(keptId, owner);
    const burned = this.existing(burnedId);
    if (keptId === burnedId || kept.rigId !== burned.rigId) {
      throw new ModelRevert("RigSharesCannotMerge", [keptId, burnedId]);
    }
    // The share token checks the caller may move `burnedId` before comparing owners.
    if (burned.owner !== kept.owner) throw new ModelRevert("ERC721InsufficientApproval", [burnedId]);
    const rig = this.rig(kept.rigId);
    const acc = this.accrue(rig, time);
    const earned = this.settle(kept, acc, rig.payoutToken) + this.settle(burned, acc, rig.payoutToken);
    this.creditTo(kept.owner, rig.payoutToken, earned);
    kept.shares += burned.shares;
    this.positions.delete(burnedId);
  }

  /** The owner destroys `positionId`; its rewards so far stay claimable. */
  burn(owner: string, positionId: bigint, time: bigint): void {
    this.advanceClock(time);
    const p = this.ownedBy(positionId, owner);
    const rig = this.rig(p.rigId);
    const acc = this.accrue(rig, time);
    this.creditTo(p.owner, rig.payoutToken, this.settle(p, acc, rig.payoutToken));
    rig.totalShares -= p.shares;
    this.positions.delete(positionId);
  }

  /** `caller` funds `epoch` of `rigId` with `amount`. */
  pushEpoch(caller: string, rigId: bigint, epoch: bigint, amount: bigint, time: bigint): void {
    this.advanceClock(time);
    const rig = this.rig(rigId);
    if (rig.operator !== caller.toLowerCase()) throw new ModelRevert("DistributorNotRigOperator", [rigId]);
    if (epoch !== rig.nextEpoch) throw new ModelRevert("DistributorEpochOutOfOrder", [rigId, rig.nextEpoch, epoch]);
    const endsAt = (epoch + 1n) * rig.epochLength;
    if (time < endsAt) throw new ModelRevert("DistributorEpochNotEnded", [rigId, epoch, endsAt]);
    if (amount > rig.maxEpochPayout) throw new ModelRevert("DistributorInvalidAmount", [amount, rig.maxEpochPayout]);

    // Everything not yet streamed is rolled into the new stream with the new amount.
    const now = this.previewAccrual(rig, time);
    const total = this.unstreamedX18(rig, time) + now.unallocatedX18 + amount * SCALE;
    if (now.rewardPerShareX18 + total + UINT96_MAX > UINT160_MAX) {
      throw new ModelRevert("DistributorFundingOverflow", [rigId]);
    }
    if (rig.funded + amount > UINT128_MAX) throw new ModelRevert("Panic", [0x11n]);

    this.accrue(rig, time);
    rig.lastUpdate = time;
    rig.rateX18 = fits(total / rig.epochLength, UINT160_MAX, "rateX18");
    rig.unallocatedX18 = total % rig.epochLength;
    rig.periodEnd = time + rig.epochLength;
    rig.nextEpoch = epoch + 1n;
    rig.funded += amount;
    this.liabilityOf.set(rig.payoutToken, this.liabilities(rig.payoutToken) + amount);
  }

  /**
   * `caller` claims `positionIds` (any owners, any rigs, duplicates allowed).
   * Returns what the caller was paid, per token (lower-case address).
   */
  claim(caller: string, positionIds: readonly bigint[], time: bigint): Map<string, bigint> {
    this.advanceClock(time);
    for (const id of positionIds) {
      if (!this.positions.has(id)) throw new ModelRevert("DistributorUnknownPosition", [id]);
    }
    const me = caller.toLowerCase();
    const paid = new Map<string, bigint>();
    let token: string | undefined;
    let owed = 0n;
    for (const id of positionIds) {
      const p = this.positions.get(id)!;
      const rig = this.rig(p.rigId);
      if (rig.payoutToken !== token) {
        if (token !== undefined) this.pay(me, token, owed, paid);
        token = rig.payoutToken;
        owed = 0n;
      }
      const earned = this.settle(p, this.accrue(rig, time), token);
      if (p.owner === me) owed += earned;
      else this.creditTo(p.owner, token, earned);
    }
    if (token !== undefined) this.pay(me, token, owed, paid);
    return paid;
  }

  /** `caller` withdraws its settled balance of `token`; returns the amount paid. */
  claimBalance(caller: string, token: string, time: bigint): bigint {
    this.advanceClock(time);
    const paid = new Map<string, bigint>();
    this.pay(caller.toLowerCase(), token.toLowerCase(), 0n, paid);
    return paid.get(token.toLowerCase()) ?? 0n;
  }

  // ─────────────────────────────── views ───────────────────────────────

  /** Stored stream state (not advanced to now), as `rigStream` returns it. */
  rigStream(rigId: bigint): RigStreamState {
    const r = this.rig(rigId);
    return {
      rewardPerShareX18: r.rewardPerShareX18,
      lastUpdate: r.lastUpdate,
      rateX18: r.rateX18,
      periodEnd: r.periodEnd,
      totalShares: r.totalShares,
      carryX18: r.carryX18,
      nextEpoch: r.nextEpoch,
      payoutToken: r.payoutToken,
      epochLength: r.epochLength,
      unallocatedX18: r.unallocatedX18,
      maxEpochPayout: r.maxEpochPayout,
      funded: r.funded,
    };
  }

  /** A live position, or undefined once burned/merged away (or never minted). */
  position(positionId: bigint): PositionState | undefined {
    const p = this.positions.get(positionId);
    return p && { ...p };
  }

  livePositionIds(): bigint[] {
    return [...this.positions.keys()];
  }

  rigIds(): bigint[] {
    return [...this.rigs.keys()];
  }

  /** Reward accrued to `positionId` and not settled yet, as of `time`. */
  pendingReward(positionId: bigint, time: bigint): bigint {
    const p = this.positions.get(positionId);
    if (!p) return 0n;
    const acc = this.previewAccrual(this.rig(p.rigId), time).rewardPerShareX18;
    return (p.shares * (acc - p.paidX18)) / SCALE;
  }

  /** Funded rewards not yet attributed to any position as of `time` (unstreamed + unallocated + carry), ×1e18. */
  undistributedX18(rigId: bigint, time: bigint): bigint {
    const rig = this.rig(rigId);
    const a = this.previewAccrual(rig, time);
    return this.unstreamedX18(rig, time) + a.unallocatedX18 + a.carryX18;
  }

  undistributed(rigId: bigint, time: bigint): bigint {
    return this.undistributedX18(rigId, time) / SCALE;
  }

  claimableBalance(account: string, token: string): bigint {
    return this.balances.get(key(account, token)) ?? 0n;
  }

  /** Total ever paid to `account` in `token` (its wallet balance, if it started at zero). */
  paidTo(account: string, token: string): bigint {
    return this.paidOut.get(key(account, token)) ?? 0n;
  }

  liabilities(token: string): bigint {
    return this.liabilityOf.get(token.toLowerCase()) ?? 0n;
  }

  funded(token: string): bigint {
    let sum = 0n;
    for (const r of this.rigs.values()) if (r.payoutToken === token.toLowerCase()) sum += r.funded;
    return sum;
  }

  /** Settlements so far that computed a reward in `token`. */
  settlements(token: string): number {
    return this.settlementCount.get(token.toLowerCase()) ?? 0;
  }

  /** Exact fractions (×1e18) settlements have rounded away so far in `token`. */
  settledDustX18(token: string): bigint {
    return this.dustX18.get(token.toLowerCase()) ?? 0n;
  }

  /**
   * Checks the model's own books, exactly, in scaled units: everything funded in `token` is paid out,
   * claimable, owed to live positions, undistributed, or settlement dust. Throws if not.
   */
  assertExactConservation(token: string, accounts: readonly string[], time: bigint): void {
    const t = token.toLowerCase();
    let rhs = this.settledDustX18(t);
    for (const a of accounts) rhs += (this.paidTo(a, t) + this.claimableBalance(a, t)) * SCALE;
    for (const [rigId, rig] of this.rigs) {
      if (rig.payoutToken !== t) continue;
      rhs += this.undistributedX18(rigId, time);
      const acc = this.previewAccrual(rig, time).rewardPerShareX18;
      for (const p of this.positions.values()) if (p.rigId === rigId) rhs += p.shares * (acc - p.paidX18);
    }
    const lhs = this.funded(t) * SCALE;
    if (lhs !== rhs) throw new Error(`model books do not balance for ${t}: funded×1e18 ${lhs} ≠ ${rhs}`);
  }

  /**
   * Everything rounding has kept in the contract for `token` as of `time`, ×1e18: the fractions settlements
   * dropped, plus the fractions that the rounded-down views (pending rewards, undistributed) do not show.
   * `funded − claimed − claimable − Σ pendingReward − Σ undistributed` must equal this ÷ 1e18 exactly.
   */
  viewDustX18(token: string, time: bigint): bigint {
    const t = token.toLowerCase();
    let dust = this.settledDustX18(t);
    for (const [rigId, rig] of this.rigs) {
      if (rig.payoutToken !== t) continue;
      dust += this.undistributedX18(rigId, time) % SCALE;
      const acc = this.previewAccrual(rig, time).rewardPerShareX18;
      for (const p of this.positions.values()) if (p.rigId === rigId) dust += (p.shares * (acc - p.paidX18)) % SCALE;
    }
    return dust;
  }

  // ─────────────────────── the ideal (rule-derived) ledger ───────────────────────

  /**
   * What `account` is ideally entitled to in `token` as of `time` (base units × 1e18 × IDEAL_PRECISION):
   * its exact pro-rata share of everything every rig of `token` released while it owned positions.
   */
  idealEntitlement(account: string, token: string, time: bigint): bigint {
    const who = account.toLowerCase();
    const t = token.toLowerCase();
    let total = this.ideal.get(key(who, t)) ?? 0n;
    for (const rig of this.rigs.values()) {
      if (rig.payoutToken !== t || rig.totalShares === 0n) continue;
      const releasedX18 = this.previewAccrual(rig, time).releasedX18;
      if (releasedX18 === 0n) continue;
      let owned = 0n;
      for (const p of this.positions.values()) if (p.rigId === rig.id && p.owner === who) owned += p.shares;
      total += (releasedX18 * IDEAL_PRECISION * owned) / rig.totalShares;
    }
    return total;
  }

  /** Settlements so far whose reward went to `account` in `token` (each rounds < 1 base unit away). */
  settlementsOf(account: string, token: string): number {
    return this.settlementsFor.get(key(account, token)) ?? 0;
  }

  /**
   * Bound, in ideal units (base units × 1e18 × IDEAL_PRECISION), on how far the carry can have moved
   * `token` rewards to or from `account` as of `time` (see the header): for each rig, the most shares ever
   * outstanding (1e18 scaled units = one base unit at the cap) × Σ of the rises of the account's share
   * fraction between the rig's accountings, including the accounting a view at `time` would make.
   */
  carryShiftBound(account: string, token: string, time: bigint): bigint {
    const who = account.toLowerCase();
    let bound = 0n;
    for (const rig of this.rigs.values()) {
      if (rig.payoutToken !== token.toLowerCase()) continue;
      const k = `${rig.id}|${who}`;
      let rises = this.fractionRises.get(k) ?? 0n;
      if (rig.totalShares !== 0n && this.previewAccrual(rig, time).released) {
        rises += this.fractionRise(rig, who, this.ownedIn(rig, who));
      }
      bound += ceilDiv(rises * rig.maxTotalShares * IDEAL_PRECISION, FRACTION_ONE);
    }
    return bound;
  }

  // ─────────────────────────────── internals ───────────────────────────────

  private advanceClock(time: bigint): void {
    if (time < this.lastTime) throw new Error(`model time went backwards: ${time} < ${this.lastTime}`);
    this.lastTime = time;
  }

  private rig(rigId: bigint): Rig {
    const r = this.rigs.get(rigId);
    if (!r) throw new Error(`model: unknown rig ${rigId}`);
    return r;
  }

  private existing(positionId: bigint): PositionState {
    const p = this.positions.get(positionId);
    if (!p) throw new Error(`model: position ${positionId} does not exist (test harness error)`);
    return p;
  }

  private ownedBy(positionId: bigint, owner: string): PositionState {
    const p = this.existing(positionId);
    if (p.owner !== owner.toLowerCase()) throw new Error(`model: ${owner} does not own ${positionId} (harness error)`);
    return p;
  }

  /** Scaled amount the current stream has yet to release after `time`. */
  private unstreamedX18(rig: Rig, time: bigint): bigint {
    return time >= rig.periodEnd ? 0n : rig.rateX18 * (rig.periodEnd - time);
  }

  private previewAccrual(rig: Rig, time: bigint): Accrual {
    const until = time < rig.periodEnd ? time : rig.periodEnd;
    const released = until > rig.lastUpdate ? rig.rateX18 * (until - rig.lastUpdate) : 0n;
    const state: Accrual = {
      releasedX18: released,
      released: released !== 0n,
      rewardPerShareX18: rig.rewardPerShareX18,
      carryX18: rig.carryX18,
      unallocatedX18: rig.unallocatedX18,
    };
    if (released === 0n) return state;
    if (rig.totalShares === 0n) {
      state.unallocatedX18 += released;
    } else {
      const pool = released + rig.carryX18;
      state.rewardPerShareX18 += pool / rig.totalShares;
      state.carryX18 = pool % rig.totalShares;
    }
    return state;
  }

  /** Shares of `rig` that `account` (lower case) owns. */
  private ownedIn(rig: Rig, account: string): bigint {
    let owned = 0n;
    for (const p of this.positions.values()) if (p.rigId === rig.id && p.owner === account) owned += p.shares;
    return owned;
  }

  /** How much `account`'s fraction of `rig` rose since the rig's last accounting (×FRACTION_ONE, rounded up). */
  private fractionRise(rig: Rig, account: string, owned: bigint): bigint {
    const last = this.lastFraction.get(`${rig.id}|${account}`) ?? { owned: 0n, total: 1n };
    const numerator = owned * last.total - last.owned * rig.totalShares;
    return numerator <= 0n ? 0n : ceilDiv(numerator * FRACTION_ONE, rig.totalShares * last.total);
  }

  /** Writes the stream's release up to `time`; returns the reward per share. */
  private accrue(rig: Rig, time: bigint): bigint {
    const a = this.previewAccrual(rig, time);
    if (!a.released) return rig.rewardPerShareX18;
    if (rig.totalShares !== 0n) {
      // The ideal ledger: the release goes to the current owners, exactly pro rata.
      for (const p of this.positions.values()) {
        if (p.rigId !== rig.id) continue;
        const k = key(p.owner, rig.payoutToken);
        this.ideal.set(k, (this.ideal.get(k) ?? 0n) + (a.releasedX18 * IDEAL_PRECISION * p.shares) / rig.totalShares);
      }
      // The carry bound: every account's fraction at this accounting, against the one at the last.
      const owned = new Map<string, bigint>();
      for (const k of this.lastFraction.keys()) {
        const [rigId, account] = k.split("|");
        if (BigInt(rigId) === rig.id) owned.set(account, 0n);
      }
      for (const p of this.positions.values()) {
        if (p.rigId === rig.id) owned.set(p.owner, (owned.get(p.owner) ?? 0n) + p.shares);
      }
      for (const [account, shares] of owned) {
        const k = `${rig.id}|${account}`;
        this.fractionRises.set(k, (this.fractionRises.get(k) ?? 0n) + this.fractionRise(rig, account, shares));
        this.lastFraction.set(k, { owned: shares, total: rig.totalShares });
      }
    }
    rig.rewardPerShareX18 = fits(a.rewardPerShareX18, UINT160_MAX, "rewardPerShareX18");
    rig.carryX18 = fits(a.carryX18, UINT96_MAX, "carryX18");
    rig.unallocatedX18 = a.unallocatedX18;
    rig.lastUpdate = time;
    return rig.rewardPerShareX18;
  }

  /** Marks `p` paid up to `acc`; returns what it earned since, rounded down (the fraction is dust). */
  private settle(p: PositionState, acc: bigint, token: string): bigint {
    if (p.paidX18 === acc) return 0n;
    const exact = p.shares * (acc - p.paidX18);
    p.paidX18 = acc;
    this.settlementCount.set(token, this.settlements(token) + 1);
    const k = key(p.owner, token);
    this.settlementsFor.set(k, (this.settlementsFor.get(k) ?? 0) + 1);
    this.dustX18.set(token, this.settledDustX18(token) + (exact % SCALE));
    return exact / SCALE;
  }

  private creditTo(account: string, token: string, amount: bigint): void {
    if (amount === 0n) return;
    const k = key(account, token);
    this.balances.set(k, (this.balances.get(k) ?? 0n) + amount);
  }

  /** Pays `caller` `amount` plus its claimable balance of `token`. */
  private pay(caller: string, token: string, amount: bigint, paid: Map<string, bigint>): void {
    const k = key(caller, token);
    const total = amount + (this.balances.get(k) ?? 0n);
    this.balances.delete(k);
    if (total === 0n) return;
    this.liabilityOf.set(token, this.liabilities(token) - total);
    this.paidOut.set(k, (this.paidOut.get(k) ?? 0n) + total);
    paid.set(token, (paid.get(token) ?? 0n) + total);
  }
}
