// An exact, independent bigint model of Rigshare's reward accounting (RigShares positions + the
// RewardDistributor stream + ERC-4907 rentals), written from the rules in DESIGN.md and the distributor's
// documented behaviour, for the model-based test in test/model.test.ts. It never calls a contract: every
// value the chain reports after an action must equal what this model computes, to the wei.
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
//     to someone else (to the sender), split, merge and burn (to the owner), a rental change, and a claim.
//   • A new position (mint or split-off half) starts paid up to the current reward per share.
//   • claim(ids) settles each id, in order; what belongs to the caller is paid, what belongs to another
//     account is credited to that account's claimable balance. Consecutive ids with the same payout token
//     form one payment, which also sweeps the caller's claimable balance of that token.
//   • Rentals (ERC-4907): the owner (or the market) sets a user until `expires` (inclusive). Setting one
//     settles the position to its owner first; a position with a running rental cannot be transferred,
//     split, merged, burned or rented again. While it runs everything the position earns is the renter's;
//     once it has ended, the first settlement splits what accrued since the last one at the reward per
//     share of second `expires`: ⌊shares × (acc(expires) − paid) / 1e18⌋ to the renter, ⌊shares × (acc −
//     acc(expires)) / 1e18⌋ to the owner, and clears the rental.
//   • Every revert leaves the state untouched (the model checks before it writes).
//
// acc(expires) — the ideal and the contract's value. Nobody transacts at `expires`, so the contract
// recovers the reward per share of that second from checkpoints (AccumulatorHistory) by linear
// interpolation; the model mirrors that computation exactly (history recording rules below) and also knows
// the *ideal* value: the accumulator an accrual at second `expires` would have produced, from the stream
// state in force at that second (frozen the first time the rig's state changes after it).
//   Bound (RENTAL_BOUND): take the checkpoint at time c0 that starts the segment containing `expires`, with
// reward per share A0, carry c and T shares right after it, rate R and stream end P, and the segment's
// next known point at time c1 (next checkpoint, or the stored state's lastUpdate). If nothing but ordinary
// accruals happened in [c0, c1], the carry chain telescopes: acc(c0 + Δ) = A0 + ⌊(R·Δ + c) / T⌋ for
// Δ ≤ L = min(c1, P) − c0, and the contract returns A0 + ⌊Q·Δ / L⌋ with Q = ⌊(R·L + c) / T⌋. Then
//     Q·Δ/L ≤ (R·L + c)·Δ/(T·L) ≤ (R·Δ + c)/T                       ⇒  interpolated ≤ ideal;
//     (R·Δ + c)/T − Q·Δ/L < (c/T)(1 − Δ/L) + Δ/L ≤ max(c/T, 1)          ⇒  ideal − interpolated ≤ ⌊c/T⌋ + 1,
// so 0 ≤ ideal − interpolated ≤ ⌊c/T⌋ + 1 scaled units per share: one unit while c < T (always, except
// right after a burn left a carry from a larger share count; the accumulator then jumps by ⌊c/T⌋ at the
// next accrual and interpolation spreads that jump — still < 1 base unit for the position, as c < 1e18).
// With no shares out (T = 0) the accumulator is flat and the interpolation exact. Beyond the segment
// (Δ ≥ L) both are A0 + Q: exact. The renter's part is therefore ⌊shares·(ideal − d − paid)/1e18⌋ with
// 0 ≤ d ≤ bound, the owner's ⌊shares·(acc − ideal + d)/1e18⌋, their sum ⌊x⌋ + ⌊y⌋ of an exact total.
// The model records d at every settlement of an ended rental and at every view of one; a d outside the
// bound is a contract error (the segment from c0 to c1 was not linear: a slope change in it went
// unrecorded). See `interpolationChecks`.
//
// History recording rules mirrored from RewardDistributor (a checkpoint is (time, periodEnd, acc); one at
// the same second replaces the last): rentalHorizon is the latest expiry of any rental of the rig, or 0
// while the history is closed; a rental start records one if the history is closed; a push, mint or burn
// records one while it is open, and the first of them after rentalHorizon closes it (so the segment
// holding the last expiry always has a right end, recorded before the slope changes). `rewardPerShareAt(t)` is the last checkpoint at or before t,
// interpolated towards the next checkpoint, or towards the stored state (lastUpdate, acc) if t is before
// lastUpdate, or streamed forward from the stored state otherwise; linear until the checkpoint's
// periodEnd, flat after.
//
// Beside the exact ledger the model keeps an *ideal* one, straight from DESIGN.md's rule "a position earns
// shares × Δ(accumulator) while its owner (or renter) holds it, per second": every scaled unit a stream
// releases is split among the rig's positions exactly in proportion to their shares (to 1e-30 of a scaled
// unit) and owed to whoever is the position's beneficiary at that second: the renter up to and including
// `expires`, the owner otherwise. No accumulator, no carry, no rounding to base units.
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
// buyer who takes over a whole rig). A rental's expiry counts as an accounting (at the ideal acc(expires))
// where the renter's fraction falls and the owner's rises; what interpolation moved between them
// (shares × d) is added to the owner's ideal and taken from the renter's (`interpolationShift`), and d
// itself is checked against the bound above.

export const SCALE = 10n ** 18n;
export const STRIDE = 10n ** 12n;
export const UINT64_MAX = (1n << 64n) - 1n;
/** The widest rental expiry: the distributor keeps a rig's latest one (its rental horizon) in 40 bits. */
export const UINT40_MAX = (1n << 40n) - 1n;
export const UINT96_MAX = (1n << 96n) - 1n;
/** RigShares.MAX_TOTAL_SHARES: the most shares a rig may be registered with. */
export const MAX_TOTAL_SHARES = 10n ** 18n;
export const UINT128_MAX = (1n << 128n) - 1n;
export const UINT160_MAX = (1n << 160n) - 1n;
/** Position versions are uint24 in the distributor and wrap. */
const VERSION_MODULUS = 1n << 24n;
/** Extra precision of the ideal ledger: its amounts are token base units × 1e18 × 1e30. */
export const IDEAL_PRECISION = 10n ** 30n;
/** Resolution of the accounts' share fractions in the carry bound (rises are rounded up to 1e-36). */
const FRACTION_ONE = 10n ** 36n;
export const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/** The custom error (or panic) the chain must revert with when the model refuses an action. */
export class ModelRevert extends Error {
  readonly errorName: string;
  /** Arguments: numbers as bigint, addresses lower-case, strings as they are. */
  readonly args: readonly (bigint | string)[];
  constructor(errorName: string, args: readonly (bigint | string)[] = []) {
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
  rentalHorizon: bigint;
  checkpoints: bigint;
};

export type PositionState = {
  rigId: bigint;
  shares: bigint;
  paidX18: bigint;
  owner: string;
  /** Bumped on every change of hands or shares (transfer to another account, split, merge into it). */
  version: bigint;
  /** A rental record exists (running or ended, not settled yet). */
  rented: boolean;
};

/** A rental record as `rentalOf` returns it (kept after expiry until a settlement clears it). */
export type RentalState = { user: string; expires: bigint };

/** What a position has pending (or settles), split as `pendingSplit` returns it. */
export type SplitParts = { ownerPart: bigint; renter: string; renterPart: bigint };

/** One interpolated acc(expires): the contract's value against the ideal one, and the allowed gap. */
export type InterpolationCheck = {
  positionId: bigint;
  renter: string;
  owner: string;
  shares: bigint;
  expires: bigint;
  /** When it was computed, and whether for a settlement or a view. */
  time: bigint;
  settled: boolean;
  idealX18: bigint;
  interpolatedX18: bigint;
  /** ideal − interpolated (after the contract clamps it into [paid, acc]). */
  deviation: bigint;
  /** Whether the rig was streaming to its shares at second `expires` (the rental ended mid-stream). */
  streaming: boolean;
  bound: bigint;
  /** Carry and shares after the segment's first checkpoint (the bound is ⌊carry/shares⌋ + 1). */
  carryX18: bigint;
  segmentShares: bigint;
};

type Checkpoint = {
  time: bigint;
  periodEnd: bigint;
  rewardPerShareX18: bigint;
  /** Not stored on chain: the carry and share count right after it, for the interpolation bound. */
  carryX18: bigint;
  totalShares: bigint;
};

type Rig = Omit<RigStreamState, "checkpoints"> & {
  id: bigint;
  operator: string;
  cap: bigint;
  lastSerial: bigint;
  /** Most shares ever outstanding: every carry the rig ever held was below it (for the carry's bound). */
  maxTotalShares: bigint;
  history: Checkpoint[];
};

type Rental = RentalState & {
  /** The ideal acc(expires), fixed the first time the rig's stream state changes after `expires`. */
  idealAtExpiryX18?: bigint;
  /** Whether the stream state in force at `expires` was streaming to shares then (fixed with the above). */
  streamingAtExpiry?: boolean;
};

/** Distribution of what a stream released, as of some time, without writing it. */
type Accrual = {
  releasedX18: bigint;
  released: boolean;
  rewardPerShareX18: bigint;
  carryX18: bigint;
  unallocatedX18: bigint;
};

/** A stretch of a release during which every position of the rig has one beneficiary. */
type Piece = { end: bigint; releasedX18: bigint };

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

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

export class RewardModel {
  private readonly rigs = new Map<bigint, Rig>();
  private readonly positions = new Map<bigint, PositionState>();
  private readonly rentals = new Map<bigint, Rental>();
  private readonly balances = new Map<string, bigint>();
  private readonly paidOut = new Map<string, bigint>();
  private readonly liabilityOf = new Map<string, bigint>();
  private lastTime = 0n;

  /** Roundings to base units that settlements made, per token (each may leave < 1 base unit of dust). */
  private readonly settlementCount = new Map<string, number>();
  /** Exact sum of the fractions (× 1e18) that settlements rounded away, per token. */
  private readonly dustX18 = new Map<string, bigint>();
  /** Settlement parts whose reward went to an account, per (account, token). */
  private readonly settlementsFor = new Map<string, number>();
  /** Ideal entitlement per (account, token), in base units × 1e18 × IDEAL_PRECISION, as of the last accrual. */
  private readonly ideal = new Map<string, bigint>();
  /** What interpolation moved to (+) or from (−) each (account, token) at settled rentals, ideal units. */
  private readonly settledShift = new Map<string, bigint>();
  /** Per (rig, account): its fraction of the rig's shares at the rig's last accounting with shares out. */
  private readonly lastFraction = new Map<string, { owned: bigint; total: bigint }>();
  /** Per (rig, account): Σ of the rises of that fraction between accountings, ×FRACTION_ONE, rounded up. */
  private readonly fractionRises = new Map<string, bigint>();
  /** Every interpolated acc(expires) the model computed (settlements and views), for the test to check. */
  readonly interpolationChecks: InterpolationCheck[] = [];

  // ─────────────────────────────── setup ───────────────────────────────

  /** A rig registered at `time`: its first pushable epoch is the one containing `time`. */
  registerRig(rigId: bigint, config: RigConfig, time: bigint): void {
    this.advanceClock(time);
    if (config.cap === 0n || config.cap > MAX_TOTAL_SHARES) {
      throw new ModelRevert("RigSharesInvalidParams", ["totalShares"]);
    }
    // RigShares bounds the per-epoch cap by uint96 (a push × 1e18 then stays far inside the accumulator).
    if (config.maxEpochPayout === 0n || config.maxEpochPayout > UINT96_MAX) {
      throw new ModelRevert("RigSharesInvalidParams", ["maxEpochPayout"]);
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
      rentalHorizon: 0n,
      history: [],
    });
  }

  // ─────────────────────────────── actions ───────────────────────────────

  /** `account` buys `shares` of `rigId`; returns the new position id. */
  mint(account: string, rigId: bigint, shares: bigint, time: bigint): bigint {
    this.advanceClock(time);
    const rig = this.rig(rigId);
    if (shares === 0n || shares > UINT96_MAX) throw new ModelRevert("RigSharesInvalidShares", [shares]);
    const outstanding = rig.totalShares + shares;
    // A position's shares are a uint64 in the distributor (one storage slot with its version and paidX18).
    if (outstanding > UINT64_MAX) throw new ModelRevert("DistributorInvalidShares", [shares]);
    if (outstanding > rig.cap) throw new ModelRevert("RigSharesSoldOut", [rigId, rig.cap - rig.totalShares, shares]);

    const acc = this.accrue(rig, time);
    rig.totalShares = outstanding;
    if (outstanding > rig.maxTotalShares) rig.maxTotalShares = outstanding;
    this.recordSlopeChange(rig, time, acc);
    const positionId = rigId * STRIDE + ++rig.lastSerial;
    this.positions.set(positionId, {
      rigId,
      shares,
      paidX18: acc,
      owner: account.toLowerCase(),
      version: 0n,
      rented: false,
    });
    return positionId;
  }

  /** The owner sends `positionId` to `to`; a transfer to oneself changes nothing (not even a rented check). */
  transfer(from: string, to: string, positionId: bigint, time: bigint): void {
    this.advanceClock(time);
    const p = this.ownedBy(positionId, from);
    if (from.toLowerCase() === to.toLowerCase()) return;
    this.requireNotRented(positionId, p, time);
    const rig = this.rig(p.rigId);
    const acc = this.accrue(rig, time);
    this.settleAndCredit(positionId, p, acc, time);
    this.bumpVersion(p);
    p.owner = to.toLowerCase();
  }

  /** The owner moves `shares` of `positionId` into a new position; returns its id. */
  split(owner: string, positionId: bigint, shares: bigint, time: bigint): bigint {
    this.advanceClock(time);
    const p = this.ownedBy(positionId, owner);
    // The distributor refuses a rented position before it looks at the shares.
    this.requireNotRented(positionId, p, time);
    if (shares === 0n || shares >= p.shares) throw new ModelRevert("DistributorInvalidShares", [shares]);
    const rig = this.rig(p.rigId);
    const acc = this.accrue(rig, time);
    this.settleAndCredit(positionId, p, acc, time);
    p.shares -= shares;
    this.bumpVersion(p);
    const newId = p.rigId * STRIDE + ++rig.lastSerial;
    this.positions.set(newId, {
      rigId: p.rigId,
      shares,
      paidX18: acc,
      owner: p.owner,
      version: 0n,
      rented: false,
    });
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
    if (burned.owner !== kept.owner) {
      throw new ModelRevert("ERC721InsufficientApproval", [owner.toLowerCase(), burnedId]);
    }
    this.requireNotRented(keptId, kept, time);
    this.requireNotRented(burnedId, burned, time);
    const rig = this.rig(kept.rigId);
    const acc = this.accrue(rig, time);
    this.settleAndCredit(keptId, kept, acc, time);
    this.settleAndCredit(burnedId, burned, acc, time);
    kept.shares += burned.shares;
    this.bumpVersion(kept);
    this.positions.delete(burnedId);
  }

  /** The owner destroys `positionId`; its rewards so far stay claimable. */
  burn(owner: string, positionId: bigint, time: bigint): void {
    this.advanceClock(time);
    const p = this.ownedBy(positionId, owner);
    this.requireNotRented(positionId, p, time);
    const rig = this.rig(p.rigId);
    const acc = this.accrue(rig, time);
    this.settleAndCredit(positionId, p, acc, time);
    rig.totalShares -= p.shares;
    this.recordSlopeChange(rig, time, acc);
    this.positions.delete(positionId);
  }

  /**
   * ERC-4907 `setUser` by (or on behalf of) the owner: rents `positionId` to `user` until `expires`, or
   * clears an ended rental with `user` zero and `expires` zero. Settles the position first.
   */
  setUser(
    owner: string,
    positionId: bigint,
    user: string,
    expires: bigint,
    time: bigint,
    opts: { unboundedExpiry?: boolean } = {},
  ): void {
    this.advanceClock(time);
    const p = this.ownedBy(positionId, owner);
    const renter = user.toLowerCase();
    fits(expires, UINT64_MAX, "expires");
    // The rig's rental horizon is 40 bits wide: a later expiry is refused, never stored wrapped (issue 11, F1).
    // With `unboundedExpiry` (the test follows a chain that accepted one) the model takes the rental with its
    // ideal meaning instead: the renter earns up to `expires`, the owner after, and the horizon is kept whole.
    const widest = opts.unboundedExpiry === true ? UINT64_MAX : UINT40_MAX;
    if (renter === ZERO_ADDRESS ? expires !== 0n : expires <= time || expires > widest) {
      throw new ModelRevert("RigSharesInvalidRental", [renter, expires]);
    }
    this.requireNotRented(positionId, p, time);
    const rig = this.rig(p.rigId);
    const acc = this.accrue(rig, time);
    this.settleAndCredit(positionId, p, acc, time);
    if (renter === ZERO_ADDRESS) return;
    // A closed history (horizon 0) recorded no slope change since its last checkpoint: open a segment now.
    if (rig.rentalHorizon === 0n) this.record(rig, time, acc);
    if (expires > rig.rentalHorizon) rig.rentalHorizon = fits(expires, widest, "rentalHorizon");
    this.rentals.set(positionId, { user: renter, expires });
    p.rented = true;
  }

  /** `caller` funds `epoch` of `rigId` with `amount`. */
  pushEpoch(caller: string, rigId: bigint, epoch: bigint, amount: bigint, time: bigint): void {
    this.advanceClock(time);
    const rig = this.rig(rigId);
    if (rig.operator !== caller.toLowerCase()) {
      throw new ModelRevert("DistributorNotRigOperator", [rigId, caller.toLowerCase()]);
    }
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

    const acc = this.accrue(rig, time);
    rig.lastUpdate = time;
    rig.rateX18 = fits(total / rig.epochLength, UINT160_MAX, "rateX18");
    rig.unallocatedX18 = total % rig.epochLength;
    rig.periodEnd = time + rig.epochLength;
    rig.nextEpoch = epoch + 1n;
    this.recordSlopeChange(rig, time, acc);
    rig.funded += amount;
    this.liabilityOf.set(rig.payoutToken, this.liabilities(rig.payoutToken) + amount);
  }

  /**
   * `caller` claims `positionIds` (any owners, any rigs, duplicates allowed): each is settled to its owner
   * and its renter; the caller is paid its own parts, everyone else's are credited.
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
      const owner = p.owner;
      const parts = this.settle(id, p, this.accrue(rig, time), time);
      if (owner === me) owed += parts.ownerPart;
      else this.creditTo(owner, token, parts.ownerPart);
      if (parts.renter === me) owed += parts.renterPart;
      else this.creditTo(parts.renter, token, parts.renterPart);
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
      rentalHorizon: r.rentalHorizon,
      checkpoints: BigInt(r.history.length),
    };
  }

  /** A live position, or undefined once burned/merged away (or never minted). */
  position(positionId: bigint): PositionState | undefined {
    const p = this.positions.get(positionId);
    return p && { ...p };
  }

  /** The rental record of `positionId` (running or ended and not yet settled), as `rentalOf` returns it. */
  rentalOf(positionId: bigint): RentalState | undefined {
    const r = this.rentals.get(positionId);
    return r && { user: r.user, expires: r.expires };
  }

  /** ERC-4907 `userOf`: the renter while the rental runs (up to and including `expires`), else zero. */
  userOf(positionId: bigint, time: bigint): string {
    const r = this.rentals.get(positionId);
    return r !== undefined && time <= r.expires ? r.user : ZERO_ADDRESS;
  }

  livePositionIds(): bigint[] {
    return [...this.positions.keys()];
  }

  /** Positions with a rental record (running or ended, not yet settled). */
  rentedPositionIds(): bigint[] {
    return [...this.rentals.keys()];
  }

  rigIds(): bigint[] {
    return [...this.rigs.keys()];
  }

  /** Reward accrued to `positionId` and not settled yet, as of `time` (owner's part + renter's part). */
  pendingReward(positionId: bigint, time: bigint): bigint {
    const parts = this.pendingSplit(positionId, time);
    return parts.ownerPart + parts.renterPart;
  }

  /** `pendingSplit(positionId)` as of `time`: who the pending rewards belong to. */
  pendingSplit(positionId: bigint, time: bigint): SplitParts {
    const p = this.positions.get(positionId);
    if (!p) return { ownerPart: 0n, renter: ZERO_ADDRESS, renterPart: 0n };
    const rig = this.rig(p.rigId);
    const acc = this.previewAccrual(rig, time).rewardPerShareX18;
    return this.splitAt(positionId, p, rig, acc, time, false).parts;
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

  /** Roundings settlements made so far in `token` (one per part that carried a reward). */
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
   * dropped, plus the fractions that the rounded-down views (pending parts, undistributed) do not show.
   * `funded − claimed − claimable − Σ pendingReward − Σ undistributed` must equal this ÷ 1e18 exactly.
   */
  viewDustX18(token: string, time: bigint): bigint {
    const t = token.toLowerCase();
    let dust = this.settledDustX18(t);
    for (const [rigId, rig] of this.rigs) {
      if (rig.payoutToken !== t) continue;
      dust += this.undistributedX18(rigId, time) % SCALE;
      const acc = this.previewAccrual(rig, time).rewardPerShareX18;
      for (const [id, p] of this.positions) {
        if (p.rigId !== rigId) continue;
        const parts = this.splitAt(id, p, rig, acc, time, false, false).parts;
        dust += p.shares * (acc - p.paidX18) - (parts.ownerPart + parts.renterPart) * SCALE;
      }
    }
    return dust;
  }

  // ─────────────────────── the ideal (rule-derived) ledger ───────────────────────

  /**
   * What `account` is ideally entitled to in `token` as of `time` (base units × 1e18 × IDEAL_PRECISION):
   * its exact pro-rata share of everything every rig of `token` released while it was the beneficiary
   * (owner, or renter during a rental) of positions.
   */
  idealEntitlement(account: string, token: string, time: bigint): bigint {
    const who = account.toLowerCase();
    const t = token.toLowerCase();
    let total = this.ideal.get(key(who, t)) ?? 0n;
    for (const rig of this.rigs.values()) {
      if (rig.payoutToken !== t || rig.totalShares === 0n) continue;
      for (const piece of this.pieces(rig, time)) {
        if (piece.releasedX18 === 0n) continue;
        const owned = this.beneficiaryShares(rig, piece.end).get(who) ?? 0n;
        total += (piece.releasedX18 * IDEAL_PRECISION * owned) / rig.totalShares;
      }
    }
    return total;
  }

  /**
   * What interpolating acc(expires) moved to `account` (> 0) or away from it (< 0) in `token`, ideal units:
   * at settled rentals, plus at ended rentals a view at `time` would split. The test adds it to the ideal
   * entitlement; the move itself is checked against RENTAL_BOUND through `interpolationChecks`.
   */
  interpolationShift(account: string, token: string, time: bigint): bigint {
    const who = account.toLowerCase();
    const t = token.toLowerCase();
    let shift = this.settledShift.get(key(who, t)) ?? 0n;
    for (const [id, r] of this.rentals) {
      const p = this.positions.get(id)!;
      const rig = this.rig(p.rigId);
      if (rig.payoutToken !== t || time <= r.expires) continue;
      const acc = this.previewAccrual(rig, time).rewardPerShareX18;
      const split = this.splitAt(id, p, rig, acc, time, false, false);
      const moved = p.shares * split.deviation * IDEAL_PRECISION;
      if (p.owner === who) shift += moved;
      if (r.user === who) shift -= moved;
    }
    return shift;
  }

  /** Settlement parts so far whose reward went to `account` in `token` (each rounds < 1 base unit away). */
  settlementsOf(account: string, token: string): number {
    return this.settlementsFor.get(key(account, token)) ?? 0;
  }

  /**
   * Bound, in ideal units (base units × 1e18 × IDEAL_PRECISION), on how far the carry can have moved
   * `token` rewards to or from `account` as of `time` (see the header): for each rig, the most shares ever
   * outstanding (1e18 scaled units = one base unit at the cap) × Σ of the rises of the account's share
   * fraction between the rig's accountings, including those a view at `time` would make (one per
   * rental expiry inside the unaccounted stretch, then one at `time`).
   */
  carryShiftBound(account: string, token: string, time: bigint): bigint {
    const who = account.toLowerCase();
    let bound = 0n;
    for (const rig of this.rigs.values()) {
      if (rig.payoutToken !== token.toLowerCase()) continue;
      const k = `${rig.id}|${who}`;
      let rises = this.fractionRises.get(k) ?? 0n;
      if (rig.totalShares !== 0n) {
        let last = this.lastFraction.get(k) ?? { owned: 0n, total: 1n };
        for (const piece of this.pieces(rig, time)) {
          if (piece.releasedX18 === 0n) continue;
          const owned = this.beneficiaryShares(rig, piece.end).get(who) ?? 0n;
          rises += this.fractionRise(last, owned, rig.totalShares);
          last = { owned, total: rig.totalShares };
        }
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

  private requireNotRented(positionId: bigint, p: PositionState, time: bigint): void {
    if (!p.rented) return;
    const expires = this.rentals.get(positionId)!.expires;
    if (time <= expires) throw new ModelRevert("DistributorPositionRented", [positionId, expires]);
  }

  private bumpVersion(p: PositionState): void {
    p.version = (p.version + 1n) % VERSION_MODULUS;
  }

  /** Scaled amount the current stream has yet to release after `time`. */
  private unstreamedX18(rig: Rig, time: bigint): bigint {
    return time >= rig.periodEnd ? 0n : rig.rateX18 * (rig.periodEnd - time);
  }

  private previewAccrual(rig: Rig, time: bigint): Accrual {
    const until = min(time, rig.periodEnd);
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

  /**
   * The release since the rig's last update, up to `time`, cut at every rental expiry inside it: within a
   * piece every position has one beneficiary (a renter earns up to and including second `expires`).
   */
  private pieces(rig: Rig, time: bigint): Piece[] {
    const until = min(time, rig.periodEnd);
    if (until <= rig.lastUpdate) return [];
    const cuts = new Set<bigint>();
    for (const [id, r] of this.rentals) {
      if (this.positions.get(id)!.rigId === rig.id && r.expires > rig.lastUpdate && r.expires < until) {
        cuts.add(r.expires);
      }
    }
    const ends = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    ends.push(until);
    const out: Piece[] = [];
    let from = rig.lastUpdate;
    for (const end of ends) {
      out.push({ end, releasedX18: rig.rateX18 * (end - from) });
      from = end;
    }
    return out;
  }

  /** Shares of `rig` per beneficiary during the second ending at `time` (renters up to their expiry). */
  private beneficiaryShares(rig: Rig, time: bigint): Map<string, bigint> {
    const out = new Map<string, bigint>();
    for (const [id, p] of this.positions) {
      if (p.rigId !== rig.id) continue;
      const r = p.rented ? this.rentals.get(id) : undefined;
      const who = r !== undefined && time <= r.expires ? r.user : p.owner;
      out.set(who, (out.get(who) ?? 0n) + p.shares);
    }
    return out;
  }

  /** How much a fraction rose from `last` to `owned / total` (×FRACTION_ONE, rounded up). */
  private fractionRise(last: { owned: bigint; total: bigint }, owned: bigint, total: bigint): bigint {
    const numerator = owned * last.total - last.owned * total;
    return numerator <= 0n ? 0n : ceilDiv(numerator * FRACTION_ONE, total * last.total);
  }

  /**
   * Fixes the ideal acc(expires) of every ended rental of `rig` whose expiry the stored state still
   * covers: called before the rig's stream state changes at `time`.
   */
  private freezeExpiries(rig: Rig, time: bigint): void {
    for (const [id, r] of this.rentals) {
      if (r.idealAtExpiryX18 !== undefined || r.expires >= time) continue;
      if (this.positions.get(id)!.rigId !== rig.id) continue;
      r.idealAtExpiryX18 = this.previewAccrual(rig, r.expires).rewardPerShareX18;
      r.streamingAtExpiry = this.streamingAt(rig, r.expires);
    }
  }

  /** Whether `rig`'s stored stream state, in force at `t`, is streaming to shares at that second (mid-stream). */
  private streamingAt(rig: Rig, t: bigint): boolean {
    return rig.rateX18 !== 0n && rig.totalShares !== 0n && t < rig.periodEnd && t >= rig.lastUpdate;
  }

  /** Writes the stream's release up to `time`; returns the reward per share. */
  private accrue(rig: Rig, time: bigint): bigint {
    this.freezeExpiries(rig, time);
    const a = this.previewAccrual(rig, time);
    if (!a.released) return rig.rewardPerShareX18;
    if (rig.totalShares !== 0n) {
      for (const piece of this.pieces(rig, time)) {
        if (piece.releasedX18 === 0n) continue;
        const beneficiaries = this.beneficiaryShares(rig, piece.end);
        // The ideal ledger: the piece goes to its beneficiaries, exactly pro rata.
        for (const [who, shares] of beneficiaries) {
          const k = key(who, rig.payoutToken);
          this.ideal.set(
            k,
            (this.ideal.get(k) ?? 0n) + (piece.releasedX18 * IDEAL_PRECISION * shares) / rig.totalShares,
          );
        }
        // The carry bound: every account's fraction at this accounting, against the one at the last.
        const owned = new Map<string, bigint>();
        for (const k of this.lastFraction.keys()) {
          const [rigId, account] = k.split("|");
          if (BigInt(rigId) === rig.id) owned.set(account, 0n);
        }
        for (const [who, shares] of beneficiaries) owned.set(who, shares);
        for (const [account, shares] of owned) {
          const k = `${rig.id}|${account}`;
          const last = this.lastFraction.get(k) ?? { owned: 0n, total: 1n };
          this.fractionRises.set(
            k,
            (this.fractionRises.get(k) ?? 0n) + this.fractionRise(last, shares, rig.totalShares),
          );
          this.lastFraction.set(k, { owned: shares, total: rig.totalShares });
        }
      }
    }
    rig.rewardPerShareX18 = fits(a.rewardPerShareX18, UINT160_MAX, "rewardPerShareX18");
    rig.carryX18 = fits(a.carryX18, UINT96_MAX, "carryX18");
    rig.unallocatedX18 = a.unallocatedX18;
    rig.lastUpdate = time;
    return rig.rewardPerShareX18;
  }

  /** Appends a checkpoint of the state in force from `time` on (or replaces one at the same second). */
  private record(rig: Rig, time: bigint, acc: bigint): void {
    const c: Checkpoint = {
      time,
      periodEnd: rig.periodEnd,
      rewardPerShareX18: acc,
      carryX18: rig.carryX18,
      totalShares: rig.totalShares,
    };
    const h = rig.history;
    if (h.length > 0 && h[h.length - 1].time === time) h[h.length - 1] = c;
    else h.push(c);
  }

  /**
   * A push, mint or burn changed the accumulator's slope: recorded while the history is open. The first
   * change after the last expiry closes the segment holding it, and the history (horizon 0).
   */
  private recordSlopeChange(rig: Rig, time: bigint, acc: bigint): void {
    if (rig.rentalHorizon === 0n) return;
    this.record(rig, time, acc);
    if (time > rig.rentalHorizon) rig.rentalHorizon = 0n;
  }

  /**
   * The contract's reward per share at the past second `t`, from the rig's stored state (mirrors
   * RentalRouting._rewardPerShareAt), with the bound its gap to the ideal value must respect.
   */
  private rewardPerShareAt(rig: Rig, t: bigint, now: bigint): { value: bigint; cp?: Checkpoint } {
    const h = rig.history;
    let i = h.length - 1;
    while (i >= 0 && h[i].time > t) i--;
    // "Unreachable for a recorded rental": the current value.
    if (i < 0) return { value: this.previewAccrual(rig, now).rewardPerShareX18 };
    const left = h[i];
    if (i + 1 < h.length)
      return { value: this.interpolate(left, h[i + 1].time, h[i + 1].rewardPerShareX18, t), cp: left };
    if (t < rig.lastUpdate)
      return { value: this.interpolate(left, rig.lastUpdate, rig.rewardPerShareX18, t), cp: left };
    const released = t > rig.lastUpdate ? rig.rateX18 * (min(t, rig.periodEnd) - rig.lastUpdate) : 0n;
    if (released <= 0n || rig.totalShares === 0n) return { value: rig.rewardPerShareX18, cp: left };
    return { value: rig.rewardPerShareX18 + (released + rig.carryX18) / rig.totalShares, cp: left };
  }

  private interpolate(left: Checkpoint, rightTime: bigint, rightX18: bigint, t: bigint): bigint {
    const end = min(rightTime, left.periodEnd);
    if (end <= left.time) return left.rewardPerShareX18;
    const at = min(t, end);
    return left.rewardPerShareX18 + ((rightX18 - left.rewardPerShareX18) * (at - left.time)) / (end - left.time);
  }

  /**
   * What `p` earned up to `acc`, split between its owner and its renter (mirrors `_split`), at `time`, from
   * the rig's stored state. With `log`, an ended rental's interpolated acc(expires) is recorded in
   * `interpolationChecks` (`settled` says whether a settlement uses it).
   */
  private splitAt(
    positionId: bigint,
    p: PositionState,
    rig: Rig,
    acc: bigint,
    time: bigint,
    settled: boolean,
    log = true,
  ): { parts: SplitParts; deviation: bigint } {
    const earned = (to: bigint, from: bigint) => (p.shares * (to - from)) / SCALE;
    if (!p.rented)
      return { parts: { ownerPart: earned(acc, p.paidX18), renter: ZERO_ADDRESS, renterPart: 0n }, deviation: 0n };
    const r = this.rentals.get(positionId)!;
    if (time <= r.expires) {
      return { parts: { ownerPart: 0n, renter: r.user, renterPart: earned(acc, p.paidX18) }, deviation: 0n };
    }
    const at = this.rewardPerShareAt(rig, r.expires, time);
    let atExpiry = at.value;
    if (atExpiry < p.paidX18) atExpiry = p.paidX18;
    if (atExpiry > acc) atExpiry = acc;
    const ideal = r.idealAtExpiryX18 ?? this.previewAccrual(rig, r.expires).rewardPerShareX18;
    const deviation = ideal - atExpiry;
    if (log) {
      const cp = at.cp;
      const segmentShares = cp?.totalShares ?? 0n;
      const carryX18 = cp?.carryX18 ?? 0n;
      this.interpolationChecks.push({
        positionId,
        renter: r.user,
        owner: p.owner,
        shares: p.shares,
        expires: r.expires,
        time,
        settled,
        idealX18: ideal,
        interpolatedX18: atExpiry,
        deviation,
        streaming: r.streamingAtExpiry ?? this.streamingAt(rig, r.expires),
        bound: rentalBound(cp === undefined ? undefined : { carryX18, totalShares: segmentShares }),
        carryX18,
        segmentShares,
      });
    }
    return {
      parts: { ownerPart: earned(acc, atExpiry), renter: r.user, renterPart: earned(atExpiry, p.paidX18) },
      deviation,
    };
  }

  /**
   * Settles `p` at `acc` (mirrors `_settleTo` without the routing): returns the owner's and the renter's
   * parts, clears an ended rental, marks the position paid up to `acc`, and books the rounding.
   */
  private settle(positionId: bigint, p: PositionState, acc: bigint, time: bigint): SplitParts {
    const rig = this.rig(p.rigId);
    const token = rig.payoutToken;
    const { parts, deviation } = this.splitAt(positionId, p, rig, acc, time, true);
    const r = this.rentals.get(positionId);
    // Who got a part rounded down to base units: the owner (no rental), the renter (running), or both (ended).
    const rounded = r === undefined ? [p.owner] : time <= r.expires ? [r.user] : [p.owner, r.user];
    if (r !== undefined && time > r.expires) {
      // What interpolation moved from the renter to the owner (or back) stays visible to the ideal check.
      const moved = p.shares * deviation * IDEAL_PRECISION;
      const ko = key(p.owner, token);
      const kr = key(r.user, token);
      this.settledShift.set(ko, (this.settledShift.get(ko) ?? 0n) + moved);
      this.settledShift.set(kr, (this.settledShift.get(kr) ?? 0n) - moved);
      this.rentals.delete(positionId);
      p.rented = false;
    }
    if (p.paidX18 === acc) return parts;
    const exact = p.shares * (acc - p.paidX18);
    p.paidX18 = acc;
    this.dustX18.set(token, this.settledDustX18(token) + exact - (parts.ownerPart + parts.renterPart) * SCALE);
    for (const who of rounded) {
      this.settlementCount.set(token, this.settlements(token) + 1);
      const k = key(who, token);
      this.settlementsFor.set(k, (this.settlementsFor.get(k) ?? 0) + 1);
    }
    return parts;
  }

  /** Settles `p` to its owner and renter, crediting both (no payee: a hook settlement). */
  private settleAndCredit(positionId: bigint, p: PositionState, acc: bigint, time: bigint): void {
    const token = this.rig(p.rigId).payoutToken;
    const owner = p.owner;
    const parts = this.settle(positionId, p, acc, time);
    this.creditTo(owner, token, parts.ownerPart);
    this.creditTo(parts.renter, token, parts.renterPart);
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

/**
 * RENTAL_BOUND: how far (scaled units per share) the contract's interpolated acc(expires) may fall below
 * the ideal one, for the segment starting at a checkpoint with `carryX18` and `totalShares` right after it
 * (see the header): ⌊carry / shares⌋ + 1, zero with no shares out or no checkpoint. It may never be above.
 */
export function rentalBound(segment: { carryX18: bigint; totalShares: bigint } | undefined): bigint {
  if (segment === undefined || segment.totalShares === 0n) return 0n;
  return segment.carryX18 / segment.totalShares + 1n;
}
