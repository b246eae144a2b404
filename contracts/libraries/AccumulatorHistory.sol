// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title AccumulatorHistory
/// @notice Checkpoints of a rig's reward per share, so its value at any past second can be recovered in
/// O(log n): rentals end at arbitrary seconds without a transaction, and the renter's share is settled later.
/// @dev A checkpoint is written at every change of the accumulator's slope (a push changes the rate, a mint
/// or burn the share count) while rentals are running. Between two checkpoints the reward per share grows
/// linearly until the stream's `periodEnd`, then stays flat, so interpolating between the checkpoints gives
/// its value at any second to within ⌊carry / shares⌋ + 1 scaled units per share (one while the carry is
/// below the share count), which moves less than one base unit of any position. Values are scaled by 1e18.
library AccumulatorHistory {
    /// @notice The reward per share at `time`, and the end of the stream in force from then on.
    struct Checkpoint {
        uint40 time;
        uint40 periodEnd;
        uint160 rewardPerShareX18;
    }

    /// @notice A rig's checkpoints by index, in time order; the caller keeps their count (packed beside
    /// other state it writes anyway, which saves an array length slot).
    struct History {
        mapping(uint256 index => Checkpoint) at;
    }

    /// @notice Appends a checkpoint, or replaces the last one if it has the same time.
    /// @param h The rig's checkpoints.
    /// @param count Checkpoints so far.
    /// @param time Now.
    /// @param periodEnd End of the stream in force from now on.
    /// @param rewardPerShareX18 Reward per share at `time`.
    /// @return The new count.
    function record(
        History storage h,
        uint256 count,
        uint256 time,
        uint256 periodEnd,
        uint256 rewardPerShareX18
    ) internal returns (uint256) {
        // Casts fit for the callers' values: `time` is now and `periodEnd` now + an epoch of at most 194 days
        // (both far below 2^40 s, year 36,812); `rewardPerShareX18` is a rig's accumulator, kept below 2^160.
        Checkpoint memory c = Checkpoint({
            time: uint40(time),
            periodEnd: uint40(periodEnd),
            rewardPerShareX18: uint160(rewardPerShareX18)
        });
        if (count != 0 && h.at[count - 1].time == time) {
            h.at[count - 1] = c;
            return count;
        }
        h.at[count] = c;
        return count + 1;
    }

    /// @notice Index of the last checkpoint at or before `t` (binary search).
    /// @param h The rig's checkpoints.
    /// @param count Number of checkpoints.
    /// @param t A timestamp.
    /// @return found Whether such a checkpoint exists.
    /// @return index Its index.
    function lastAtOrBefore(
        History storage h,
        uint256 count,
        uint256 t
    ) internal view returns (bool found, uint256 index) {
        uint256 low;
        uint256 high = count;
        // Invariant: every index below `low` is at or before `t`; every index from `high` on is after it.
        while (low < high) {
            uint256 mid = (low + high) / 2;
            if (h.at[mid].time <= t) low = mid + 1;
            else high = mid;
        }
        if (low == 0) return (false, 0);
        return (true, low - 1);
    }

    /// @notice Reward per share at `t`, between a checkpoint and the next known point of the same segment.
    /// @dev Linear from `left.time` to `min(rightTime, left.periodEnd)`, flat after; rounds down.
    /// @param left The last checkpoint at or before `t`.
    /// @param rightTime Time of the next known value (the next checkpoint or the last update).
    /// @param rightX18 Reward per share at `rightTime`.
    /// @param t The timestamp, `left.time ≤ t`.
    /// @return Reward per share at `t`, scaled by 1e18.
    function interpolate(
        Checkpoint memory left,
        uint256 rightTime,
        uint256 rightX18,
        uint256 t
    ) internal pure returns (uint256) {
        uint256 end = rightTime < left.periodEnd ? rightTime : left.periodEnd;
        if (end <= left.time) return left.rewardPerShareX18;
        uint256 at = t < end ? t : end;
        return left.rewardPerShareX18 + ((rightX18 - left.rewardPerShareX18) * (at - left.time)) / (end - left.time);
    }
}
