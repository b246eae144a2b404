// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {RentalRouting} from "./distributor/RentalRouting.sol";
import {RewardLedger} from "./distributor/RewardLedger.sol";
import {IRewardDistributor} from "./interfaces/IRewardDistributor.sol";
import {IRigShares} from "./interfaces/IRigShares.sol";
import {PositionId} from "./libraries/PositionId.sol";
import {RewardMath} from "./libraries/RewardMath.sol";
import {LinkedPausable} from "./utils/LinkedPausable.sol";

/// @title RewardDistributor
/// @notice Streams each rig's funded epochs to its share positions. Holds every payout token; owes
/// exactly `liabilities(token)` and can never release more than the excess above it to the admin.
/// @dev Entry points, share-token hooks, epoch pushes and payments. The shared state and the stream's accrual
/// live in `distributor/RewardLedger.sol`; rentals (the `onRentalSet` hook), the accumulator history and the
/// owner/renter split at settlement in `distributor/RentalRouting.sol`.
contract RewardDistributor is
    IRewardDistributor,
    AccessControlDefaultAdminRules,
    LinkedPausable,
    ReentrancyGuardTransient,
    RentalRouting
{
    using SafeERC20 for IERC20;

    /// @notice Role allowed to pause and unpause epoch pushes.
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    /// @notice Deploys the distributor for `shareToken_`.
    /// @param shareToken_ The share token whose hooks drive settlement.
    /// @param adminDelay Delay of a two-step admin transfer, in seconds.
    /// @param admin Initial admin (fee-less: the admin can only pause and sweep excess).
    constructor(
        IRigShares shareToken_,
        uint48 adminDelay,
        address admin
    ) AccessControlDefaultAdminRules(adminDelay, admin) RewardLedger(shareToken_) {
        _grantRole(PAUSER_ROLE, admin);
    }

    // ───────────────────────────── user and operator entry points ─────────────────────────────

    /// @inheritdoc IRewardDistributor
    function pushEpoch(uint256 rigId, uint256 epoch, uint256 amount) external nonReentrant {
        // Check: without an oracle-backed funder, the operator pushes its rig's next epoch.
        if (_linkedContractWhenNotPaused() != address(0)) revert DistributorReportRequired(rigId);
        if (_shareToken.operatorOf(rigId) != msg.sender) revert DistributorNotRigOperator(rigId, msg.sender);
        IERC20 token = _startEpoch(rigId, epoch, amount);
        // Interaction: pull exactly `amount`, measured. An epoch that earned nothing still advances.
        if (amount != 0) _pullExact(token, msg.sender, amount);
    }

    /// @inheritdoc IRewardDistributor
    function fundEpoch(uint256 rigId, uint256 epoch, uint256 amount) external nonReentrant {
        if (msg.sender != _linkedContractWhenNotPaused()) revert DistributorOnlyFunder(msg.sender);
        IERC20 token = _startEpoch(rigId, epoch, amount);
        // The funder transferred the tokens before calling; never stream what is not held.
        uint256 balance = token.balanceOf(address(this));
        uint256 owed = _liabilities[token];
        if (balance < owed) revert DistributorUnfunded(amount, balance + amount - owed);
    }

    /// @inheritdoc IRewardDistributor
    function claim(uint256[] calldata positionIds) external nonReentrant returns (uint256 paid) {
        IERC20 token;
        uint256 owed;
        uint256 rigId; // rig of the previous position (rig ids start at 1)
        uint256 acc; // its reward per share, accrued to now
        for (uint256 i; i < positionIds.length; ++i) {
            uint256 positionId = positionIds[i];
            // Check: the position exists; its beneficiary, not the caller, is entitled to it.
            address beneficiary = _shareToken.beneficiaryOf(positionId);
            if (beneficiary == address(0)) revert DistributorUnknownPosition(positionId);
            uint256 positionRig = PositionId.rigOf(positionId);
            RigState storage s = _rigs[positionRig];
            if (positionRig != rigId) {
                // Positions of one rig in a row are accrued once: between them run only a view call and
                // settlements, which cannot move the rig's reward per share (it is accrued to this second).
                (rigId, acc) = (positionRig, _accrue(s));
                IERC20 rigToken = s.payoutToken;
                if (rigToken != token) {
                    if (address(token) != address(0)) paid += _payCaller(token, owed);
                    (token, owed) = (rigToken, 0);
                }
            }
            // Effects: settle the position; the caller's own rewards are paid below, others' are credited.
            owed += _settleClaimed(positionId, s, acc, beneficiary, token);
        }
        if (address(token) != address(0)) paid += _payCaller(token, owed);
    }

    /// @notice Hands epoch funding to the oracle-backed epoch funder, for good: from then on operators
    /// cannot push amounts of their choosing. Callable once by the admin.
    /// @param funder_ The epoch funder.
    function setFunder(address funder_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (_linkedContract() != address(0)) revert DistributorFunderAlreadySet();
        if (funder_ == address(0)) revert DistributorZeroAddress();
        _setLinked(funder_);
        emit FunderSet(funder_);
    }

    /// @inheritdoc IRewardDistributor
    function claimBalance(IERC20 token) external nonReentrant returns (uint256 paid) {
        return _payCaller(token, 0);
    }

    /// @inheritdoc IRewardDistributor
    function sweepExcess(IERC20 token, address to) external onlyRole(DEFAULT_ADMIN_ROLE) returns (uint256 amount) {
        if (to == address(0)) revert DistributorZeroAddress();
        uint256 balance = token.balanceOf(address(this));
        uint256 owed = _liabilities[token];
        if (balance <= owed) revert DistributorNoExcess(token);
        amount = balance - owed;
        emit ExcessSwept(token, to, amount);
        token.safeTransfer(to, amount);
    }

    /// @notice Stops epoch pushes. Claims keep working.
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @notice Resumes epoch pushes.
    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    // ───────────────────────────────── share-token hooks ─────────────────────────────────

    /// @inheritdoc IRewardDistributor
    function onRigRegistered(
        uint256 rigId,
        IERC20 payoutToken,
        uint256 epochLength,
        uint256 maxEpochPayout
    ) external onlyShareToken {
        RigState storage s = _rigs[rigId];
        uint256 firstEpoch = block.timestamp / epochLength;
        s.payoutToken = payoutToken;
        // The share token bounds the length (1 hour to 194 days) and the payout cap (< 2^96); the first epoch
        // is now / length < 2^64 for any timestamp below 2^64.
        s.epochLength = SafeCast.toUint24(epochLength);
        s.maxEpochPayout = uint128(maxEpochPayout);
        s.nextEpoch = uint64(firstEpoch);
        emit RigInitialized(rigId, payoutToken, epochLength, firstEpoch);
    }

    /// @inheritdoc IRewardDistributor
    function onPositionMinted(uint256 positionId, uint256 shares) external onlyShareToken returns (uint256 rigShares) {
        uint256 rigId = PositionId.rigOf(positionId);
        RigState storage s = _rigs[rigId];
        uint256 acc = _accrue(s);
        rigShares = s.totalShares + shares;
        if (shares == 0 || rigShares > type(uint64).max) revert DistributorInvalidShares(shares);
        s.totalShares = uint64(rigShares); // checked just above
        _recordSlopeChange(s, rigId, acc);
        // A new position starts at the current reward per share: it earns nothing retroactively. Fits: its
        // shares are at most the rig's (< 2^64, checked above) and `acc` < 2^160 (bounded on every push).
        _positions[positionId] = Position({shares: uint64(shares), version: 0, rented: false, paidX18: uint160(acc)});
    }

    /// @inheritdoc IRewardDistributor
    function onPositionTransferred(
        uint256 positionId,
        address from
    ) external onlyShareToken returns (bool rentalCleared) {
        Position memory p = _positions[positionId];
        rentalCleared = _requireNotRented(positionId, p);
        RigState storage s = _rigs[PositionId.rigOf(positionId)];
        _settle(positionId, s, p, _accrue(s), from, address(0), s.payoutToken);
        _bumpVersion(p);
        _store(positionId, p);
    }

    /// @inheritdoc IRewardDistributor
    function onPositionSplit(
        uint256 positionId,
        uint256 newPositionId,
        uint256 shares,
        address owner
    ) external onlyShareToken {
        Position memory p = _positions[positionId];
        _requireNotRented(positionId, p);
        RigState storage s = _rigs[PositionId.rigOf(positionId)];
        uint256 acc = _accrue(s);
        _settle(positionId, s, p, acc, owner, address(0), s.payoutToken);
        uint256 held = p.shares;
        if (shares == 0 || shares >= held) revert DistributorInvalidShares(shares);
        // Both halves are settled at `acc`, so the split moves no reward between them. Both share counts are
        // below `held` (a uint64) and `acc` < 2^160, so the casts fit.
        p.shares = uint64(held - shares);
        _bumpVersion(p);
        _store(positionId, p);
        _positions[newPositionId] = Position({
            shares: uint64(shares),
            version: 0,
            rented: false,
            paidX18: uint160(acc)
        });
    }

    /// @inheritdoc IRewardDistributor
    function onPositionsMerged(uint256 keptId, uint256 burnedId, address owner) external onlyShareToken {
        Position memory kept = _positions[keptId];
        Position memory burned = _positions[burnedId];
        _requireNotRented(keptId, kept);
        _requireNotRented(burnedId, burned);
        RigState storage s = _rigs[PositionId.rigOf(keptId)];
        uint256 acc = _accrue(s);
        IERC20 token = s.payoutToken;
        _settle(keptId, s, kept, acc, owner, address(0), token);
        _settle(burnedId, s, burned, acc, owner, address(0), token);
        kept.shares += burned.shares;
        _bumpVersion(kept);
        _store(keptId, kept);
        delete _positions[burnedId];
    }

    /// @inheritdoc IRewardDistributor
    function onPositionBurned(uint256 positionId, address owner) external onlyShareToken {
        Position memory p = _positions[positionId];
        _requireNotRented(positionId, p);
        uint256 rigId = PositionId.rigOf(positionId);
        RigState storage s = _rigs[rigId];
        uint256 acc = _accrue(s);
        _settle(positionId, s, p, acc, owner, address(0), s.payoutToken);
        s.totalShares -= p.shares;
        _recordSlopeChange(s, rigId, acc);
        delete _positions[positionId];
    }

    // ─────────────────────────────────────── views ───────────────────────────────────────

    /// @inheritdoc IRewardDistributor
    function claimableBalance(address account, IERC20 token) external view returns (uint256) {
        return _balances[account][token];
    }

    /// @inheritdoc IRewardDistributor
    function claimable(
        address account,
        IERC20 token,
        uint256[] calldata positionIds
    ) external view returns (uint256 amount) {
        amount = _balances[account][token];
        for (uint256 i; i < positionIds.length; ++i) {
            uint256 positionId = positionIds[i];
            if (_rigs[PositionId.rigOf(positionId)].payoutToken != token) continue;
            (uint256 ownerPart, address renter, uint256 renterPart) = pendingSplit(positionId);
            if (_shareToken.beneficiaryOf(positionId) == account) amount += ownerPart;
            if (renter == account) amount += renterPart;
        }
    }

    /// @inheritdoc IRewardDistributor
    function rigStream(uint256 rigId) external view returns (RigStream memory) {
        RigState storage s = _rigs[rigId];
        return
            RigStream({
                rewardPerShareX18: s.rewardPerShareX18,
                lastUpdate: uint64(_lastUpdate(s.lastUpdate32)), // a timestamp
                rateX18: s.rateX18,
                periodEnd: s.periodEnd,
                totalShares: s.totalShares,
                carryX18: s.carryX18,
                nextEpoch: s.nextEpoch,
                payoutToken: s.payoutToken,
                epochLength: s.epochLength,
                rentalHorizon: s.rentalHorizon,
                checkpoints: s.checkpoints,
                unallocatedX18: s.unallocatedX18,
                maxEpochPayout: s.maxEpochPayout,
                funded: s.funded
            });
    }

    /// @inheritdoc IRewardDistributor
    function position(uint256 positionId) external view returns (Position memory) {
        return _positions[positionId];
    }

    /// @inheritdoc IRewardDistributor
    function sharesOf(uint256 positionId) external view returns (uint256) {
        return _positions[positionId].shares;
    }

    /// @inheritdoc IRewardDistributor
    function rewardPerShareX18(uint256 rigId) external view returns (uint256 acc) {
        (acc, , ) = _preview(_rigs[rigId]);
    }

    /// @inheritdoc IRewardDistributor
    function undistributed(uint256 rigId) external view returns (uint256) {
        RigState storage s = _rigs[rigId];
        (, uint256 carryX18, uint256 unallocatedX18) = _preview(s);
        return
            (RewardMath.remainingX18(s.rateX18, block.timestamp, s.periodEnd) + unallocatedX18 + carryX18) /
            RewardMath.SCALE;
    }

    /// @inheritdoc IRewardDistributor
    function liabilities(IERC20 token) external view returns (uint256) {
        return _liabilities[token];
    }

    /// @inheritdoc IRewardDistributor
    function epochAt(uint256 epochLength, uint256 t) external pure returns (uint256) {
        return t / epochLength;
    }

    /// @inheritdoc IRewardDistributor
    function epochTerms(
        uint256 rigId
    ) external view returns (IERC20 payoutToken, uint256 epochLength, uint256 nextEpoch, uint256 maxEpochPayout) {
        RigState storage s = _rigs[rigId];
        return (s.payoutToken, s.epochLength, s.nextEpoch, s.maxEpochPayout);
    }

    /// @inheritdoc IRewardDistributor
    function funder() external view returns (address) {
        // The funder shares a storage slot with the pause flag (see `LinkedPausable`).
        return _linkedContract();
    }

    /// @inheritdoc IRewardDistributor
    function shareToken() external view returns (address) {
        return address(_shareToken);
    }

    // ───────────────────────────────────── internals ─────────────────────────────────────

    /// @dev Checks and starts epoch `epoch` of `rigId` with `amount`: accounts what streamed so far and rolls
    /// the unstreamed rest, the unallocated bucket and `amount` into a stream of one epoch length from now.
    /// Returns the payout token; the caller moves the tokens.
    function _startEpoch(uint256 rigId, uint256 epoch, uint256 amount) internal returns (IERC20 token) {
        RigState storage s = _rigs[rigId];
        _checkEpoch(s, rigId, epoch);
        if (amount > s.maxEpochPayout) revert DistributorInvalidAmount(amount, s.maxEpochPayout);

        uint256 acc = _accrue(s);
        token = s.payoutToken;
        uint256 duration = s.epochLength;
        uint256 totalX18 =
            RewardMath.remainingX18(s.rateX18, block.timestamp, s.periodEnd) +
                s.unallocatedX18 +
                amount * RewardMath.SCALE;
        // The accumulator can grow by at most what is left to stream plus the carry (< 2^96); keeping that
        // inside uint160 means no future update can overflow, whatever the share count becomes.
        if (acc + totalX18 + type(uint96).max > type(uint160).max) revert DistributorFundingOverflow(rigId);
        (uint256 rateX18, uint256 remainderX18) = RewardMath.rateFor(totalX18, duration);

        // `acc` < 2^160 (checked above); the last update is kept modulo 2^32 on purpose (see `_lastUpdate`).
        s.rewardPerShareX18 = uint160(acc);
        s.lastUpdate32 = uint32(block.timestamp);
        // Below 2^160 / 3,600 (epochs last an hour or more); checked anyway, a push can afford it.
        s.rateX18 = SafeCast.toUint152(rateX18);
        // Fit: now + 194 days at most is far below 2^40 s; `epoch` is the stored uint64 next epoch, and a
        // push at epoch 2^64 − 1 would need a timestamp of 2^64 hours.
        s.periodEnd = uint40(block.timestamp + duration);
        s.nextEpoch = uint64(epoch + 1);
        // The few scaled units the rounded rate cannot stream wait for the next push (< duration < 2^32).
        s.unallocatedX18 = uint192(remainderX18);
        _recordSlopeChange(s, rigId, acc);
        s.funded += uint128(amount); // amount ≤ maxEpochPayout < 2^96; the sum is checked
        if (amount != 0) _liabilities[token] += amount;
        emit EpochPushed(rigId, epoch, amount, rateX18, block.timestamp + duration);
    }

    /// @dev Reverts unless `epoch` is the rig's next epoch and has ended. Epoch `e` covers
    /// `[e × epochLength, (e + 1) × epochLength)`, so windows start at 00:00 UTC.
    function _checkEpoch(RigState storage s, uint256 rigId, uint256 epoch) internal view {
        uint256 length = s.epochLength;
        if (length == 0) revert DistributorUnknownRig(rigId);
        uint256 expected = s.nextEpoch;
        if (epoch != expected) revert DistributorEpochOutOfOrder(rigId, expected, epoch);
        uint256 endsAt = (epoch + 1) * length;
        if (block.timestamp < endsAt) revert DistributorEpochNotEnded(rigId, epoch, endsAt);
    }

    /// @dev Marks a change of hands or shares (in memory; the caller writes `p`); wraps after 2^24 changes.
    function _bumpVersion(Position memory p) internal pure {
        unchecked {
            p.version = p.version + 1;
        }
    }

    /// @dev Pays the caller `amount` plus its settled balance of `token`. Token transfer last.
    function _payCaller(IERC20 token, uint256 amount) internal returns (uint256) {
        uint256 balance = _balances[msg.sender][token];
        if (balance != 0) {
            amount += balance;
            _balances[msg.sender][token] = 0;
        }
        if (amount == 0) return 0;
        _liabilities[token] -= amount;
        emit RewardsClaimed(msg.sender, token, amount);
        token.safeTransfer(msg.sender, amount);
        return amount;
    }

    /// @dev Pulls exactly `amount` of `token` from `from`, measuring what arrived.
    function _pullExact(IERC20 token, address from, uint256 amount) internal {
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(from, address(this), amount);
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != amount) revert DistributorTransferMismatch(amount, received);
    }
}
