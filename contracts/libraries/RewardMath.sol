// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title RewardMath
/// @notice Pure math of a linear reward stream shared by a changing set of shares.
/// @dev Every amount suffixed `X18` is token base units × 1e18. Scaling before dividing keeps the
/// per-second rate exact enough that an 8-decimal token streamed over a day loses nothing to
/// truncation; every division rounds down, so rounding always stays in the contract.
library RewardMath {
    /// @notice Fixed-point scale of rates and accumulators.
    uint256 internal constant SCALE = 1e18;

    /// @notice Scaled amount the stream released between `from` and `to`, clipped to `periodEnd`.
    /// @param rateX18 Stream rate, scaled.
    /// @param from Last time the stream was accounted.
    /// @param to Time to account up to (`to ≥ from`).
    /// @param periodEnd Time the stream stops.
    /// @return Released amount, in token base units scaled by 1e18.
    function streamedX18(uint256 rateX18, uint256 from, uint256 to, uint256 periodEnd) internal pure returns (uint256) {
        if (to > periodEnd) to = periodEnd;
        if (to <= from) return 0;
        return rateX18 * (to - from);
    }

    /// @notice Spreads `releasedX18` (plus the previous `carryX18`) over `totalShares`.
    /// @dev The remainder of the division is carried to the next update instead of being dropped, so the
    /// accumulator loses nothing even with 2^96 shares outstanding.
    /// @param releasedX18 Amount released since the last update, scaled by 1e18.
    /// @param carryX18 Remainder carried from the previous update, scaled by 1e18.
    /// @param totalShares Shares outstanding (non-zero).
    /// @return incrementX18 Increase of the reward per share.
    /// @return newCarryX18 Scaled amount not yet attributed (always `< totalShares`).
    function distribute(
        uint256 releasedX18,
        uint256 carryX18,
        uint256 totalShares
    ) internal pure returns (uint256 incrementX18, uint256 newCarryX18) {
        uint256 pool = releasedX18 + carryX18;
        // Rounds down: the remainder is carried, never paid twice.
        incrementX18 = pool / totalShares;
        newCarryX18 = pool % totalShares;
    }

    /// @notice Rate that streams `totalX18` over `duration` seconds.
    /// @param totalX18 Amount to stream, scaled by 1e18.
    /// @param duration Stream length, in seconds (non-zero).
    /// @return rateX18 Per-second rate, rounded down.
    /// @return remainderX18 The part of `totalX18` the rounded rate does not stream (`< duration`).
    function rateFor(uint256 totalX18, uint256 duration) internal pure returns (uint256 rateX18, uint256 remainderX18) {
        rateX18 = totalX18 / duration;
        remainderX18 = totalX18 % duration;
    }

    /// @notice Unstreamed part of a stream at `time`, scaled.
    /// @param rateX18 Stream rate, in token base units per second scaled by 1e18.
    /// @param time Time to measure at, in seconds.
    /// @param periodEnd Time the stream stops, in seconds.
    /// @return Unstreamed amount, in token base units scaled by 1e18.
    function remainingX18(uint256 rateX18, uint256 time, uint256 periodEnd) internal pure returns (uint256) {
        return time >= periodEnd ? 0 : rateX18 * (periodEnd - time);
    }

    /// @notice Tokens earned by `shares` while the reward per share moved from `paidX18` to `currentX18`.
    /// @dev Rounds down: the fraction of a base unit stays in the contract as dust.
    /// @param shares Shares held.
    /// @param currentX18 Current reward per share, scaled by 1e18.
    /// @param paidX18 Reward per share already accounted, scaled by 1e18 (`≤ currentX18`).
    /// @return Earned amount, in token base units.
    function earned(uint256 shares, uint256 currentX18, uint256 paidX18) internal pure returns (uint256) {
        return (shares * (currentX18 - paidX18)) / SCALE;
    }
}
