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

    /// @dev A rig's reward state as stored, packed by use: an accrual writes slot 0 only, a settlement reads
    /// slots 0–2 only, a push slots 0–4. `rigStream` returns it as an `IRewardDistributor.RigStream`.
    /// Slot 0: rewardPerShareX18 | lastUpdate32 | carryX18. Slot 1: rateX18 | periodEnd | totalShares.
    /// Slot 2: payoutToken | epochLength | rentalHorizon | checkpoints. Slot 3: unallocatedX18 | nextEpoch.
    /// Slot 4: maxEpochPayout | funded. Ranges: `lastUpdate32` is the last update's time modulo 2^32 (see
    /// `_lastUpdate`); `totalShares ≤ type(uint64).max` (checked on mint) and `carryX18 < totalShares`;
    /// `rateX18 ≤ totalX18 / epochLength < 2^160 / 3,600` and `unallocatedX18 ≤ totalX18`, where `totalX18`, the
    /// amount a push streams, is kept below 2^160 (see `_startEpoch`).
    struct RigState {
        uint160 rewardPerShareX18;
        uint32 lastUpdate32;
        uint64 carryX18;
        uint152 rateX18;
        uint40 periodEnd;
        uint64 totalShares;
        IERC20 payoutToken;
        uint32 epochLength;
        uint40 rentalHorizon;
        uint24 checkpoints;
        uint192 unallocatedX18;
        uint64 nextEpoch;
        uint128 maxEpochPayout;
        uint128 funded;
    }

    IRigShares private immutable _shareToken;

    mapping(uint256 rigId => RigState) private _rigs;
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
        s.epochLength = uint32(epochLength);
        s.maxEpochPayout = uint128(maxEpochPayout);
        s.nextEpoch = uint64(firstEpoch);
        emit RigInitialized(rigId, payoutToken, epochLength, firstEpoch);
    }

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
            if (expires > horizon) s.rentalHorizon = uint40(expires);
            _rentals[positionId] = Rental({user: user, expires: uint64(expires)});
            p.rented = true;
        }
        _store(positionId, p);
    }

    /// @inheritdoc IRewardDistributor
    function onPositionMinted(uint256 positionId, uint256 shares) external onlyShareToken returns (uint256 rigShares) {
        uint256 rigId = PositionId.rigOf(positionId);
        RigState storage s = _rigs[rigId];
        uint256 acc = _accrue(s);
        rigShares = s.totalShares + shares;
        if (shares == 0 || rigShares > type(uint64).max) revert DistributorInvalidShares(shares);
        s.totalShares = uint64(rigShares);
        _recordSlopeChange(s, rigId, acc);
        // A new position starts at the current reward per share: it earns nothing retroactively.
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
        // Both halves are settled at `acc`, so the split moves no reward between them.
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
        RigState storage s = _rigs[rigId];
        return
            RigStream({
                rewardPerShareX18: s.rewardPerShareX18,
                lastUpdate: uint64(_lastUpdate(s.lastUpdate32)),
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

        s.rewardPerShareX18 = uint160(acc);
        s.lastUpdate32 = uint32(block.timestamp);
        // Below 2^160 / 3,600 (epochs last an hour or more); checked anyway, a push can afford it.
        s.rateX18 = SafeCast.toUint152(rateX18);
        s.periodEnd = uint40(block.timestamp + duration);
        s.nextEpoch = uint64(epoch + 1);
        // The few scaled units the rounded rate cannot stream wait for the next push (< duration < 2^32).
        s.unallocatedX18 = uint192(remainderX18);
        _recordSlopeChange(s, rigId, acc);
        s.funded += uint128(amount);
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
        p.paidX18 = uint160(acc);
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

    function _record(RigState storage s, uint256 rigId, uint256 acc) internal {
        s.checkpoints = SafeCast.toUint24(_history[rigId].record(s.checkpoints, block.timestamp, s.periodEnd, acc));
    }

    /// @dev Reverts while `positionId` (loaded in `p`) is rented; returns whether an expired rental record exists.
    function _requireNotRented(uint256 positionId, Position memory p) internal view returns (bool expiredRental) {
        if (!p.rented) return false;
        uint256 expires = _rentals[positionId].expires;
        if (block.timestamp <= expires) revert DistributorPositionRented(positionId, expires);
        return true;
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

    /// @dev Marks a change of hands or shares (in memory; the caller writes `p`); wraps after 2^24 changes.
    function _bumpVersion(Position memory p) internal pure {
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
