// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";

import {IERC4907} from "./IERC4907.sol";
import {IRewardDistributor} from "./IRewardDistributor.sol";
import {IShareRenderer} from "./IShareRenderer.sol";

/// @title IRigShares
/// @notice Registry of tokenized mining rigs and the ERC-721 share positions minted against them.
/// @dev A position id encodes its rig: `positionId = rigId * 1e12 + serial` (see `PositionId`).
/// A position's share count and reward state live in the `IRewardDistributor`; this contract owns
/// rigs, sales, ownership and the hooks that settle a position before its entitlement changes.
interface IRigShares is IERC721, IERC4907 {
    /// @notice Hash algorithm a rig mines with; drives the economics used by the ROI calculator.
    enum Algorithm {
        SHA256,
        Scrypt,
        RandomX,
        Ethash,
        KHeavyHash
    }

    /// @notice Life-cycle of a rig. Only `Active` rigs can open a sale.
    enum RigStatus {
        None,
        Active,
        Retired,
        Suspended
    }

    /// @notice Parameters an operator gives when registering a rig.
    /// @param name Display name (1-32 bytes).
    /// @param algorithm Hash algorithm.
    /// @param hashrate Nominal hashrate in H/s.
    /// @param powerWatts Power draw in W at nominal hashrate.
    /// @param totalShares Share cap (1 to 1e18); positions of the rig never add up to more.
    /// @param pricePerShare Price of one share in `paymentToken` base units.
    /// @param paymentToken ERC-20 buyers pay with.
    /// @param payoutToken ERC-20 the rig's mining payouts are streamed in.
    /// @param epochLength Reward epoch in seconds: divides or is a multiple of one day (00:00 UTC aligned).
    /// @param maxEpochPayout Largest amount of `payoutToken` a single epoch may fund (at most 2^96 − 1).
    /// @param royaltyBps ERC-2981 royalty paid to the operator on secondary sales, at most `MAX_ROYALTY_BPS`.
    struct RigParams {
        string name;
        Algorithm algorithm;
        uint128 hashrate;
        uint32 powerWatts;
        uint96 totalShares;
        uint128 pricePerShare;
        IERC20 paymentToken;
        IERC20 payoutToken;
        uint32 epochLength;
        uint128 maxEpochPayout;
        uint16 royaltyBps;
    }

    /// @notice A registered rig.
    /// @dev Storage: slot 0 operator|royaltyBps|status|algorithm|saleOpen|powerWatts; slot 1 paymentToken|
    /// nextSerial|epochLength; slot 2 pricePerShare|totalShares; slot 3 payoutToken; slot 4 hashrate; then
    /// name. A mint reads slots 0-2 only. `nextSerial` is the serial of the last position minted or split
    /// off (ids are never reused).
    struct Rig {
        address operator;
        uint16 royaltyBps;
        RigStatus status;
        Algorithm algorithm;
        bool saleOpen;
        uint32 powerWatts;
        IERC20 paymentToken;
        uint64 nextSerial;
        uint32 epochLength;
        uint128 pricePerShare;
        uint96 totalShares;
        IERC20 payoutToken;
        uint128 hashrate;
        string name;
    }

    /// @notice The caller lacks the operator role needed to register a rig.
    error RigSharesNotOperator(address account);
    /// @notice The caller is not the operator of `rigId`.
    error RigSharesNotRigOperator(uint256 rigId, address account);
    /// @notice No rig is registered under `rigId`.
    error RigSharesUnknownRig(uint256 rigId);
    /// @notice A registration parameter is out of range; `reason` names it.
    error RigSharesInvalidParams(string reason);
    /// @notice The rig's sale is closed or the rig is retired.
    error RigSharesSaleClosed(uint256 rigId);
    /// @notice Minting `requested` shares would exceed the cap: only `available` are left.
    error RigSharesSoldOut(uint256 rigId, uint256 available, uint256 requested);
    /// @notice A share amount of zero, or one that does not fit the position.
    error RigSharesInvalidShares(uint256 shares);
    /// @notice The payment token delivered `received` instead of `expected` (fee-on-transfer or rebasing token).
    error RigSharesPaymentMismatch(uint256 expected, uint256 received);
    /// @notice Two positions to merge differ in rig or owner, or are the same position.
    error RigSharesCannotMerge(uint256 positionA, uint256 positionB);
    /// @notice The distributor was already set.
    error RigSharesDistributorAlreadySet();
    /// @notice The protocol fee exceeds `MAX_PROTOCOL_FEE_BPS`.
    error RigSharesFeeTooHigh(uint256 feeBps);
    /// @notice A zero address where an account is required.
    error RigSharesZeroAddress();
    /// @notice A rental must name a user and end in the future (or clear with the zero user).
    error RigSharesInvalidRental(address user, uint256 expires);
    /// @notice Nothing to withdraw.
    error RigSharesNothingToWithdraw();

    /// @notice A rig was registered by `operator`.
    /// @param rigId The new rig.
    /// @param operator The rig's operator.
    /// @param name Display name.
    /// @param algorithm Hash algorithm.
    event RigRegistered(uint256 indexed rigId, address indexed operator, string name, Algorithm algorithm);
    /// @notice The operator opened (`open == true`) or closed the rig's primary sale.
    /// @param rigId The rig.
    /// @param open Whether the sale is now open.
    event SaleStatusChanged(uint256 indexed rigId, bool open);
    /// @notice The rig's status changed.
    /// @param rigId The rig.
    /// @param status The new status.
    event RigStatusChanged(uint256 indexed rigId, RigStatus status);
    /// @notice `buyer` minted `positionId` holding `shares` of `rigId` for `cost` (of which `fee` to the protocol).
    /// @param rigId The rig.
    /// @param positionId The new position.
    /// @param buyer The payer and owner.
    /// @param shares Shares minted.
    /// @param cost Price paid, in payment-token base units.
    /// @param fee Protocol's part of `cost`, in payment-token base units.
    event SharesMinted(
        uint256 indexed rigId,
        uint256 indexed positionId,
        address indexed buyer,
        uint256 shares,
        uint256 cost,
        uint256 fee
    );
    /// @notice `shares` of `positionId` moved into the new position `newPositionId`.
    /// @param positionId The position split.
    /// @param newPositionId The position split off.
    /// @param shares Shares moved to `newPositionId`.
    event PositionSplit(uint256 indexed positionId, uint256 indexed newPositionId, uint256 shares);
    /// @notice `burnedId` was merged into `keptId`.
    /// @param keptId The position that received the shares.
    /// @param burnedId The position merged away (burned).
    event PositionsMerged(uint256 indexed keptId, uint256 indexed burnedId);
    /// @notice `account` withdrew `amount` of `token` (sale proceeds or protocol fees).
    /// @param account The receiver (operator or treasury).
    /// @param token The token withdrawn.
    /// @param amount Amount withdrawn, in `token` base units.
    event ProceedsWithdrawn(address indexed account, IERC20 indexed token, uint256 amount);
    /// @notice The protocol fee on primary sales changed.
    /// @param feeBps New fee, in basis points of the sale price.
    /// @param treasury New receiver of protocol fees.
    event ProtocolFeeChanged(uint256 feeBps, address treasury);
    /// @notice The metadata renderer changed.
    /// @param renderer The new renderer.
    event RendererChanged(IShareRenderer renderer);
    /// @notice The reward distributor was wired in (once).
    /// @param distributor The distributor.
    event DistributorSet(IRewardDistributor distributor);

    /// @notice Registers a rig; the caller becomes its operator.
    /// @dev Requirements: caller has `OPERATOR_ROLE`; parameters in range; not paused.
    /// Emits `RigRegistered`.
    /// @return rigId The new rig's id (starting at 1).
    /// @param params The rig's parameters.
    function registerRig(RigParams calldata params) external returns (uint256 rigId);

    /// @notice Opens or closes the primary sale of `rigId`.
    /// @dev Requirements: caller is the rig's operator; the rig is active to open. Emits `SaleStatusChanged`.
    /// @param rigId The rig.
    /// @param open True to open the sale, false to close it.
    function setSaleOpen(uint256 rigId, bool open) external;

    /// @notice Retires `rigId`: its sale closes for good. Existing positions keep earning what was funded.
    /// @dev Requirements: caller is the rig's operator. Emits `RigStatusChanged` and ERC-4906 `BatchMetadataUpdate`.
    /// @param rigId The rig.
    function retireRig(uint256 rigId) external;

    /// @notice Mints a position of `shares` shares of `rigId` to the caller, paying `shares × pricePerShare`.
    /// @dev Requirements: sale open; `0 < shares ≤ available`; the exact cost arrives (approve it first).
    /// Proceeds (less the protocol fee) become withdrawable by the operator. Emits `SharesMinted`, `Transfer`.
    /// @return positionId The new position.
    /// @param rigId The rig.
    /// @param shares Shares to buy.
    function mint(uint256 rigId, uint256 shares) external returns (uint256 positionId);

    /// @notice Moves `shares` of `positionId` into a new position owned by the same owner.
    /// @dev Requirements: caller owns or is approved for `positionId`; `0 < shares < position shares`.
    /// Settles the position first. Emits `PositionSplit`, `Transfer`, `MetadataUpdate`.
    /// @return newPositionId The new position.
    /// @param positionId The position to split.
    /// @param shares Shares to move into the new position.
    function split(uint256 positionId, uint256 shares) external returns (uint256 newPositionId);

    /// @notice Merges `burnedId` into `keptId`: same rig, same owner.
    /// @dev Requirements: caller owns or is approved for both. Settles both first.
    /// Emits `PositionsMerged`, `Transfer` (burn), `MetadataUpdate`.
    /// @param keptId The position that receives the shares.
    /// @param burnedId The position burned.
    function merge(uint256 keptId, uint256 burnedId) external;

    /// @notice Burns `positionId`; its shares return to the rig's unsold supply. Accrued rewards stay claimable.
    /// @dev Requirements: caller owns or is approved for `positionId`.
    /// @param positionId The position.
    function burn(uint256 positionId) external;

    /// @notice Sends the caller's withdrawable `token` balance (operator proceeds) to the caller.
    /// @param token The payment token to withdraw.
    /// @return amount Amount sent, in `token` base units.
    function withdrawProceeds(IERC20 token) external returns (uint256 amount);

    /// @notice Sends accumulated protocol fees in `token` to the treasury. Callable by anyone.
    /// @param token The payment token to withdraw.
    /// @return amount Amount sent, in `token` base units.
    function withdrawProtocolFees(IERC20 token) external returns (uint256 amount);

    /// @notice Suspends `rigId` (its sale closes for good); called by the epoch funder after a long run of
    /// negative epochs. Positions keep earning whatever is still funded.
    /// @dev Requirements: caller has `ECONOMICS_ROLE`. A rig that is not active (retired or already
    /// suspended) is left as it is. Emits `RigStatusChanged` and `BatchMetadataUpdate`.
    /// @param rigId The rig.
    /// @return suspended Whether the rig was active and is now suspended.
    function suspendRig(uint256 rigId) external returns (bool suspended);

    /// @notice Operator, nominal hashrate and power draw of `rigId`, without the rest of the rig.
    /// @param rigId The rig.
    /// @return operator The rig's operator (zero for an unknown rig).
    /// @return hashrate Nominal hashrate in H/s.
    /// @return powerWatts Power draw in W.
    function rigSpec(uint256 rigId) external view returns (address operator, uint256 hashrate, uint256 powerWatts);

    /// @notice The rig registered under `rigId`.
    /// @param rigId The rig.
    /// @return The stored `Rig` (zeroed for an unknown rig).
    function rig(uint256 rigId) external view returns (Rig memory);

    /// @notice Number of rigs registered so far (ids are `1..rigCount()`).
    /// @return Number of rigs.
    function rigCount() external view returns (uint256);

    /// @notice Operator of `rigId` (zero for an unknown rig).
    /// @param rigId The rig.
    /// @return The operator's address.
    function operatorOf(uint256 rigId) external view returns (address);

    /// @notice Shares of `rigId` still available for minting.
    /// @param rigId The rig.
    /// @return Unminted shares.
    function sharesAvailable(uint256 rigId) external view returns (uint256);

    /// @notice Rig and share count of `positionId`.
    /// @param positionId The position.
    /// @return rigId The position's rig.
    /// @return shares Shares the position holds.
    function positionOf(uint256 positionId) external view returns (uint256 rigId, uint256 shares);

    /// @notice Owner of `positionId` (zero if it does not exist), who receives its rewards outside a rental.
    /// While it is rented, `userOf` receives them.
    /// @param positionId The position.
    /// @return The beneficiary's address.
    function beneficiaryOf(uint256 positionId) external view returns (address);

    /// @notice `account`'s withdrawable balance of `token` from primary sales.
    /// @param account The account.
    /// @param token The payment token.
    /// @return Withdrawable amount, in `token` base units.
    function proceedsOf(address account, IERC20 token) external view returns (uint256);

    /// @notice Protocol fees in `token` waiting to be sent to the treasury.
    /// @param token The payment token.
    /// @return Accumulated fees, in `token` base units.
    function protocolFeesOf(IERC20 token) external view returns (uint256);

    /// @notice The reward distributor settling this token's positions.
    /// @return The distributor (zero until set).
    function distributor() external view returns (IRewardDistributor);
}
