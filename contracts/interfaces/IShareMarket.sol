// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IShareMarket
/// @notice Secondary market for Rigshare positions without escrow: fixed-price listings with partial fills,
/// EIP-712 signed listings and offers, and rentals (ERC-4907). A fill requires the listed seller to still own
/// the exact position listed (same version: it has not left and come back, been split or merged since).
/// Every payment splits exactly into seller + ERC-2981 royalty + protocol fee, credited as pull payments.
/// @dev Sellers approve the market for all their positions (`setApprovalForAll`): a partial fill splits the
/// position and a rental sets its user. Buyers approve the payment token. Accrued rewards stay with the seller.
interface IShareMarket {
    /// @notice An on-chain listing of a whole position; partial fills sell part of it.
    /// @param seller The owner at listing time.
    /// @param shares Shares still listed (the position's shares).
    /// @param version Position version the listing is valid for (updated by the market's own partial fills).
    /// @param paymentToken ERC-20 the buyer pays with.
    /// @param expiry Last second the listing can fill.
    /// @param pricePerShare Price of one share in `paymentToken` base units.
    /// @param minFill Smallest partial fill (a fill of all remaining shares is always allowed).
    struct Listing {
        address seller;
        uint64 shares;
        uint24 version;
        IERC20 paymentToken;
        uint64 expiry;
        uint128 pricePerShare;
        uint64 minFill;
    }

    /// @notice An EIP-712 listing signed off chain (gasless for the seller).
    /// @param seller The signer and owner.
    /// @param positionId The position.
    /// @param shares Shares offered (at most the position's shares).
    /// @param version Position version at signing.
    /// @param paymentToken ERC-20 the buyer pays with.
    /// @param pricePerShare Price of one share.
    /// @param minFill Smallest partial fill.
    /// @param expiry Last second it can fill.
    /// @param counter The seller's order counter at signing (bumping it cancels all its orders).
    /// @param salt Makes otherwise equal orders distinct.
    struct SignedListing {
        address seller;
        uint256 positionId;
        uint256 shares;
        uint256 version;
        IERC20 paymentToken;
        uint256 pricePerShare;
        uint256 minFill;
        uint256 expiry;
        uint256 counter;
        uint256 salt;
    }

    /// @notice An EIP-712 offer: `buyer` pays `pricePerShare` for up to `maxShares` shares of `rigId`, from
    /// any holder of that rig.
    /// @param buyer The signer, who pays.
    /// @param rigId The rig.
    /// @param maxShares Most shares bought over all fills.
    /// @param paymentToken ERC-20 the buyer pays with.
    /// @param pricePerShare Price of one share.
    /// @param expiry Last second it can fill.
    /// @param counter The buyer's order counter at signing.
    /// @param salt Makes otherwise equal offers distinct.
    struct Offer {
        address buyer;
        uint256 rigId;
        uint256 maxShares;
        IERC20 paymentToken;
        uint256 pricePerShare;
        uint256 expiry;
        uint256 counter;
        uint256 salt;
    }

    /// @notice A position listed for rent.
    /// @param owner The owner at listing time.
    /// @param version Position version the listing is valid for.
    /// @param expiry Last second a rental can start.
    /// @param paymentToken ERC-20 the renter pays with.
    /// @param minDays Shortest rental, in days.
    /// @param maxDays Longest rental, in days.
    /// @param pricePerDay Price of one day.
    struct RentalListing {
        address owner;
        uint24 version;
        uint64 expiry;
        IERC20 paymentToken;
        uint16 minDays;
        uint16 maxDays;
        uint128 pricePerDay;
    }

    /// @notice Fill state of a signed order.
    /// @param filled Shares filled so far.
    /// @param version Position version after the last partial fill of a signed listing (0 before any).
    /// @param cancelled Whether the signer cancelled it.
    struct OrderState {
        uint128 filled;
        uint24 version;
        bool cancelled;
    }

    /// @notice The caller does not own the position (or the signer is not its owner).
    error MarketNotOwner(uint256 positionId, address account);
    /// @notice The market is not approved for the seller's positions.
    error MarketNotApproved(address owner);
    /// @notice No valid listing for the position (never listed, cancelled or filled).
    error MarketNoListing(uint256 positionId);
    /// @notice The order expired at `expiry`.
    error MarketExpired(uint256 expiry);
    /// @notice The position changed since it was listed (left and came back, split, merged or re-listed).
    error MarketPositionChanged(uint256 positionId);
    /// @notice Price per share above the buyer's maximum (or below the seller's minimum for offers).
    error MarketPriceMoved(uint256 price, uint256 limit);
    /// @notice Shares out of range: zero, below the minimum fill, or above what is left.
    error MarketInvalidShares(uint256 shares, uint256 available);
    /// @notice The royalty asked exceeds the sale price.
    error MarketRoyaltyAbovePrice(uint256 royalty, uint256 price);
    /// @notice The signature does not match the order's signer.
    error MarketInvalidSignature();
    /// @notice The order was cancelled or its signer's counter moved.
    error MarketOrderCancelled(bytes32 orderHash);
    /// @notice The position belongs to another rig than the offer's.
    error MarketWrongRig(uint256 positionId, uint256 rigId);
    /// @notice Rental length outside the listing's bounds.
    error MarketInvalidDays(uint256 days_, uint256 minDays, uint256 maxDays);
    /// @notice The token delivered `received` instead of `expected`.
    error MarketPaymentMismatch(uint256 expected, uint256 received);
    /// @notice A parameter is out of range; `what` names it.
    error MarketInvalidParams(string what);
    /// @notice The buyer is the seller.
    error MarketSelfTrade(address account);
    /// @notice Nothing to withdraw.
    error MarketNothingToWithdraw();

    /// @notice `positionId` was listed.
    /// @param positionId The position.
    /// @param seller Its owner.
    /// @param listing The listing.
    event Listed(uint256 indexed positionId, address indexed seller, Listing listing);
    /// @notice The listing of `positionId` was cancelled.
    /// @param positionId The position.
    event ListingCancelled(uint256 indexed positionId);
    /// @notice Shares changed hands.
    /// @param positionId The position sold from.
    /// @param boughtId The position the buyer received (equal to `positionId` for a whole position).
    /// @param seller The seller.
    /// @param buyer The buyer.
    /// @param shares Shares sold.
    /// @param price Total price.
    /// @param royalty Royalty paid to the rig's operator.
    /// @param fee Protocol fee.
    event Sold(
        uint256 indexed positionId,
        uint256 indexed boughtId,
        address indexed seller,
        address buyer,
        uint256 shares,
        uint256 price,
        uint256 royalty,
        uint256 fee
    );
    /// @notice A signed order was cancelled by its signer.
    /// @param orderHash The order's EIP-712 struct hash.
    event OrderCancelled(bytes32 indexed orderHash);
    /// @notice `account` bumped its counter: every order it signed before is void.
    /// @param account The signer.
    /// @param counter The new counter.
    event CounterIncremented(address indexed account, uint256 counter);
    /// @notice `positionId` was listed for rent.
    /// @param positionId The position.
    /// @param listing The rental listing.
    event ListedForRent(uint256 indexed positionId, RentalListing listing);
    /// @notice The rental listing of `positionId` was cancelled.
    /// @param positionId The position.
    event RentalListingCancelled(uint256 indexed positionId);
    /// @notice `renter` rented `positionId` until `expires`.
    /// @param positionId The position.
    /// @param renter The renter.
    /// @param expires Last second of the rental.
    /// @param price Total paid.
    /// @param fee Protocol fee.
    event Rented(uint256 indexed positionId, address indexed renter, uint256 expires, uint256 price, uint256 fee);
    /// @notice `account` withdrew `amount` of `token`.
    /// @param account The payee.
    /// @param token The token.
    /// @param amount The amount.
    event Withdrawn(address indexed account, IERC20 indexed token, uint256 amount);
    /// @notice The admin set the fee: `feeBps` is the fee in force from now on (an increase only schedules,
    /// see `FeeIncreaseScheduled`), `treasury` its receiver.
    /// @param feeBps Fee in bps of every sale and rental.
    /// @param treasury Its receiver.
    event FeeChanged(uint256 feeBps, address treasury);
    /// @notice A fee increase was scheduled: fills from `effectiveAt` on pay `feeBps`; until then the fee in
    /// force stays, so makers can cancel. It replaces any increase scheduled before. No event marks the moment
    /// it comes into force.
    /// @param feeBps The coming fee in bps.
    /// @param effectiveAt First second it applies.
    event FeeIncreaseScheduled(uint256 feeBps, uint256 effectiveAt);

    /// @notice Lists the caller's whole position; buyers may take all or part of it.
    /// @param positionId The position.
    /// @param paymentToken ERC-20 to be paid in.
    /// @param pricePerShare Price of one share.
    /// @param minFill Smallest partial fill (≥ 1).
    /// @param expiry Last second it can fill.
    function list(
        uint256 positionId,
        IERC20 paymentToken,
        uint256 pricePerShare,
        uint256 minFill,
        uint256 expiry
    ) external;

    /// @notice Cancels the caller's listing of `positionId`.
    /// @param positionId The position.
    function cancelListing(uint256 positionId) external;

    /// @notice Buys `shares` of the listed `positionId`, paying at most `maxPricePerShare` each.
    /// @param positionId The listed position.
    /// @param shares Shares to buy (all remaining, or at least the minimum fill).
    /// @param maxPricePerShare Highest acceptable price per share.
    /// @return boughtId The position the buyer received.
    function buy(uint256 positionId, uint256 shares, uint256 maxPricePerShare) external returns (uint256 boughtId);

    /// @notice Buys `shares` of a signed listing.
    /// @param order The signed listing.
    /// @param signature The seller's signature (EOA or ERC-1271).
    /// @param shares Shares to buy.
    /// @param maxPricePerShare Highest acceptable price per share.
    /// @return boughtId The position the buyer received.
    function buySigned(
        SignedListing calldata order,
        bytes calldata signature,
        uint256 shares,
        uint256 maxPricePerShare
    ) external returns (uint256 boughtId);

    /// @notice Sells `shares` of the caller's `positionId` into a signed offer.
    /// @param offer The offer.
    /// @param signature The buyer's signature.
    /// @param positionId A position of the offer's rig owned by the caller.
    /// @param shares Shares to sell.
    /// @param minPricePerShare Lowest acceptable price per share.
    /// @return boughtId The position the buyer received.
    function fillOffer(
        Offer calldata offer,
        bytes calldata signature,
        uint256 positionId,
        uint256 shares,
        uint256 minPricePerShare
    ) external returns (uint256 boughtId);

    /// @notice Cancels a signed listing (only its seller).
    /// @param order The listing.
    function cancelSignedListing(SignedListing calldata order) external;

    /// @notice Cancels an offer (only its buyer).
    /// @param offer The offer.
    function cancelOffer(Offer calldata offer) external;

    /// @notice Voids every order the caller signed so far.
    /// @return counter The new counter.
    function incrementCounter() external returns (uint256 counter);

    /// @notice Lists the caller's position for rent.
    /// @param positionId The position.
    /// @param paymentToken ERC-20 to be paid in.
    /// @param pricePerDay Price of one day.
    /// @param minDays Shortest rental (≥ 1).
    /// @param maxDays Longest rental.
    /// @param expiry Last second a rental can start.
    function listForRent(
        uint256 positionId,
        IERC20 paymentToken,
        uint256 pricePerDay,
        uint256 minDays,
        uint256 maxDays,
        uint256 expiry
    ) external;

    /// @notice Cancels the caller's rental listing.
    /// @param positionId The position.
    function cancelRentalListing(uint256 positionId) external;

    /// @notice Rents `positionId` for `days_` days from now: its rewards accrue to the caller until expiry.
    /// @param positionId The position.
    /// @param days_ Rental length in days.
    /// @param maxPricePerDay Highest acceptable price per day.
    /// @return expires Last second of the rental.
    function rent(uint256 positionId, uint256 days_, uint256 maxPricePerDay) external returns (uint256 expires);

    /// @notice Sends the caller its proceeds in `token` (sales, royalties, rentals, fees).
    /// @param token The token.
    /// @return amount Amount sent.
    function withdraw(IERC20 token) external returns (uint256 amount);

    /// @notice The listing of `positionId`.
    /// @param positionId The position.
    /// @return The listing (zero seller if none).
    function listing(uint256 positionId) external view returns (Listing memory);

    /// @notice The rental listing of `positionId`.
    /// @param positionId The position.
    /// @return The rental listing (zero owner if none).
    function rentalListing(uint256 positionId) external view returns (RentalListing memory);

    /// @notice Fill state of a signed order.
    /// @param orderHash The order's EIP-712 struct hash.
    /// @return The state.
    function orderState(bytes32 orderHash) external view returns (OrderState memory);

    /// @notice `account`'s current order counter.
    /// @param account The signer.
    /// @return The counter.
    function counterOf(address account) external view returns (uint256);

    /// @notice `account`'s withdrawable balance of `token`.
    /// @param account The payee.
    /// @param token The token.
    /// @return The balance.
    function proceedsOf(address account, IERC20 token) external view returns (uint256);

    /// @notice The protocol fee charged by a fill now, and its treasury (a scheduled increase once in force).
    /// @return feeBps The fee in bps, taken from the seller's (or rental owner's) part.
    /// @return treasury Its receiver.
    function fee() external view returns (uint256 feeBps, address treasury);

    /// @notice A scheduled fee increase not yet in force.
    /// @return feeBps The coming fee in bps (0 when none is scheduled or it is already in force).
    /// @return effectiveAt First second it applies (0 likewise).
    function pendingFee() external view returns (uint256 feeBps, uint256 effectiveAt);

    /// @notice EIP-712 struct hash of a signed listing.
    /// @param order The listing.
    /// @return The hash.
    function hashListing(SignedListing calldata order) external pure returns (bytes32);

    /// @notice EIP-712 struct hash of an offer.
    /// @param offer The offer.
    /// @return The hash.
    function hashOffer(Offer calldata offer) external pure returns (bytes32);

    /// @notice EIP-712 digest to sign for an order with struct hash `structHash`.
    /// @param structHash The struct hash.
    /// @return The digest.
    function digest(bytes32 structHash) external view returns (bytes32);

    /// @notice Splits a sale price of `price` for `positionId` into seller, royalty and fee.
    /// @param positionId The position.
    /// @param price The total price.
    /// @return seller Seller's part.
    /// @return royaltyReceiver Receiver of the royalty.
    /// @return royalty Royalty part.
    /// @return fee Protocol fee.
    function quote(
        uint256 positionId,
        uint256 price
    ) external view returns (uint256 seller, address royaltyReceiver, uint256 royalty, uint256 fee);
}
