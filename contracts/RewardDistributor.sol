// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IRewardDistributor} from "./interfaces/IRewardDistributor.sol";
import {IRigShares} from "./interfaces/IRigShares.sol";
import {AccumulatorHistory} from "./libraries/AccumulatorHistory.sol";
import {PositionId} from "./libraries/PositionId.sol";
import {RewardMath} from "./libraries/RewardMath.sol";
import {LinkedPausable} from "./utils/LinkedPausable.sol";

/// @title RewardDistributor
/// @notice Streams each rig's funded epochs to its share positions. Holds every payout token; owes
/// exactly `liabilities(token)` and can never release more than the excess above it to the admin.
contract RewardDistributor is
    IRewardDistributor,
    AccessControlDefaultAdminRules,
    LinkedPausable,
    ReentrancyGuardTransient
{
    using SafeERC20 for IERC20;
    using AccumulatorHistory for AccumulatorHistory.History;

    /// @notice Role allowed to pause and unpause epoch pushes.
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    IRigShares private immutable _shareToken;

    mapping(uint256 rigId => RigStream) private _rigs;
    mapping(uint256 positionId => Position) private _positions;
    mapping(address account => mapping(IERC20 token => uint256)) private _balances;
    mapping(IERC20 token => uint256) private _liabilities;
    mapping(uint256 positionId => Rental) private _rentals;
    mapping(uint256 rigId => AccumulatorHistory.History) private _history;

    modifier onlyShareToken() {
        if (msg.sender != address(_shareToken)) revert DistributorOnlyShareToken(msg.sender);
        _;
    }

    /// @notice Deploys the distributor for `shareToken_`.
    /// @param shareToken_ The share token whose hooks drive settlement.
    /// @param adminDelay Delay of a two-step admin transfer, in seconds.
    /// @param admin Initial admin (fee-less: the admin can only pause and sweep excess).
    constructor(
        IRigShares shareToken_,
        uint48 adminDelay,
        address admin
    ) AccessControlDefaultAdminRules(adminDelay, admin) {
        if (address(shareToken_) == address(0)) revert DistributorZeroAddress();
        _shareToken = shareToken_;
        _grantRole(PAUSER_ROLE, admin);
    }

    // ───────────────────────────── user and operator entry points ─────────────────────────────

    /// @inheritdoc IRewardDistributor
    function pushEpoch(uint256 rigId, uint256 epoch, uint256 amount) external nonReentrant whenNotPaused {
        // Check: without an oracle-backed funder, the operator pushes its rig's next epoch.
        if (_linkedContract() != address(0)) revert DistributorReportRequired(rigId);
        if (_shareToken.operatorOf(rigId) != msg.sender) revert DistributorNotRigOperator(rigId, msg.sender);
        IERC20 token = _startEpoch(rigId, epoch, amount);
        // Interaction: pull exactly `amount`, measured. An epoch that earned nothing still advances.
        if (amount != 0) _pullExact(token, msg.sender, amount);
    }

    /// @inheritdoc IRewardDistributor
    function fundEpoch(uint256 rigId, uint256 epoch, uint256 amount) external nonReentrant whenNotPaused {
        if (msg.sender != _linkedContract()) revert DistributorOnlyFunder(msg.sender);
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
        for (uint256 i; i < positionIds.length; ++i) {
            uint256 positionId = positionIds[i];
            // Check: the position exists; its beneficiary, not the caller, is entitled to it.
            address beneficiary = _shareToken.beneficiaryOf(positionId);
            if (beneficiary == address(0)) revert DistributorUnknownPosition(positionId);
            RigStream storage s = _rigs[PositionId.rigOf(positionId)];
            IERC20 rigToken = s.payoutToken;
            if (rigToken != token) {
                if (address(token) != address(0)) paid += _payCaller(token, owed);
                (token, owed) = (rigToken, 0);
            }
            // Effects: settle the position; the caller's own rewards are paid below, others' are credited.
            owed += _settleTo(positionId, s, _accrue(s), beneficiary, msg.sender, token);
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
        RigStream storage s = _rigs[rigId];
        uint256 firstEpoch = block.timestamp / epochLength;
        s.payoutToken = payoutToken;
        s.epochLength = uint32(epochLength);
        s.maxEpochPayout = uint128(maxEpochPayout);
        s.nextEpoch = uint64(firstEpoch);
        emit RigInitialized(rigId, payoutToken, epochLength, firstEpoch);
    }

    /// @inheritdoc IRewardDistributor
    function onRentalSet(uint256 positionId, address owner, address user, uint256 expires) external onlyShareToken {
        _requireNotRented(positionId);
        uint256 rigId = PositionId.rigOf(positionId);
        RigStream storage s = _rigs[rigId];
        uint256 acc = _accrue(s);
        // Settles the owner's rewards so far (and a previous renter's, clearing an expired rental).
        _settleTo(positionId, s, acc, owner, address(0), s.payoutToken);
        if (user == address(0)) return;
        // The history must cover this rental: if it is closed (no rental since its last segment ended),
        // slope changes since the last checkpoint were not recorded, so open a new segment now.
        if (s.rentalHorizon == 0) _record(s, rigId, acc);
        if (expires > s.rentalHorizon) s.rentalHorizon = uint40(expires);
        _rentals[positionId] = Rental({user: user, expires: uint64(expires)});
        _positions[positionId].rented = true;
    }

    /// @inheritdoc IRewardDistributor
    function onPositionMinted(uint256 positionId, uint256 shares) external onlyShareToken returns (uint256 rigShares) {
        uint256 rigId = PositionId.rigOf(positionId);
        RigStream storage s = _rigs[rigId];
        uint256 acc = _accrue(s);
        rigShares = s.totalShares + shares;
        if (shares == 0 || rigShares > type(uint64).max) revert DistributorInvalidShares(shares);
        s.totalShares = uint96(rigShares);
        _recordSlopeChange(s, rigId, acc);
        // A new position starts at the current reward per share: it earns nothing retroactively.
        _positions[positionId] = Position({shares: uint64(shares), version: 0, rented: false, paidX18: uint160(acc)});
    }

    /// @inheritdoc IRewardDistributor
    function onPositionTransferred(
        uint256 positionId,
        address from
    ) external onlyShareToken returns (bool rentalCleared) {
        rentalCleared = _requireNotRented(positionId);
        RigStream storage s = _rigs[PositionId.rigOf(positionId)];
        _settleTo(positionId, s, _accrue(s), from, address(0), s.payoutToken);
        _bumpVersion(positionId);
    }

    /// @inheritdoc IRewardDistributor
    function onPositionSplit(
        uint256 positionId,
        uint256 newPositionId,
        uint256 shares,
        address owner
    ) external onlyShareToken {
        _requireNotRented(positionId);
        RigStream storage s = _rigs[PositionId.rigOf(positionId)];
        uint256 acc = _accrue(s);
        _settleTo(positionId, s, acc, owner, address(0), s.payoutToken);
        Position storage p = _positions[positionId];
        uint256 held = p.shares;
        if (shares == 0 || shares >= held) revert DistributorInvalidShares(shares);
        // Both halves are settled at `acc`, so the split moves no reward between them.
        p.shares = uint64(held - shares);
        _bumpVersion(positionId);
        _positions[newPositionId] = Position({
            shares: uint64(shares),
            version: 0,
            rented: false,
            paidX18: uint160(acc)
        });
    }

    /// @inheritdoc IRewardDistributor
    function onPositionsMerged(uint256 keptId, uint256 burnedId, address owner) external onlyShareToken {
        _requireNotRented(keptId);
        _requireNotRented(burnedId);
        RigStream storage s = _rigs[PositionId.rigOf(keptId)];
        uint256 acc = _accrue(s);
        IERC20 token = s.payoutToken;
        _settleTo(keptId, s, acc, owner, address(0), token);
        _settleTo(burnedId, s, acc, owner, address(0), token);
        _positions[keptId].shares += _positions[burnedId].shares;
        _bumpVersion(keptId);
        delete _positions[burnedId];
    }

    /// @inheritdoc IRewardDistributor
    function onPositionBurned(uint256 positionId, address owner) external onlyShareToken {
        _requireNotRented(positionId);
        uint256 rigId = PositionId.rigOf(positionId);
        RigStream storage s = _rigs[rigId];
        uint256 acc = _accrue(s);
        _settleTo(positionId, s, acc, owner, address(0), s.payoutToken);
        s.totalShares -= _positions[positionId].shares;
        _recordSlopeChange(s, rigId, acc);
        delete _positions[positionId];
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
        RigStream storage s = _rigs[PositionId.rigOf(positionId)];
        (uint256 acc, , ) = _preview(s);
        return _split(positionId, s, p, acc);
    }

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
    function rentalOf(uint256 positionId) external view returns (Rental memory) {
        return _rentals[positionId];
    }

    /// @inheritdoc IRewardDistributor
    function rewardPerShareX18At(uint256 rigId, uint256 t) external view returns (uint256) {
        return _rewardPerShareAt(_rigs[rigId], rigId, t);
    }

    /// @inheritdoc IRewardDistributor
    function rigStream(uint256 rigId) external view returns (RigStream memory) {
        return _rigs[rigId];
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
        RigStream storage s = _rigs[rigId];
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
        RigStream storage s = _rigs[rigId];
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
        RigStream storage s = _rigs[rigId];
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

        s.rewardPerShareX18 = uint160(acc);
        s.lastUpdate = uint64(block.timestamp);
        s.rateX18 = uint160(rateX18);
        s.periodEnd = uint64(block.timestamp + duration);
        s.nextEpoch = uint64(epoch + 1);
        // The few scaled units the rounded rate cannot stream wait for the next push.
        s.unallocatedX18 = remainderX18;
        _recordSlopeChange(s, rigId, acc);
        s.funded += uint128(amount);
        if (amount != 0) _liabilities[token] += amount;
        emit EpochPushed(rigId, epoch, amount, rateX18, block.timestamp + duration);
    }

    /// @dev Reverts unless `epoch` is the rig's next epoch and has ended. Epoch `e` covers
    /// `[e × epochLength, (e + 1) × epochLength)`, so windows start at 00:00 UTC.
    function _checkEpoch(RigStream storage s, uint256 rigId, uint256 epoch) internal view {
        uint256 length = s.epochLength;
        if (length == 0) revert DistributorUnknownRig(rigId);
        uint256 expected = s.nextEpoch;
        if (epoch != expected) revert DistributorEpochOutOfOrder(rigId, expected, epoch);
        uint256 endsAt = (epoch + 1) * length;
        if (block.timestamp < endsAt) revert DistributorEpochNotEnded(rigId, epoch, endsAt);
    }

    /// @dev Accounts the stream up to now and returns the reward per share. Writes only when something streamed.
    function _accrue(RigStream storage s) internal returns (uint256 acc) {
        acc = s.rewardPerShareX18;
        uint256 released = RewardMath.streamedX18(s.rateX18, s.lastUpdate, block.timestamp, s.periodEnd);
        if (released == 0) return acc;
        uint256 total = s.totalShares;
        if (total == 0) {
            // Nobody holds shares: keep the rewards for the next stream instead of losing them.
            s.unallocatedX18 += released;
        } else {
            (uint256 increment, uint256 carry) = RewardMath.distribute(released, s.carryX18, total);
            acc += increment;
            // carry < total ≤ type(uint96).max
            s.carryX18 = uint96(carry);
        }
        s.rewardPerShareX18 = uint160(acc);
        s.lastUpdate = uint64(block.timestamp);
    }

    /// @dev `_accrue` without writing: the reward per share, carry and unallocated bucket as of now.
    function _preview(
        RigStream storage s
    ) internal view returns (uint256 acc, uint256 carryX18, uint256 unallocatedX18) {
        acc = s.rewardPerShareX18;
        carryX18 = s.carryX18;
        unallocatedX18 = s.unallocatedX18;
        uint256 released = RewardMath.streamedX18(s.rateX18, s.lastUpdate, block.timestamp, s.periodEnd);
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

    /// @dev Settles `positionId` up to `acc`: the owner's part goes to `owner`, a renter's to the renter (its
    /// window only, exact to the second), and an expired rental is cleared. The part of whichever is `payee`
    /// is returned for the caller to pay; every other part is credited to its claimable balance.
    function _settleTo(
        uint256 positionId,
        RigStream storage s,
        uint256 acc,
        address owner,
        address payee,
        IERC20 token
    ) internal returns (uint256 toPayee) {
        Position storage stored = _positions[positionId];
        Position memory p = stored;
        (uint256 ownerPart, address renter, uint256 renterPart) = _split(positionId, s, p, acc);
        // An expired rental is settled once and for all.
        if (p.rented && block.timestamp > _rentals[positionId].expires) {
            delete _rentals[positionId];
            stored.rented = false;
        }
        if (p.paidX18 != acc) stored.paidX18 = uint160(acc);
        toPayee =
            _route(positionId, owner, ownerPart, payee, token) + _route(positionId, renter, renterPart, payee, token);
    }

    /// @dev What `p` earned up to `acc`, split between its owner and its renter.
    function _split(
        uint256 positionId,
        RigStream storage s,
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
    function _rewardPerShareAt(RigStream storage s, uint256 rigId, uint256 t) internal view returns (uint256) {
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
        uint256 last = s.lastUpdate;
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
    function _recordSlopeChange(RigStream storage s, uint256 rigId, uint256 acc) internal {
        uint256 horizon = s.rentalHorizon;
        if (horizon == 0) return;
        _record(s, rigId, acc);
        if (block.timestamp > horizon) s.rentalHorizon = 0;
    }

    function _record(RigStream storage s, uint256 rigId, uint256 acc) internal {
        s.checkpoints = SafeCast.toUint24(_history[rigId].record(s.checkpoints, block.timestamp, s.periodEnd, acc));
    }

    /// @dev Reverts while `positionId` is rented; returns whether an expired rental record exists.
    function _requireNotRented(uint256 positionId) internal view returns (bool expiredRental) {
        if (!_positions[positionId].rented) return false;
        uint256 expires = _rentals[positionId].expires;
        if (block.timestamp <= expires) revert DistributorPositionRented(positionId, expires);
        return true;
    }

    /// @dev Marks a change of hands or shares; wraps after 2^24 changes.
    function _bumpVersion(uint256 positionId) internal {
        Position storage p = _positions[positionId];
        unchecked {
            p.version = p.version + 1;
        }
    }

    function _credit(uint256 positionId, address account, IERC20 token, uint256 amount) internal {
        _balances[account][token] += amount;
        emit PositionSettled(positionId, account, amount);
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
