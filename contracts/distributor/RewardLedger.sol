// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IRewardDistributor} from "../interfaces/IRewardDistributor.sol";
import {IRigShares} from "../interfaces/IRigShares.sol";
import {RewardMath} from "../libraries/RewardMath.sol";

/// @title RewardLedger
/// @notice The state every part of `RewardDistributor` shares: the share token, each rig's reward stream, each
/// position's paid mark, each account's claimable balance and each token's liability; and the stream's accrual.
/// @dev Base of `RentalRouting` and `RewardDistributor`. The storage variables keep the distributor's order
/// (after the inherited OpenZeppelin and `LinkedPausable` slots, before `RentalRouting`'s).
abstract contract RewardLedger is IRewardDistributor {
    /// @dev A rig's reward state as stored, packed by use: an accrual writes slot 0 only, a settlement reads
    /// slots 0–2 only, a push slots 0–4. `rigStream` returns it as an `IRewardDistributor.RigStream`.
    /// Slot 0: rewardPerShareX18 | lastUpdate32 | carryX18. Slot 1: rateX18 | periodEnd | totalShares.
    /// Slot 2: payoutToken | epochLength | rentalHorizon | checkpoints. Slot 3: unallocatedX18 | nextEpoch.
    /// Slot 4: maxEpochPayout | funded. Ranges: `lastUpdate32` is the last update's time modulo 2^32 (see
    /// `_lastUpdate`); `totalShares ≤ type(uint64).max` (checked on mint) and `carryX18 < totalShares`;
    /// `rateX18 ≤ totalX18 / epochLength < 2^160 / 3,600` and `unallocatedX18 ≤ totalX18`, where `totalX18`, the
    /// amount a push streams, is kept below 2^160 (see `RewardDistributor._startEpoch`).
    struct RigState {
        uint160 rewardPerShareX18;
        uint32 lastUpdate32;
        uint64 carryX18;
        uint152 rateX18;
        uint40 periodEnd;
        uint64 totalShares;
        IERC20 payoutToken;
        uint24 epochLength;
        uint40 rentalHorizon;
        uint32 checkpoints;
        uint192 unallocatedX18;
        uint64 nextEpoch;
        uint128 maxEpochPayout;
        uint128 funded;
    }

    IRigShares internal immutable _shareToken;

    mapping(uint256 rigId => RigState) internal _rigs;
    mapping(uint256 positionId => Position) internal _positions;
    mapping(address account => mapping(IERC20 token => uint256)) internal _balances;
    mapping(IERC20 token => uint256) internal _liabilities;

    /// @dev Only the share token calls the settlement hooks.
    modifier onlyShareToken() {
        if (msg.sender != address(_shareToken)) revert DistributorOnlyShareToken(msg.sender);
        _;
    }

    /// @notice Binds the ledger to `shareToken_`, whose hooks drive settlement.
    /// @param shareToken_ The share token (not zero).
    constructor(IRigShares shareToken_) {
        if (address(shareToken_) == address(0)) revert DistributorZeroAddress();
        _shareToken = shareToken_;
    }

    /// @dev A rig's last update is stored modulo 2^32 (`lastUpdate32`), so that an accrual writes one slot (see
    /// `RigState`). It is never after now, so it is the latest time up to now with those low bits: exact while
    /// a rig goes less than 2^32 seconds (136 years) without an update.
    function _lastUpdate(uint256 lastUpdate32) internal view returns (uint256) {
        unchecked {
            // No underflow: the stored value is at most now, and the low bits of `now - stored` at most that.
            return block.timestamp - uint32(block.timestamp - lastUpdate32);
        }
    }

    /// @dev Accounts the stream up to now and returns the reward per share. Writes only when something streamed.
    function _accrue(RigState storage s) internal returns (uint256 acc) {
        // Slot 0, then slot 1, read field by field in straight-line code: the optimizer loads each slot once.
        acc = s.rewardPerShareX18;
        uint256 last32 = s.lastUpdate32;
        uint256 carry = s.carryX18;
        uint256 rate = s.rateX18;
        uint256 end = s.periodEnd;
        uint256 total = s.totalShares;
        uint256 released = RewardMath.streamedX18(rate, _lastUpdate(last32), block.timestamp, end);
        if (released == 0) return acc;
        if (total == 0) {
            // Nobody holds shares: keep the rewards for the next stream instead of losing them.
            s.unallocatedX18 = SafeCast.toUint192(s.unallocatedX18 + released);
        } else {
            uint256 increment;
            (increment, carry) = RewardMath.distribute(released, carry, total);
            acc += increment;
        }
        // All in slot 0: acc < 2^160 (bounded on every push), carry < total ≤ type(uint64).max.
        s.rewardPerShareX18 = uint160(acc);
        s.lastUpdate32 = uint32(block.timestamp);
        s.carryX18 = uint64(carry);
    }

    /// @dev `_accrue` without writing: the reward per share, carry and unallocated bucket as of now.
    function _preview(
        RigState storage s
    ) internal view returns (uint256 acc, uint256 carryX18, uint256 unallocatedX18) {
        acc = s.rewardPerShareX18;
        carryX18 = s.carryX18;
        unallocatedX18 = s.unallocatedX18;
        uint256 released = RewardMath.streamedX18(s.rateX18, _lastUpdate(s.lastUpdate32), block.timestamp, s.periodEnd);
        if (released == 0) return (acc, carryX18, unallocatedX18);
        uint256 total = s.totalShares;
        if (total == 0) {
            unallocatedX18 += released;
        } else {
            uint256 increment;
            (increment, carryX18) = RewardMath.distribute(released, carryX18, total);
            acc += increment;
        }
    }

    /// @dev Writes `p` as the position's slot. Field by field in straight-line code, which the optimizer
    /// merges into one storage write (a whole-struct copy compiles to one write per field).
    function _store(uint256 positionId, Position memory p) internal {
        Position storage stored = _positions[positionId];
        stored.shares = p.shares;
        stored.version = p.version;
        stored.rented = p.rented;
        stored.paidX18 = p.paidX18;
    }

    /// @dev Credits `amount` of `token`, settled from `positionId`, to `account`'s claimable balance.
    function _credit(uint256 positionId, address account, IERC20 token, uint256 amount) internal {
        _balances[account][token] += amount;
        emit PositionSettled(positionId, account, amount);
    }
}
