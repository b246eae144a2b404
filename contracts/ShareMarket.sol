// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {IERC2981} from "@openzeppelin/contracts/interfaces/IERC2981.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IRewardDistributor} from "./interfaces/IRewardDistributor.sol";
import {IRigShares} from "./interfaces/IRigShares.sol";
import {IShareMarket} from "./interfaces/IShareMarket.sol";
import {PositionId} from "./libraries/PositionId.sol";

/// @title ShareMarket
/// @notice Trades and rents Rigshare positions without escrow. See `IShareMarket`.
contract ShareMarket is IShareMarket, AccessControlDefaultAdminRules, Pausable, ReentrancyGuardTransient, EIP712 {
    using SafeERC20 for IERC20;

    /// @notice Role allowed to pause and unpause.
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");
    /// @notice Highest protocol fee on sales and rentals (5%).
    uint256 public constant MAX_FEE_BPS = 500;
    /// @notice How long a fee increase waits before it applies. The fee comes out of the seller's (or rental
    /// owner's) proceeds and listings stay open without their makers: the delay lets every maker see the
    /// increase and cancel first. Decreases apply at once.
    uint256 public constant FEE_INCREASE_DELAY = 7 days;
    /// @notice EIP-712 type of a signed listing.
    bytes32 public constant LISTING_TYPEHASH = keccak256(
        "SignedListing(address seller,uint256 positionId,uint256 shares,uint256 version,address paymentToken,"
        "uint256 pricePerShare,uint256 minFill,uint256 expiry,uint256 counter,uint256 salt)"
    );
    /// @notice EIP-712 type of an offer.
    bytes32 public constant OFFER_TYPEHASH = keccak256(
        "Offer(address buyer,uint256 rigId,uint256 maxShares,address paymentToken,uint256 pricePerShare,"
        "uint256 expiry,uint256 counter,uint256 salt)"
    );
    uint256 private constant _BPS = 10_000;

    IRigShares private immutable _shares;
    IRewardDistributor private immutable _distributor;

    // One slot, so a fill pays a single cold read for the fee (240 bits):
    // treasury (160) | feeBps (16) | pendingFeeBps (16) | feeEffectiveAt (48, 0 when no increase is scheduled).
    // A scheduled increase is never written into `feeBps` when its time comes: `_feeInForce` computes it.
    address private _treasury;
    uint16 private _feeBps;
    uint16 private _pendingFeeBps;
    uint48 private _feeEffectiveAt;

    mapping(uint256 positionId => Listing) private _listings;
    mapping(uint256 positionId => RentalListing) private _rentalListings;
    mapping(bytes32 orderHash => OrderState) private _orders;
    mapping(address account => uint256) private _counters;
    mapping(address account => mapping(IERC20 token => uint256)) private _proceeds;

    /// @dev A sale being executed: who sells what to whom, at what price, paid by whom.
    struct Sale {
        address seller;
        address buyer;
        uint256 positionId;
        uint256 shares;
        uint256 held;
        IERC20 paymentToken;
        uint256 pricePerShare;
    }

    /// @notice Deploys the market for one share token.
    /// @param shares_ The share token.
    /// @param feeBps Protocol fee in bps of every sale and rental (≤ `MAX_FEE_BPS`).
    /// @param treasury Receiver of the fee.
    /// @param adminDelay Delay of a two-step admin transfer, in seconds.
    /// @param admin Initial admin; also gets `PAUSER_ROLE`.
    constructor(
        IRigShares shares_,
        uint256 feeBps,
        address treasury,
        uint48 adminDelay,
        address admin
    ) AccessControlDefaultAdminRules(adminDelay, admin) EIP712("Rigshare Market", "1") {
        _shares = shares_;
        _distributor = shares_.distributor();
        _grantRole(PAUSER_ROLE, admin);
        _checkFee(feeBps, treasury);
        _setFee(feeBps, treasury, 0, 0);
        emit FeeChanged(feeBps, treasury);
    }

    // ───────────────────────────── listings ─────────────────────────────

    /// @inheritdoc IShareMarket
    function list(
        uint256 positionId,
        IERC20 paymentToken,
        uint256 pricePerShare,
        uint256 minFill,
        uint256 expiry
    ) external whenNotPaused {
        (uint256 held, uint256 version) = _requireOwnedBy(positionId, msg.sender);
        _requireApproved(msg.sender);
        if (address(paymentToken) == address(0)) revert MarketInvalidParams("paymentToken");
        if (pricePerShare == 0 || pricePerShare > type(uint128).max) revert MarketInvalidParams("pricePerShare");
        if (minFill == 0 || minFill > held) revert MarketInvalidParams("minFill");
        if (expiry <= block.timestamp || expiry > type(uint64).max) revert MarketInvalidParams("expiry");
        // Casts fit: price, minFill and expiry are checked above; `held` and `version` are the distributor's
        // uint64 shares and uint24 version of the position.
        Listing memory entry = Listing({
            seller: msg.sender,
            shares: uint64(held),
            version: uint24(version),
            paymentToken: paymentToken,
            expiry: uint64(expiry),
            pricePerShare: uint128(pricePerShare),
            minFill: uint64(minFill)
        });
        // Re-listing replaces the old terms: an old listing can never fill again.
        _listings[positionId] = entry;
        emit Listed(positionId, msg.sender, entry);
    }

    /// @inheritdoc IShareMarket
    function cancelListing(uint256 positionId) external {
        if (_listings[positionId].seller != msg.sender) revert MarketNoListing(positionId);
        delete _listings[positionId];
        emit ListingCancelled(positionId);
    }

    /// @inheritdoc IShareMarket
    function buy(
        uint256 positionId,
        uint256 shares,
        uint256 maxPricePerShare
    ) external nonReentrant whenNotPaused returns (uint256 boughtId) {
        // Check: a live listing of the unchanged position, a price within the buyer's limit.
        Listing memory entry = _listings[positionId];
        if (entry.seller == address(0)) revert MarketNoListing(positionId);
        if (block.timestamp > entry.expiry) revert MarketExpired(entry.expiry);
        (uint256 held, uint256 version) = _requireOwnedBy(positionId, entry.seller);
        if (version != entry.version || held != entry.shares) revert MarketPositionChanged(positionId);
        if (entry.pricePerShare > maxPricePerShare) revert MarketPriceMoved(entry.pricePerShare, maxPricePerShare);
        _checkFill(shares, entry.minFill, held);

        // Effects: the rest stays listed (at the version the market's own split gives it), or the listing ends.
        if (shares == held) delete _listings[positionId];
        else _listings[positionId].shares = uint64(held - shares);
        boughtId = _sell(
            Sale(entry.seller, msg.sender, positionId, shares, held, entry.paymentToken, entry.pricePerShare)
        );
        if (shares != held) _listings[positionId].version = uint24(_versionOf(positionId));
    }

    /// @inheritdoc IShareMarket
    function buySigned(
        SignedListing calldata order,
        bytes calldata signature,
        uint256 shares,
        uint256 maxPricePerShare
    ) external nonReentrant whenNotPaused returns (uint256 boughtId) {
        // Check: signed by the seller, live, for the unchanged position, within the buyer's limit.
        bytes32 orderHash = hashListing(order);
        OrderState memory state = _liveOrder(orderHash, order.seller, order.counter, order.expiry, signature);
        uint256 positionId = order.positionId;
        (uint256 held, uint256 version) = _requireOwnedBy(positionId, order.seller);
        uint256 expectedVersion = state.filled == 0 ? order.version : state.version;
        if (version != expectedVersion) revert MarketPositionChanged(positionId);
        if (order.pricePerShare > maxPricePerShare) revert MarketPriceMoved(order.pricePerShare, maxPricePerShare);
        uint256 left = order.shares - state.filled;
        if (left > held) left = held;
        _checkFill(shares, order.minFill, left);

        // Effects: track the fill and the version the market's own split leaves.
        _orders[orderHash].filled = SafeCast.toUint128(state.filled + shares);
        boughtId = _sell(
            Sale(order.seller, msg.sender, positionId, shares, held, order.paymentToken, order.pricePerShare)
        );
        if (shares != held) _orders[orderHash].version = uint24(_versionOf(positionId));
    }

    /// @inheritdoc IShareMarket
    function fillOffer(
        Offer calldata offer,
        bytes calldata signature,
        uint256 positionId,
        uint256 shares,
        uint256 minPricePerShare
    ) external nonReentrant whenNotPaused returns (uint256 boughtId) {
        // Check: signed by the buyer, live, a position of the offer's rig owned by the caller.
        bytes32 orderHash = hashOffer(offer);
        OrderState memory state = _liveOrder(orderHash, offer.buyer, offer.counter, offer.expiry, signature);
        if (PositionId.rigOf(positionId) != offer.rigId) revert MarketWrongRig(positionId, offer.rigId);
        (uint256 held, ) = _requireOwnedBy(positionId, msg.sender);
        if (offer.pricePerShare < minPricePerShare) revert MarketPriceMoved(offer.pricePerShare, minPricePerShare);
        uint256 left = offer.maxShares - state.filled;
        if (shares == 0 || shares > left || shares > held)
            revert MarketInvalidShares(shares, left < held ? left : held);

        // Effects, then the sale.
        _orders[orderHash].filled = SafeCast.toUint128(state.filled + shares);
        boughtId = _sell(
            Sale(msg.sender, offer.buyer, positionId, shares, held, offer.paymentToken, offer.pricePerShare)
        );
    }

    /// @inheritdoc IShareMarket
    function cancelSignedListing(SignedListing calldata order) external {
        if (order.seller != msg.sender) revert MarketNotOwner(order.positionId, msg.sender);
        _cancel(hashListing(order));
    }

    /// @inheritdoc IShareMarket
    function cancelOffer(Offer calldata offer) external {
        if (offer.buyer != msg.sender) revert MarketNotOwner(0, msg.sender);
        _cancel(hashOffer(offer));
    }

    /// @inheritdoc IShareMarket
    function incrementCounter() external returns (uint256 counter) {
        counter = ++_counters[msg.sender];
        emit CounterIncremented(msg.sender, counter);
    }

    // ───────────────────────────── rentals ─────────────────────────────

    /// @inheritdoc IShareMarket
    function listForRent(
        uint256 positionId,
        IERC20 paymentToken,
        uint256 pricePerDay,
        uint256 minDays,
        uint256 maxDays,
        uint256 expiry
    ) external whenNotPaused {
        (, uint256 version) = _requireOwnedBy(positionId, msg.sender);
        _requireApproved(msg.sender);
        if (address(paymentToken) == address(0)) revert MarketInvalidParams("paymentToken");
        if (pricePerDay == 0 || pricePerDay > type(uint128).max) revert MarketInvalidParams("pricePerDay");
        if (minDays == 0 || minDays > maxDays || maxDays > 3_650) revert MarketInvalidParams("days");
        if (expiry <= block.timestamp || expiry > type(uint64).max) revert MarketInvalidParams("expiry");
        // Casts fit: every value is checked above, and `version` is the distributor's uint24.
        RentalListing memory entry = RentalListing({
            owner: msg.sender,
            version: uint24(version),
            expiry: uint64(expiry),
            paymentToken: paymentToken,
            minDays: uint16(minDays),
            maxDays: uint16(maxDays),
            pricePerDay: uint128(pricePerDay)
        });
        _rentalListings[positionId] = entry;
        emit ListedForRent(positionId, entry);
    }

    /// @inheritdoc IShareMarket
    function cancelRentalListing(uint256 positionId) external {
        if (_rentalListings[positionId].owner != msg.sender) revert MarketNoListing(positionId);
        delete _rentalListings[positionId];
        emit RentalListingCancelled(positionId);
    }

    /// @inheritdoc IShareMarket
    function rent(
        uint256 positionId,
        uint256 days_,
        uint256 maxPricePerDay
    ) external nonReentrant whenNotPaused returns (uint256 expires) {
        // Check: a live rental listing of the unchanged position, days and price within bounds.
        RentalListing memory entry = _rentalListings[positionId];
        if (entry.owner == address(0)) revert MarketNoListing(positionId);
        if (block.timestamp > entry.expiry) revert MarketExpired(entry.expiry);
        (, uint256 version) = _requireOwnedBy(positionId, entry.owner);
        if (version != entry.version) revert MarketPositionChanged(positionId);
        if (entry.pricePerDay > maxPricePerDay) revert MarketPriceMoved(entry.pricePerDay, maxPricePerDay);
        if (days_ < entry.minDays || days_ > entry.maxDays)
            revert MarketInvalidDays(days_, entry.minDays, entry.maxDays);

        // Effects: the owner's proceeds and the protocol fee (rentals pay no royalty).
        uint256 price = days_ * entry.pricePerDay;
        uint256 fee_ = (price * _feeInForce()) / _BPS;
        _proceeds[entry.owner][entry.paymentToken] += price - fee_;
        if (fee_ != 0) _proceeds[_treasury][entry.paymentToken] += fee_;
        expires = block.timestamp + days_ * 1 days;
        emit Rented(positionId, msg.sender, expires, price, fee_);

        // Interactions: the rental (the share token settles the owner first), then the payment, measured.
        // `expires` is at most now + 3,650 days: far inside the 40 bits the share token accepts.
        _shares.setUser(positionId, msg.sender, uint64(expires));
        _pullExact(entry.paymentToken, msg.sender, price);
    }

    // ───────────────────────────── payments ─────────────────────────────

    /// @inheritdoc IShareMarket
    function withdraw(IERC20 token) external nonReentrant returns (uint256 amount) {
        amount = _proceeds[msg.sender][token];
        if (amount == 0) revert MarketNothingToWithdraw();
        _proceeds[msg.sender][token] = 0;
        emit Withdrawn(msg.sender, token, amount);
        token.safeTransfer(msg.sender, amount);
    }

    // ───────────────────────────── admin ─────────────────────────────

    /// @notice Sets the protocol fee and its treasury. The treasury and a fee at or below the one in force
    /// apply at once (dropping any scheduled increase); a higher fee applies `FEE_INCREASE_DELAY` from now,
    /// replacing any increase scheduled before (its delay restarts).
    /// @dev Emits `FeeChanged` with the fee in force now and the treasury, and `FeeIncreaseScheduled` for an
    /// increase.
    /// @param feeBps Fee in bps (≤ `MAX_FEE_BPS`).
    /// @param treasury Its receiver.
    function setFee(uint256 feeBps, address treasury) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _checkFee(feeBps, treasury);
        // An increase that came into force is folded into `feeBps` before anything else is scheduled.
        uint256 inForce = _feeInForce();
        if (feeBps <= inForce) {
            _setFee(feeBps, treasury, 0, 0);
            emit FeeChanged(feeBps, treasury);
        } else {
            uint256 effectiveAt = block.timestamp + FEE_INCREASE_DELAY;
            _setFee(inForce, treasury, feeBps, effectiveAt);
            emit FeeChanged(inForce, treasury);
            emit FeeIncreaseScheduled(feeBps, effectiveAt);
        }
    }

    /// @notice Stops listing, buying, filling and renting. Cancels and withdrawals keep working.
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @notice Lifts the pause.
    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    // ───────────────────────────── views ─────────────────────────────

    /// @inheritdoc IShareMarket
    function listing(uint256 positionId) external view returns (Listing memory) {
        return _listings[positionId];
    }

    /// @inheritdoc IShareMarket
    function rentalListing(uint256 positionId) external view returns (RentalListing memory) {
        return _rentalListings[positionId];
    }

    /// @inheritdoc IShareMarket
    function orderState(bytes32 orderHash) external view returns (OrderState memory) {
        return _orders[orderHash];
    }

    /// @inheritdoc IShareMarket
    function counterOf(address account) external view returns (uint256) {
        return _counters[account];
    }

    /// @inheritdoc IShareMarket
    function proceedsOf(address account, IERC20 token) external view returns (uint256) {
        return _proceeds[account][token];
    }

    /// @inheritdoc IShareMarket
    function fee() external view returns (uint256 feeBps, address treasury) {
        return (_feeInForce(), _treasury);
    }

    /// @inheritdoc IShareMarket
    function pendingFee() external view returns (uint256 feeBps, uint256 effectiveAt) {
        effectiveAt = _feeEffectiveAt;
        if (effectiveAt == 0 || block.timestamp >= effectiveAt) return (0, 0);
        feeBps = _pendingFeeBps;
    }

    /// @inheritdoc IShareMarket
    function hashListing(SignedListing calldata o) public pure returns (bytes32) {
        return
            keccak256(
                abi.encode(
                    LISTING_TYPEHASH,
                    o.seller,
                    o.positionId,
                    o.shares,
                    o.version,
                    o.paymentToken,
                    o.pricePerShare,
                    o.minFill,
                    o.expiry,
                    o.counter,
                    o.salt
                )
            );
    }

    /// @inheritdoc IShareMarket
    function hashOffer(Offer calldata o) public pure returns (bytes32) {
        return
            keccak256(
                abi.encode(
                    OFFER_TYPEHASH,
                    o.buyer,
                    o.rigId,
                    o.maxShares,
                    o.paymentToken,
                    o.pricePerShare,
                    o.expiry,
                    o.counter,
                    o.salt
                )
            );
    }

    /// @inheritdoc IShareMarket
    function digest(bytes32 structHash) external view returns (bytes32) {
        return _hashTypedDataV4(structHash);
    }

    /// @inheritdoc IShareMarket
    function quote(
        uint256 positionId,
        uint256 price
    ) public view returns (uint256 seller, address royaltyReceiver, uint256 royalty, uint256 fee_) {
        (royaltyReceiver, royalty) = IERC2981(address(_shares)).royaltyInfo(positionId, price);
        if (royalty > price) revert MarketRoyaltyAbovePrice(royalty, price);
        // Rounds down: the seller keeps the fraction.
        fee_ = (price * _feeInForce()) / _BPS;
        // The fee comes first; a royalty of up to 100% takes the rest, so the sale still fills.
        if (royalty > price - fee_) royalty = price - fee_;
        seller = price - fee_ - royalty;
    }

    // ───────────────────────────── internals ─────────────────────────────

    /// @dev Credits the payment split, moves the shares (whole position, or a split-off part) to the buyer,
    /// then pulls the exact price from the buyer. Rewards accrued so far stay with the seller (the share
    /// token settles the position on transfer and split).
    function _sell(Sale memory sale) private returns (uint256 boughtId) {
        // A sale to oneself moves nothing but fees (and would skip the rental lock, since a transfer to
        // oneself settles nothing).
        if (sale.seller == sale.buyer) revert MarketSelfTrade(sale.seller);
        uint256 price = sale.shares * sale.pricePerShare;
        (uint256 sellerPart, address royaltyReceiver, uint256 royalty, uint256 fee_) = quote(sale.positionId, price);
        IERC20 token = sale.paymentToken;
        _proceeds[sale.seller][token] += sellerPart;
        if (royalty != 0) _proceeds[royaltyReceiver][token] += royalty;
        if (fee_ != 0) _proceeds[_treasury][token] += fee_;

        boughtId = sale.shares == sale.held ? sale.positionId : _shares.split(sale.positionId, sale.shares);
        emit Sold(sale.positionId, boughtId, sale.seller, sale.buyer, sale.shares, price, royalty, fee_);
        _shares.safeTransferFrom(sale.seller, sale.buyer, boughtId);
        _pullExact(token, sale.buyer, price);
    }

    function _checkFill(uint256 shares, uint256 minFill, uint256 available) private pure {
        if (shares == 0 || shares > available || (shares < minFill && shares != available)) {
            revert MarketInvalidShares(shares, available);
        }
    }

    /// @dev Reverts unless the order is signed by `signer`, not cancelled, on the signer's current counter
    /// and not expired. Returns its fill state.
    function _liveOrder(
        bytes32 orderHash,
        address signer,
        uint256 counter,
        uint256 expiry,
        bytes calldata signature
    ) private view returns (OrderState memory state) {
        if (!SignatureChecker.isValidSignatureNowCalldata(signer, _hashTypedDataV4(orderHash), signature)) {
            revert MarketInvalidSignature();
        }
        state = _orders[orderHash];
        if (state.cancelled || counter != _counters[signer]) revert MarketOrderCancelled(orderHash);
        if (block.timestamp > expiry) revert MarketExpired(expiry);
    }

    function _cancel(bytes32 orderHash) private {
        _orders[orderHash].cancelled = true;
        emit OrderCancelled(orderHash);
    }

    /// @dev Shares and version of `positionId`, reverting unless `account` owns it.
    function _requireOwnedBy(uint256 positionId, address account) private view returns (uint256 held, uint256 version) {
        if (_shares.beneficiaryOf(positionId) != account) revert MarketNotOwner(positionId, account);
        IRewardDistributor.Position memory p = _distributor.position(positionId);
        return (p.shares, p.version);
    }

    function _versionOf(uint256 positionId) private view returns (uint256) {
        return _distributor.position(positionId).version;
    }

    function _requireApproved(address owner) private view {
        if (!_shares.isApprovedForAll(owner, address(this))) revert MarketNotApproved(owner);
    }

    /// @dev The fee charged now: a scheduled increase once its time has come, else `feeBps`.
    function _feeInForce() private view returns (uint256) {
        uint256 effectiveAt = _feeEffectiveAt;
        return effectiveAt != 0 && block.timestamp >= effectiveAt ? _pendingFeeBps : _feeBps;
    }

    function _checkFee(uint256 feeBps, address treasury) private pure {
        if (feeBps > MAX_FEE_BPS) revert MarketInvalidParams("feeBps");
        if (treasury == address(0)) revert MarketInvalidParams("treasury");
    }

    /// @dev Writes the whole fee slot at once. Fees are ≤ `MAX_FEE_BPS` and `effectiveAt` a timestamp, so the
    /// casts cannot truncate.
    function _setFee(uint256 feeBps, address treasury, uint256 pendingFeeBps, uint256 effectiveAt) private {
        _treasury = treasury;
        _feeBps = uint16(feeBps);
        _pendingFeeBps = uint16(pendingFeeBps);
        _feeEffectiveAt = uint48(effectiveAt);
    }

    /// @dev Pulls exactly `amount` of `token` from `from`, measuring what arrived.
    function _pullExact(IERC20 token, address from, uint256 amount) private {
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(from, address(this), amount);
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != amount) revert MarketPaymentMismatch(amount, received);
    }
}
