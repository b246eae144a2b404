// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IRewardDistributor} from "../interfaces/IRewardDistributor.sol";
import {AccumulatorHistory} from "../libraries/AccumulatorHistory.sol";
import {PositionId} from "../libraries/PositionId.sol";
import {RewardMath} from "../libraries/RewardMath.sol";
import {RewardLedger} from "./RewardLedger.sol";

/// @title RentalRouting
/// @notice Routes a position's rewards between its owner and its renter (ERC-4907 `setUser`), exact to the
/// second with no transaction at expiry: the rentals, each rig's accumulator history while rentals run, the
/// reward per share at a past second, and the owner/renter split at settlement.
/// @dev Base of `RewardDistributor`, which settles every position through `_settle` (or `_settleClaimed`),
/// refuses to move a rented one with `_requireNotRented`, and calls `_recordSlopeChange` whenever a push, a
/// mint or a burn changes the slope of a rig's accumulator.
abstract contract RentalRouting is RewardLedger {
    using AccumulatorHistory for AccumulatorHistory.History;

    mapping(uint256 positionId => Rental) private _rentals;
    mapping(uint256 rigId => AccumulatorHistory.History) private _history;

    // ───────────────────────────────── share-token hook ─────────────────────────────────

    /// @inheritdoc IRewardDistributor
    function onRentalSet(uint256 positionId, address owner, address user, uint256 expires) external onlyShareToken {
        Position memory p = _positions[positionId];
        _requireNotRented(positionId, p);
        uint256 rigId = PositionId.rigOf(positionId);
        RigState storage s = _rigs[rigId];
        uint256 acc = _accrue(s);
        // Settles the owner's rewards so far (and a previous renter's, clearing an expired rental).
        _settle(positionId, s, p, acc, owner, address(0), s.payoutToken);
        if (user != address(0)) {
            // The history must cover this rental: if it is closed (no rental since its last segment ended),
            // slope changes since the last checkpoint were not recorded, so open a new segment now.
            uint256 horizon = s.rentalHorizon;
            if (horizon == 0) _record(s, rigId, acc);
            // The horizon only grows while rentals run, and is never stored wrapped: an expiry past 40 bits
            // (refused by the share token already) reverts here rather than close the history early.
            if (expires > horizon) s.rentalHorizon = SafeCast.toUint40(expires);
            // Fits: at most the horizon (≤ type(uint40).max) or below it.
            _rentals[positionId] = Rental({user: user, expires: uint64(expires)});
            p.rented = true;
        }
        _store(positionId, p);
    }

    // ─────────────────────────────────────── views ───────────────────────────────────────

    /// @inheritdoc IRewardDistributor
    function pendingReward(uint256 positionId) public view returns (uint256) {
        (uint256 ownerPart, , uint256 renterPart) = pendingSplit(positionId);
        return ownerPart + renterPart;
    }

    /// @inheritdoc IRewardDistributor
    function pendingSplit(
        uint256 positionId
    ) public view returns (uint256 ownerPart, address renter, uint256 renterPart) {
        Position memory p = _positions[positionId];
        if (p.shares == 0) return (0, address(0), 0);
        RigState storage s = _rigs[PositionId.rigOf(positionId)];
        (uint256 acc, , ) = _preview(s);
        return _split(positionId, s, p, acc);
    }

    /// @inheritdoc IRewardDistributor
    function rentalOf(uint256 positionId) external view returns (Rental memory) {
        return _rentals[positionId];
    }

    /// @inheritdoc IRewardDistributor
    function rewardPerShareX18At(uint256 rigId, uint256 t) external view returns (uint256) {
        return _rewardPerShareAt(_rigs[rigId], rigId, t);
    }

    // ───────────────────────────────────── internals ─────────────────────────────────────

    /// @dev Settles `positionId`, loaded in `p`, up to `acc`: the owner's part goes to `owner`, a renter's to the
    /// renter (its window only, exact to the second), and an expired rental is cleared. The part of whichever is
    /// `payee` is returned for the caller to pay; every other part is credited to its claimable balance. Updates
    /// `p` in memory (paid mark, rental flag): the caller makes its own changes and writes the position's slot
    /// once. Clearing an expired rental (rare) also writes the flag, so a claim writes the paid mark alone.
    function _settle(
        uint256 positionId,
        RigState storage s,
        Position memory p,
        uint256 acc,
        address owner,
        address payee,
        IERC20 token
    ) internal returns (uint256 toPayee) {
        (uint256 ownerPart, address renter, uint256 renterPart) = _split(positionId, s, p, acc);
        // An expired rental is settled once and for all.
        if (p.rented && block.timestamp > _rentals[positionId].expires) {
            delete _rentals[positionId];
            p.rented = false;
            _positions[positionId].rented = false;
        }
        p.paidX18 = uint160(acc); // acc < 2^160: every push keeps it there (RewardDistributor._startEpoch)
        toPayee =
            _route(positionId, owner, ownerPart, payee, token) + _route(positionId, renter, renterPart, payee, token);
    }

    /// @dev `_settle` for a claim, paying the caller its part: a claim changes nothing else of the position
    /// than its paid mark (and the rental flag, which `_settle` clears itself).
    function _settleClaimed(
        uint256 positionId,
        RigState storage s,
        uint256 acc,
        address beneficiary,
        IERC20 token
    ) internal returns (uint256 toCaller) {
        Position storage stored = _positions[positionId];
        Position memory p = stored;
        toCaller = _settle(positionId, s, p, acc, beneficiary, msg.sender, token);
        stored.paidX18 = p.paidX18;
    }

    /// @dev What `p` earned up to `acc`, split between its owner and its renter.
    function _split(
        uint256 positionId,
        RigState storage s,
        Position memory p,
        uint256 acc
    ) internal view returns (uint256 ownerPart, address renter, uint256 renterPart) {
        if (!p.rented) return (RewardMath.earned(p.shares, acc, p.paidX18), address(0), 0);
        Rental memory r = _rentals[positionId];
        renter = r.user;
        if (block.timestamp <= r.expires) return (0, renter, RewardMath.earned(p.shares, acc, p.paidX18));
        // The rental ended without a transaction: split at the reward per share of its last second.
        uint256 atExpiry = _rewardPerShareAt(s, PositionId.rigOf(positionId), r.expires);
        if (atExpiry < p.paidX18) atExpiry = p.paidX18;
        if (atExpiry > acc) atExpiry = acc;
        renterPart = RewardMath.earned(p.shares, atExpiry, p.paidX18);
        ownerPart = RewardMath.earned(p.shares, acc, atExpiry);
    }

    /// @dev Returns `amount` if `to` is the payee, else credits it to `to`.
    function _route(
        uint256 positionId,
        address to,
        uint256 amount,
        address payee,
        IERC20 token
    ) internal returns (uint256) {
        if (amount == 0) return 0;
        if (to == payee) return amount;
        _credit(positionId, to, token, amount);
        return 0;
    }

    /// @dev Reward per share at a past second `t`: from the last checkpoint at or before it and the next
    /// known point of the same segment (the next checkpoint, or the stream's stored state).
    function _rewardPerShareAt(RigState storage s, uint256 rigId, uint256 t) internal view returns (uint256) {
        AccumulatorHistory.History storage h = _history[rigId];
        uint256 count = s.checkpoints;
        (bool found, uint256 i) = h.lastAtOrBefore(count, t);
        // Unreachable for a recorded rental (its start wrote or found a checkpoint); the current value is
        // the safe answer: it can only give the renter more than its window, never the owner.
        if (!found) {
            (uint256 current, , ) = _preview(s);
            return current;
        }
        AccumulatorHistory.Checkpoint memory left = h.at[i];
        if (i + 1 < count) {
            AccumulatorHistory.Checkpoint memory right = h.at[i + 1];
            return AccumulatorHistory.interpolate(left, right.time, right.rewardPerShareX18, t);
        }
        uint256 last = _lastUpdate(s.lastUpdate32);
        if (t < last) return AccumulatorHistory.interpolate(left, last, s.rewardPerShareX18, t);
        // After the last update: stream forward from the stored state, as `_accrue` would at `t`.
        uint256 acc = s.rewardPerShareX18;
        uint256 released = RewardMath.streamedX18(s.rateX18, last, t, s.periodEnd);
        uint256 total = s.totalShares;
        if (released == 0 || total == 0) return acc;
        (uint256 increment, ) = RewardMath.distribute(released, s.carryX18, total);
        return acc + increment;
    }

    /// @dev Records the accumulator's new slope (rate or share count changed) while the history is open. The
    /// first change after every rental has expired closes the segment holding the last expiry, and with it the
    /// history (`rentalHorizon` = 0) until the next rental.
    function _recordSlopeChange(RigState storage s, uint256 rigId, uint256 acc) internal {
        uint256 horizon = s.rentalHorizon;
        if (horizon == 0) return;
        _record(s, rigId, acc);
        if (block.timestamp > horizon) s.rentalHorizon = 0;
    }

    /// @dev Checkpoints the reward per share `acc` of `rigId` now, with the stream in force from now on.
    /// The count grows by at most one a second (a second checkpoint in the same second replaces the first), so
    /// it stays below 2^32 for 136 years of a slope change every second; checked anyway.
    function _record(RigState storage s, uint256 rigId, uint256 acc) internal {
        s.checkpoints = SafeCast.toUint32(_history[rigId].record(s.checkpoints, block.timestamp, s.periodEnd, acc));
    }

    /// @dev Reverts while `positionId` (loaded in `p`) is rented; returns whether an expired rental record exists.
    function _requireNotRented(uint256 positionId, Position memory p) internal view returns (bool expiredRental) {
        if (!p.rented) return false;
        uint256 expires = _rentals[positionId].expires;
        if (block.timestamp <= expires) revert DistributorPositionRented(positionId, expires);
        return true;
    }
}
