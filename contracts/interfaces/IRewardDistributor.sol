// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IRewardDistributor
/// @notice Holds each rig's payout token and streams every funded epoch linearly to the rig's share
/// positions through a reward-per-share accumulator. O(1) in holders and epochs in every call.
/// @dev Amounts marked `X18` are token base units scaled by 1e18. A position's reward is
/// `shares × (rewardPerShareX18 − paidX18) / 1e18`, rounded down: the rounding stays in the contract.
interface IRewardDistributor {
    /// @notice Reward state of one rig.
    /// @dev As returned by `rigStream`; the distributor stores it packed by use, in five slots. `rentalHorizon`
    /// is the latest expiry of any rental of the rig (zero once the history is closed): the accumulator's history
    /// is recorded until the first slope change after it (`checkpoints` of them, see `AccumulatorHistory`).
    struct RigStream {
        uint160 rewardPerShareX18;
        uint64 lastUpdate;
        uint160 rateX18;
        uint64 periodEnd;
        uint96 totalShares;
        uint96 carryX18;
        uint64 nextEpoch;
        IERC20 payoutToken;
        uint32 epochLength;
        uint40 rentalHorizon;
        uint32 checkpoints;
        uint256 unallocatedX18;
        uint128 maxEpochPayout;
        uint128 funded;
    }

    /// @notice Reward state of one position.
    /// @dev One slot. `version` changes whenever the position changes hands or shares (transfer, split,
    /// merge), so a market can tell that a listed position is still exactly the one listed; it wraps after
    /// 2^24 changes. `rented` says a rental record exists (running or expired, not yet settled).
    struct Position {
        uint64 shares;
        uint24 version;
        bool rented;
        uint160 paidX18;
    }

    /// @notice An ERC-4907 rental of a position: `user` receives its rewards until `expires` (inclusive).
    struct Rental {
        address user;
        uint64 expires;
    }

    /// @notice Only the share token may call this hook.
    error DistributorOnlyShareToken(address caller);
    /// @notice The caller is not the rig's operator.
    error DistributorNotRigOperator(uint256 rigId, address caller);
    /// @notice The rig is not known to the distributor.
    error DistributorUnknownRig(uint256 rigId);
    /// @notice `positionId` does not exist (never minted, or burned).
    error DistributorUnknownPosition(uint256 positionId);
    /// @notice Epochs are pushed in order: `expected` is next, `given` was passed.
    error DistributorEpochOutOfOrder(uint256 rigId, uint256 expected, uint256 given);
    /// @notice Epoch `epoch` has not ended yet; it may be pushed from `endsAt`.
    error DistributorEpochNotEnded(uint256 rigId, uint256 epoch, uint256 endsAt);
    /// @notice The amount is above the rig's per-epoch cap.
    error DistributorInvalidAmount(uint256 amount, uint256 maxAmount);
    /// @notice The payout token delivered `received` instead of `expected`; fee-on-transfer tokens are rejected.
    error DistributorTransferMismatch(uint256 expected, uint256 received);
    /// @notice The rig's lifetime funding would leave the accumulator's range.
    error DistributorFundingOverflow(uint256 rigId);
    /// @notice More shares than the position (or its accumulator type) can hold.
    error DistributorInvalidShares(uint256 shares);
    /// @notice The position is rented until `expires`: it cannot change hands, be split, merged, burned or
    /// rented again before then.
    error DistributorPositionRented(uint256 positionId, uint256 expires);
    /// @notice Nothing is held above what is owed to holders.
    error DistributorNoExcess(IERC20 token);
    /// @notice Epochs of this deployment are funded from oracle reports through the epoch funder only.
    error DistributorReportRequired(uint256 rigId);
    /// @notice Only the epoch funder may fund epochs.
    error DistributorOnlyFunder(address caller);
    /// @notice The funder was already set.
    error DistributorFunderAlreadySet();
    /// @notice The funder declared `amount` but the distributor holds only `available` above its liabilities.
    error DistributorUnfunded(uint256 amount, uint256 available);
    /// @notice A zero address where one is required.
    error DistributorZeroAddress();

    /// @notice Epoch `epoch` of `rigId` was funded with `amount` and now streams at `rateX18` until `periodEnd`.
    /// @param rigId The rig.
    /// @param epoch Index of the epoch funded.
    /// @param amount Amount funded, in payout-token base units.
    /// @param rateX18 New stream rate, in payout-token base units per second scaled by 1e18.
    /// @param periodEnd Time the new stream ends, in seconds (Unix timestamp).
    event EpochPushed(uint256 indexed rigId, uint256 indexed epoch, uint256 amount, uint256 rateX18, uint256 periodEnd);
    /// @notice `amount` of `positionId`'s rewards was credited to `account`'s claimable balance.
    /// @param positionId The position settled.
    /// @param account The beneficiary credited.
    /// @param amount Amount credited, in payout-token base units.
    event PositionSettled(uint256 indexed positionId, address indexed account, uint256 amount);
    /// @notice `account` was paid `amount` of `token`.
    /// @param account The account paid.
    /// @param token The payout token paid.
    /// @param amount Amount paid, in `token` base units.
    event RewardsClaimed(address indexed account, IERC20 indexed token, uint256 amount);
    /// @notice The admin swept `amount` of `token` held above all liabilities to `to`.
    /// @param token The token swept.
    /// @param to The receiver.
    /// @param amount Amount swept, in `token` base units.
    event ExcessSwept(IERC20 indexed token, address indexed to, uint256 amount);
    /// @notice Epoch funding was handed to `funder` (oracle-verified reports only from now on).
    /// @param funder The epoch funder.
    event FunderSet(address funder);
    /// @notice The distributor learned of a new rig.
    /// @param rigId The rig.
    /// @param payoutToken Token the rig's rewards are streamed in.
    /// @param epochLength Epoch length, in seconds.
    /// @param firstEpoch Index of the first epoch to push.
    event RigInitialized(uint256 indexed rigId, IERC20 payoutToken, uint256 epochLength, uint256 firstEpoch);

    // ───────────────────────────── user and operator entry points ─────────────────────────────

    /// @notice Funds epoch `epoch` of `rigId` with exactly `amount` of the payout token, pulled from the
    /// caller, and streams it (plus any unstreamed leftover and unallocated rewards) linearly over one
    /// epoch length from now.
    /// @dev Requirements: caller is the rig's operator; `epoch` is the rig's next epoch and has ended;
    /// `amount ≤ maxEpochPayout` (zero for an epoch that earned nothing: the epoch still advances and the
    /// running stream is re-spread); exactly `amount` arrives; not paused. Emits `EpochPushed`.
    /// @param rigId The rig.
    /// @param epoch Index of the epoch to fund: the rig's next epoch.
    /// @param amount Amount to fund the epoch with, in payout-token base units.
    function pushEpoch(uint256 rigId, uint256 epoch, uint256 amount) external;

    /// @notice Settles every position in `positionIds` into its beneficiary's claimable balance, then pays
    /// the caller its claimable balance of each payout token touched. A position whose beneficiary is not
    /// the caller is settled to its beneficiary, never paid to the caller.
    /// @dev Requirements: each position exists. Works while paused. Emits `PositionSettled`, `RewardsClaimed`.
    /// @return paid Total paid to the caller, summed over tokens.
    /// @param positionIds Positions to settle before paying.
    function claim(uint256[] calldata positionIds) external returns (uint256 paid);

    /// @notice Pays the caller its claimable balance of `token` (rewards settled on transfers, splits, burns).
    /// @dev Works while paused. Emits `RewardsClaimed` when non-zero.
    /// @param token The payout token to claim.
    /// @return paid Amount paid to the caller, in `token` base units.
    function claimBalance(IERC20 token) external returns (uint256 paid);

    /// @notice Sends `token` held above every liability to `to`. Never touches funds owed to holders.
    /// @dev Requirements: caller is the admin. Emits `ExcessSwept`.
    /// @param token The token to sweep.
    /// @param to Receiver of the excess.
    /// @return amount Amount swept, in `token` base units.
    function sweepExcess(IERC20 token, address to) external returns (uint256 amount);

    /// @notice Streams epoch `epoch` of `rigId` with `amount` the funder already transferred to the
    /// distributor (the funder measures it). Same rules as `pushEpoch` otherwise.
    /// @dev Requirements: caller is the funder; the distributor holds `amount` above its liabilities.
    /// Emits `EpochPushed`.
    /// @param rigId The rig.
    /// @param epoch The rig's next epoch, which must have ended.
    /// @param amount Amount in payout-token base units (≤ `maxEpochPayout`).
    function fundEpoch(uint256 rigId, uint256 epoch, uint256 amount) external;

    // ───────────────────────────────── share-token hooks ─────────────────────────────────

    /// @notice Called by the share token when a rig is registered.
    /// @param rigId The new rig.
    /// @param payoutToken Token the rig's rewards are streamed in.
    /// @param epochLength Epoch length, in seconds.
    /// @param maxEpochPayout Per-epoch funding cap, in payout-token base units.
    function onRigRegistered(uint256 rigId, IERC20 payoutToken, uint256 epochLength, uint256 maxEpochPayout) external;

    /// @notice Called by the share token when `owner` rents `positionId` to `user` until `expires` (or clears
    /// an expired rental with `user == address(0)`): settles what accrued so far (to the owner and to any
    /// previous renter) and routes rewards to `user` from now until `expires`, exact to the second.
    /// @dev Reverts `DistributorPositionRented` while a rental is running.
    /// @param positionId The position.
    /// @param owner Its owner.
    /// @param user The renter (zero to clear).
    /// @param expires Last second of the rental.
    function onRentalSet(uint256 positionId, address owner, address user, uint256 expires) external;

    /// @notice Called by the share token when `positionId` is minted with `shares`.
    /// @return rigShares The rig's total shares outstanding after the mint.
    /// @param positionId The new position.
    /// @param shares Shares the position holds.
    function onPositionMinted(uint256 positionId, uint256 shares) external returns (uint256 rigShares);

    /// @notice Called by the share token when `positionId` leaves `from`: settles it to `from` (and to the
    /// renter of an expired rental, which it then clears).
    /// @dev Reverts `DistributorPositionRented` while a rental is running.
    /// @param positionId The position being transferred.
    /// @param from The previous owner, credited with the accrued rewards.
    /// @return rentalCleared Whether an expired rental was cleared (the share token then emits `UpdateUser`).
    function onPositionTransferred(uint256 positionId, address from) external returns (bool rentalCleared);

    /// @notice Called by the share token: settles `positionId` to `owner`, then moves `shares` to `newPositionId`.
    /// @param positionId The position split.
    /// @param newPositionId The position split off.
    /// @param shares Shares moved to `newPositionId`.
    /// @param owner Owner of both positions, credited with the accrued rewards.
    function onPositionSplit(uint256 positionId, uint256 newPositionId, uint256 shares, address owner) external;

    /// @notice Called by the share token: settles both positions to `owner`, then moves `burnedId`'s shares
    /// into `keptId`.
    /// @param keptId The position that receives the shares.
    /// @param burnedId The position merged away.
    /// @param owner Owner of both positions, credited with the accrued rewards.
    function onPositionsMerged(uint256 keptId, uint256 burnedId, address owner) external;

    /// @notice Called by the share token: settles `positionId` to `owner` and removes its shares.
    /// @param positionId The position burned.
    /// @param owner The owner, credited with the accrued rewards.
    function onPositionBurned(uint256 positionId, address owner) external;

    // ─────────────────────────────────────── views ───────────────────────────────────────

    /// @notice Rewards `positionId` has accrued and not yet settled, as of now.
    /// @param positionId The position.
    /// @return Pending reward, in payout-token base units, rounded down.
    function pendingReward(uint256 positionId) external view returns (uint256);

    /// @notice `account`'s settled, claimable balance of `token`.
    /// @param account The account.
    /// @param token The payout token.
    /// @return Settled balance, in `token` base units.
    function claimableBalance(address account, IERC20 token) external view returns (uint256);

    /// @notice Everything `account` could claim in `token` now: settled balance plus `positionIds`' pending rewards.
    /// @param account The account.
    /// @param token The payout token.
    /// @param positionIds Positions to add: those owned by `account` that pay in `token`.
    /// @return Claimable amount, in `token` base units.
    function claimable(address account, IERC20 token, uint256[] calldata positionIds) external view returns (uint256);

    /// @notice The stored reward state of `rigId` (not advanced to now).
    /// @param rigId The rig.
    /// @return The rig's stored `RigStream`.
    function rigStream(uint256 rigId) external view returns (RigStream memory);

    /// @notice The stored reward state of `positionId`.
    /// @param positionId The position.
    /// @return The position's stored `Position`.
    function position(uint256 positionId) external view returns (Position memory);

    /// @notice The rental record of `positionId` (it may have expired; zero user if none).
    /// @param positionId The position.
    /// @return The rental.
    function rentalOf(uint256 positionId) external view returns (Rental memory);

    /// @notice Who `positionId`'s pending rewards belong to, as of now: the owner's part and the renter's.
    /// @param positionId The position.
    /// @return ownerPart Pending rewards of the owner.
    /// @return renter The renter (zero if none).
    /// @return renterPart Pending rewards of the renter.
    function pendingSplit(
        uint256 positionId
    ) external view returns (uint256 ownerPart, address renter, uint256 renterPart);

    /// @notice Reward per share of `rigId` at a past second `t`, from the recorded history (exact to within
    /// ⌊carry / shares⌋ + 1 scaled units, see `AccumulatorHistory`). Only meaningful for times covered by a
    /// rental of the rig.
    /// @param rigId The rig.
    /// @param t A timestamp not after now.
    /// @return Reward per share at `t`, scaled by 1e18.
    function rewardPerShareX18At(uint256 rigId, uint256 t) external view returns (uint256);

    /// @notice Shares held by `positionId` (zero if it does not exist).
    /// @param positionId The position.
    /// @return Number of shares.
    function sharesOf(uint256 positionId) external view returns (uint256);

    /// @notice Reward per share of `rigId` as of now, scaled by 1e18.
    /// @param rigId The rig.
    /// @return Reward per share, in payout-token base units scaled by 1e18.
    function rewardPerShareX18(uint256 rigId) external view returns (uint256);

    /// @notice Funded rewards of `rigId` not yet attributed to any position, as of now: the unstreamed rest
    /// of the current stream, the unallocated bucket (streamed while no shares were out) and the carry.
    /// Rounded down.
    /// @param rigId The rig.
    /// @return Undistributed rewards, in payout-token base units.
    function undistributed(uint256 rigId) external view returns (uint256);

    /// @notice Total of `token` the distributor owes (funded minus paid out); the balance above it is excess.
    /// @param token The payout token.
    /// @return Amount owed, in `token` base units.
    function liabilities(IERC20 token) external view returns (uint256);

    /// @notice Epoch index containing timestamp `t` for a rig with `epochLength` (00:00 UTC aligned).
    /// @param epochLength Epoch length, in seconds.
    /// @param t Timestamp, in seconds.
    /// @return Index of the epoch containing `t`.
    function epochAt(uint256 epochLength, uint256 t) external pure returns (uint256);

    /// @notice What the oracle and the funder need of a rig's epochs, in one call.
    /// @param rigId The rig.
    /// @return payoutToken The payout token (zero for an unknown rig).
    /// @return epochLength Epoch length in seconds (zero for an unknown rig).
    /// @return nextEpoch The next epoch to push.
    /// @return maxEpochPayout Largest amount one epoch may stream.
    function epochTerms(
        uint256 rigId
    ) external view returns (IERC20 payoutToken, uint256 epochLength, uint256 nextEpoch, uint256 maxEpochPayout);

    /// @notice The epoch funder (zero while operators push directly).
    /// @return The funder.
    function funder() external view returns (address);

    /// @notice The share token whose positions this distributor settles.
    /// @return Address of the share token.
    function shareToken() external view returns (address);
}
