// Live accrual, computed client-side: a line-by-line mirror of RewardMath and RewardDistributor._preview,
// so `pendingRewardAt(position, stream, t)` equals the contract's `pendingReward(positionId)` in a block
// with timestamp `t`, to the wei, as long as nothing changed the rig's stream or the position since the
// state was read (a push, mint, split, merge, burn or transfer of that rig writes new state).
// A web app reads the state once (getAccrualState) and ticks every second without an RPC call.
import type { PositionState, RigStream } from "./types.js";

/** Fixed-point scale of rates and accumulators (`RewardMath.SCALE`). */
export const SCALE = 10n ** 18n;

/** `RewardMath.streamedX18`: scaled amount released between `from` and `to`, clipped to `periodEnd`. */
export function streamedX18(rateX18: bigint, from: bigint, to: bigint, periodEnd: bigint): bigint {
  if (to > periodEnd) to = periodEnd;
  if (to <= from) return 0n;
  return rateX18 * (to - from);
}

/** `RewardMath.distribute`: spreads `releasedX18 + carryX18` over `totalShares`, carrying the remainder. */
export function distribute(
  releasedX18: bigint,
  carryX18: bigint,
  totalShares: bigint,
): { incrementX18: bigint; carryX18: bigint } {
  const pool = releasedX18 + carryX18;
  return { incrementX18: pool / totalShares, carryX18: pool % totalShares };
}

/** `RewardMath.remainingX18`: the unstreamed part of a stream at `time`. */
export function remainingX18(rateX18: bigint, time: bigint, periodEnd: bigint): bigint {
  return time >= periodEnd ? 0n : rateX18 * (periodEnd - time);
}

/** `RewardMath.earned`: tokens earned while the reward per share moved from `paidX18` to `currentX18`, rounded down. */
export function earned(shares: bigint, currentX18: bigint, paidX18: bigint): bigint {
  return (shares * (currentX18 - paidX18)) / SCALE;
}

export type StreamPreview = { rewardPerShareX18: bigint; carryX18: bigint; unallocatedX18: bigint };

/** `RewardDistributor._preview` at timestamp `t`: the reward per share, carry and unallocated bucket. */
export function previewStream(s: RigStream, t: bigint): StreamPreview {
  let acc = s.rewardPerShareX18;
  let carry = s.carryX18;
  let unallocated = s.unallocatedX18;
  const released = streamedX18(s.rateX18, s.lastUpdate, t, s.periodEnd);
  if (released === 0n) return { rewardPerShareX18: acc, carryX18: carry, unallocatedX18: unallocated };
  if (s.totalShares === 0n) {
    unallocated += released;
  } else {
    const d = distribute(released, carry, s.totalShares);
    acc += d.incrementX18;
    carry = d.carryX18;
  }
  return { rewardPerShareX18: acc, carryX18: carry, unallocatedX18: unallocated };
}

/** `RewardDistributor.pendingReward` of a position at timestamp `t`, in payout-token base units. */
export function pendingRewardAt(position: PositionState, stream: RigStream, t: bigint): bigint {
  if (position.shares === 0n) return 0n;
  return earned(position.shares, previewStream(stream, t).rewardPerShareX18, position.paidX18);
}

/** `RewardDistributor.undistributed` of a rig at timestamp `t`, in base units (rounded down). */
export function undistributedAt(stream: RigStream, t: bigint): bigint {
  const p = previewStream(stream, t);
  return (remainingX18(stream.rateX18, t, stream.periodEnd) + p.unallocatedX18 + p.carryX18) / SCALE;
}

/** Payout-token base units a rig streams per second now (rounded down), or 0 once its stream ended. */
export function streamRatePerSecond(stream: RigStream, t: bigint): bigint {
  return t >= stream.periodEnd ? 0n : stream.rateX18 / SCALE;
}

/** A rental as the distributor records it (`rentalOf`): `user` earns the position's rewards until `expires`. */
export type RentalState = { user: `0x${string}`; expires: bigint };

/**
 * The owner's and the renter's parts of a position's pending rewards at timestamp `t`, client-side, while
 * it is exact: with no rental, or during a running one (`t ≤ expires`: the rental settled the owner when it
 * started, so everything pending since belongs to the renter). After a rental ended the split depends on
 * the rig's accumulator at the second it expired, which only the contract records: `undefined` then (read
 * `getPendingSplit`).
 */
export function pendingSplitAt(
  position: PositionState,
  stream: RigStream,
  rental: RentalState,
  t: bigint,
): { ownerPart: bigint; renterPart: bigint } | undefined {
  const pending = pendingRewardAt(position, stream, t);
  if (/^0x0{40}$/.test(rental.user)) return { ownerPart: pending, renterPart: 0n };
  if (t <= rental.expires) return { ownerPart: 0n, renterPart: pending };
  return undefined;
}
