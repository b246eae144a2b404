// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {IERC2981} from "@openzeppelin/contracts/interfaces/IERC2981.sol";
import {IERC4906} from "@openzeppelin/contracts/interfaces/IERC4906.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IRewardDistributor} from "./interfaces/IRewardDistributor.sol";
import {IERC4907} from "./interfaces/IERC4907.sol";
import {IRigShares} from "./interfaces/IRigShares.sol";
import {IShareRenderer} from "./interfaces/IShareRenderer.sol";
import {PositionId} from "./libraries/PositionId.sol";
import {LinkedPausable} from "./utils/LinkedPausable.sol";

/// @title RigShares
/// @notice Registry of mining rigs and the ERC-721 positions holding their shares. Every change of a
/// position's entitlement (transfer, split, merge, burn) is settled in the `RewardDistributor` first.
contract RigShares is
    IRigShares,
    IERC4906,
    IERC2981,
    ERC721,
    AccessControlDefaultAdminRules,
    LinkedPausable,
    ReentrancyGuardTransient
{
    using SafeERC20 for IERC20;

    /// @notice Role of accounts the admin approved to register rigs.
    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");
    /// @notice Role of the epoch funder, allowed to suspend rigs that keep losing money.
    bytes32 public constant ECONOMICS_ROLE = keccak256("ECONOMICS_ROLE");
    /// @notice Role allowed to pause and unpause.
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");
    /// @notice Most shares a rig can be split into. The distributor's reward per share has a resolution of
    /// 1e-18 base units, so up to `totalShares × 1e-18` base units wait in its carry between updates; at
    /// 1e18 shares that is below one base unit, so the carry can never shift a measurable amount from one
    /// holder to a later one.
    uint256 public constant MAX_TOTAL_SHARES = 1e18;
    /// @notice Highest ERC-2981 royalty a rig may set (10%).
    uint16 public constant MAX_ROYALTY_BPS = 1_000;
    /// @notice Highest protocol fee on primary sales (10%).
    uint16 public constant MAX_PROTOCOL_FEE_BPS = 1_000;
    uint256 private constant _BPS = 10_000;
    uint256 private constant _DAY = 1 days;

    // Declared first so that it packs into `LinkedPausable`'s slot (distributor | paused | fee): a mint reads
    // that slot for the pause check and the distributor anyway, so the fee costs no extra cold read.
    uint16 private _protocolFeeBps;
    IShareRenderer private _renderer;
    address private _treasury;
    uint256 private _rigCount;

    mapping(uint256 rigId => Rig) private _rigs;
    mapping(address account => mapping(IERC20 token => uint256)) private _proceeds;
    mapping(IERC20 token => uint256) private _protocolFees;

    /// @notice Deploys the share token with its renderer and protocol fee; the distributor is wired later.
    /// @param adminDelay Delay of a two-step admin transfer, in seconds.
    /// @param admin Initial admin; also gets `PAUSER_ROLE`.
    /// @param renderer_ Metadata renderer.
    /// @param treasury Receiver of protocol fees.
    /// @param protocolFeeBps Protocol fee on primary sales.
    constructor(
        uint48 adminDelay,
        address admin,
        IShareRenderer renderer_,
        address treasury,
        uint16 protocolFeeBps
    ) ERC721("Rigshare Position", "RIGS") AccessControlDefaultAdminRules(adminDelay, admin) {
        _grantRole(PAUSER_ROLE, admin);
        _setRenderer(renderer_);
        _setProtocolFee(protocolFeeBps, treasury);
    }

    // ──────────────────────────────── operators ────────────────────────────────

    /// @inheritdoc IRigShares
    function registerRig(RigParams calldata params) external whenNotPaused returns (uint256 rigId) {
        if (!hasRole(OPERATOR_ROLE, msg.sender)) revert RigSharesNotOperator(msg.sender);
        _validate(params);
        rigId = ++_rigCount;
        Rig storage r = _rigs[rigId];
        r.operator = msg.sender;
        r.royaltyBps = params.royaltyBps;
        r.status = RigStatus.Active;
        r.algorithm = params.algorithm;
        r.powerWatts = params.powerWatts;
        r.paymentToken = params.paymentToken;
        r.pricePerShare = params.pricePerShare;
        r.hashrate = params.hashrate;
        r.totalShares = params.totalShares;
        r.payoutToken = params.payoutToken;
        r.epochLength = params.epochLength;
        r.name = params.name;
        emit RigRegistered(rigId, msg.sender, params.name, params.algorithm);
        _distributor().onRigRegistered(rigId, params.payoutToken, params.epochLength, params.maxEpochPayout);
    }

    /// @inheritdoc IRigShares
    function setSaleOpen(uint256 rigId, bool open) external whenNotPaused {
        Rig storage r = _rigOfOperator(rigId);
        if (open && r.status != RigStatus.Active) revert RigSharesSaleClosed(rigId);
        r.saleOpen = open;
        emit SaleStatusChanged(rigId, open);
        // The status shown in every position's metadata changed.
        _emitRigMetadataUpdate(rigId, r.nextSerial);
    }

    /// @inheritdoc IRigShares
    function retireRig(uint256 rigId) external whenNotPaused {
        Rig storage r = _rigOfOperator(rigId);
        r.status = RigStatus.Retired;
        r.saleOpen = false;
        emit SaleStatusChanged(rigId, false);
        emit RigStatusChanged(rigId, RigStatus.Retired);
        _emitRigMetadataUpdate(rigId, r.nextSerial);
    }

    /// @inheritdoc IRigShares
    function suspendRig(uint256 rigId) external onlyRole(ECONOMICS_ROLE) returns (bool suspended) {
        Rig storage r = _rigs[rigId];
        if (r.status == RigStatus.None) revert RigSharesUnknownRig(rigId);
        // Retired stays retired; suspending twice changes nothing.
        if (r.status != RigStatus.Active) return false;
        r.status = RigStatus.Suspended;
        r.saleOpen = false;
        emit SaleStatusChanged(rigId, false);
        emit RigStatusChanged(rigId, RigStatus.Suspended);
        _emitRigMetadataUpdate(rigId, r.nextSerial);
        return true;
    }

    /// @inheritdoc IRigShares
    function withdrawProceeds(IERC20 token) external nonReentrant returns (uint256 amount) {
        amount = _proceeds[msg.sender][token];
        if (amount == 0) revert RigSharesNothingToWithdraw();
        _proceeds[msg.sender][token] = 0;
        emit ProceedsWithdrawn(msg.sender, token, amount);
        token.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IRigShares
    function withdrawProtocolFees(IERC20 token) external nonReentrant returns (uint256 amount) {
        amount = _protocolFees[token];
        if (amount == 0) revert RigSharesNothingToWithdraw();
        _protocolFees[token] = 0;
        address treasury = _treasury;
        emit ProceedsWithdrawn(treasury, token, amount);
        token.safeTransfer(treasury, amount);
    }

    // ──────────────────────────────── holders ────────────────────────────────

    /// @inheritdoc IRigShares
    function mint(uint256 rigId, uint256 shares) external nonReentrant returns (uint256 positionId) {
        // Check: not paused, an open sale, a non-zero amount.
        IRewardDistributor distributor_ = _distributorWhenNotPaused();
        Rig storage r = _rigs[rigId];
        // Fields of one slot read together load it once.
        (RigStatus status, bool saleOpen, address operator) = (r.status, r.saleOpen, r.operator);
        if (status == RigStatus.None) revert RigSharesUnknownRig(rigId);
        if (!saleOpen) revert RigSharesSaleClosed(rigId);
        if (shares == 0 || shares > type(uint96).max) revert RigSharesInvalidShares(shares);
        IERC20 paymentToken = r.paymentToken;
        uint256 cost = shares * r.pricePerShare;
        // Rounds down: the operator, not the protocol, keeps the fraction.
        uint256 fee = (cost * _protocolFeeBps) / _BPS;

        // Effects: the position, the cap check (the distributor counts shares outstanding), the proceeds.
        positionId = PositionId.encode(rigId, ++r.nextSerial);
        uint256 outstanding = distributor_.onPositionMinted(positionId, shares);
        uint256 cap = r.totalShares;
        if (outstanding > cap) revert RigSharesSoldOut(rigId, cap - (outstanding - shares), shares);
        _proceeds[operator][paymentToken] += cost - fee;
        if (fee != 0) _protocolFees[paymentToken] += fee;
        emit SharesMinted(rigId, positionId, msg.sender, shares, cost, fee);
        _safeMint(msg.sender, positionId);

        // Interaction: take the payment last, measured.
        if (cost != 0) _pullExact(paymentToken, msg.sender, cost);
    }

    /// @inheritdoc IRigShares
    function split(uint256 positionId, uint256 shares) external nonReentrant returns (uint256 newPositionId) {
        IRewardDistributor distributor_ = _distributorWhenNotPaused();
        address owner = _requireAuthorized(positionId);
        uint256 rigId = PositionId.rigOf(positionId);
        newPositionId = PositionId.encode(rigId, ++_rigs[rigId].nextSerial);
        distributor_.onPositionSplit(positionId, newPositionId, shares, owner);
        emit PositionSplit(positionId, newPositionId, shares);
        emit MetadataUpdate(positionId);
        // The owner already holds the original, so no receiver check is needed for its other half.
        _mint(owner, newPositionId);
    }

    /// @inheritdoc IRigShares
    function merge(uint256 keptId, uint256 burnedId) external nonReentrant {
        IRewardDistributor distributor_ = _distributorWhenNotPaused();
        address owner = _requireAuthorized(keptId);
        if (
            keptId == burnedId ||
            PositionId.rigOf(keptId) != PositionId.rigOf(burnedId) ||
            _requireAuthorized(burnedId) != owner
        ) revert RigSharesCannotMerge(keptId, burnedId);
        distributor_.onPositionsMerged(keptId, burnedId, owner);
        emit PositionsMerged(keptId, burnedId);
        emit MetadataUpdate(keptId);
        _burn(burnedId);
    }

    /// @inheritdoc IERC4907
    /// @dev Requirements: caller owns or is approved for the position; no rental is running (a renter keeps
    /// its whole window: a rented position cannot be transferred, split, merged, burned or re-rented until it
    /// expires); `expires` in the future and at most `type(uint40).max` (year 36,812: the distributor keeps a
    /// rig's latest expiry in 40 bits, and a wrapped value would close its rental history early), or `user` zero
    /// to clear an expired rental. Settles the position first.
    function setUser(uint256 tokenId, address user, uint64 expires) external nonReentrant {
        IRewardDistributor distributor_ = _distributorWhenNotPaused();
        address owner = _requireAuthorized(tokenId);
        if (user == address(0) ? expires != 0 : (expires <= block.timestamp || expires > type(uint40).max))
            revert RigSharesInvalidRental(user, expires);
        distributor_.onRentalSet(tokenId, owner, user, expires);
        emit UpdateUser(tokenId, user, expires);
    }

    /// @inheritdoc IRigShares
    function burn(uint256 positionId) external nonReentrant {
        IRewardDistributor distributor_ = _distributorWhenNotPaused();
        address owner = _requireAuthorized(positionId);
        distributor_.onPositionBurned(positionId, owner);
        _burn(positionId);
    }

    // ──────────────────────────────── admin ────────────────────────────────

    /// @notice Wires the reward distributor; callable once by the admin.
    /// @param distributor_ The reward distributor (non-zero).
    function setDistributor(IRewardDistributor distributor_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (_linkedContract() != address(0)) revert RigSharesDistributorAlreadySet();
        if (address(distributor_) == address(0)) revert RigSharesZeroAddress();
        _setLinked(address(distributor_));
        emit DistributorSet(distributor_);
    }

    /// @notice Sets the protocol fee on primary sales and its treasury.
    /// @param feeBps New fee, in basis points of the sale price (at most `MAX_PROTOCOL_FEE_BPS`).
    /// @param treasury New receiver of protocol fees (non-zero).
    function setProtocolFee(uint16 feeBps, address treasury) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setProtocolFee(feeBps, treasury);
    }

    /// @notice Sets the metadata renderer.
    /// @param renderer_ The new renderer (non-zero).
    function setRenderer(IShareRenderer renderer_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setRenderer(renderer_);
        emit BatchMetadataUpdate(0, type(uint256).max);
    }

    /// @notice Stops minting, splitting, merging, burning, transfers and registrations.
    /// Claims of rewards and withdrawals of proceeds keep working.
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @notice Lifts the pause.
    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    // ──────────────────────────────── views ────────────────────────────────

    /// @inheritdoc IRigShares
    function rig(uint256 rigId) external view returns (Rig memory) {
        return _rigs[rigId];
    }

    /// @inheritdoc IRigShares
    function rigSpec(uint256 rigId) external view returns (address operator, uint256 hashrate, uint256 powerWatts) {
        Rig storage r = _rigs[rigId];
        return (r.operator, r.hashrate, r.powerWatts);
    }

    /// @inheritdoc IRigShares
    function rigCount() external view returns (uint256) {
        return _rigCount;
    }

    /// @inheritdoc IRigShares
    function operatorOf(uint256 rigId) external view returns (address) {
        return _rigs[rigId].operator;
    }

    /// @inheritdoc IRigShares
    function sharesAvailable(uint256 rigId) external view returns (uint256) {
        return _rigs[rigId].totalShares - _distributor().rigStream(rigId).totalShares;
    }

    /// @inheritdoc IRigShares
    function positionOf(uint256 positionId) external view returns (uint256 rigId, uint256 shares) {
        _requireOwned(positionId);
        return (PositionId.rigOf(positionId), _distributor().sharesOf(positionId));
    }

    /// @inheritdoc IRigShares
    function beneficiaryOf(uint256 positionId) external view returns (address) {
        return _ownerOf(positionId);
    }

    /// @inheritdoc IERC4907
    function userOf(uint256 tokenId) external view returns (address) {
        IRewardDistributor.Rental memory r = _distributor().rentalOf(tokenId);
        return block.timestamp <= r.expires ? r.user : address(0);
    }

    /// @inheritdoc IERC4907
    function userExpires(uint256 tokenId) external view returns (uint256) {
        return _distributor().rentalOf(tokenId).expires;
    }

    /// @inheritdoc IRigShares
    function proceedsOf(address account, IERC20 token) external view returns (uint256) {
        return _proceeds[account][token];
    }

    /// @inheritdoc IRigShares
    function protocolFeesOf(IERC20 token) external view returns (uint256) {
        return _protocolFees[token];
    }

    /// @inheritdoc IRigShares
    function distributor() external view returns (IRewardDistributor) {
        return _distributor();
    }

    /// @notice Protocol fee in bps and its treasury.
    /// @return feeBps Fee on primary sales, in basis points of the sale price.
    /// @return treasury Receiver of protocol fees.
    function protocolFee() external view returns (uint256 feeBps, address treasury) {
        return (_protocolFeeBps, _treasury);
    }

    /// @notice The metadata renderer.
    function renderer() external view returns (IShareRenderer) {
        return _renderer;
    }

    /// @notice On-chain JSON metadata with an SVG image: rig, shares, share of the rig, TH/s, J/TH.
    /// @param positionId The position (must exist).
    /// @return A `data:application/json;base64,` URI.
    function tokenURI(uint256 positionId) public view override returns (string memory) {
        _requireOwned(positionId);
        return _renderer.tokenURI(positionId, _rigs[PositionId.rigOf(positionId)], _distributor().sharesOf(positionId));
    }

    /// @inheritdoc IERC2981
    /// @dev The rig's operator receives `royaltyBps` of the sale price, rounded down.
    function royaltyInfo(
        uint256 positionId,
        uint256 salePrice
    ) external view returns (address receiver, uint256 royaltyAmount) {
        Rig storage r = _rigs[PositionId.rigOf(positionId)];
        return (r.operator, (salePrice * r.royaltyBps) / _BPS);
    }

    /// @inheritdoc IERC165
    function supportsInterface(
        bytes4 interfaceId
    ) public view override(ERC721, AccessControlDefaultAdminRules, IERC165) returns (bool) {
        return
            interfaceId == type(IERC2981).interfaceId ||
            interfaceId == bytes4(0x49064906) || // ERC-4906
            interfaceId == type(IERC4907).interfaceId ||
            ERC721.supportsInterface(interfaceId) ||
            AccessControlDefaultAdminRules.supportsInterface(interfaceId);
    }

    // ──────────────────────────────── internals ────────────────────────────────

    /// @dev Settles a position to its previous owner before it changes hands. Mints and burns are
    /// settled by `mint`, `split`, `merge` and `burn`; a transfer to oneself changes nothing.
    function _update(address to, uint256 positionId, address auth) internal override returns (address from) {
        from = super._update(to, positionId, auth);
        if (from != address(0) && to != address(0) && from != to) {
            // A rented position cannot move (the distributor reverts); an expired rental ends with the sale.
            if (_distributorWhenNotPaused().onPositionTransferred(positionId, from)) {
                emit UpdateUser(positionId, address(0), 0);
            }
        }
    }

    /// @dev The distributor shares a storage slot with the pause flag (see `LinkedPausable`).
    function _distributor() private view returns (IRewardDistributor) {
        return IRewardDistributor(_linkedContract());
    }

    /// @dev The pause check and the distributor from one storage read, for entry points that call it.
    function _distributorWhenNotPaused() private view returns (IRewardDistributor) {
        return IRewardDistributor(_linkedContractWhenNotPaused());
    }

    function _requireAuthorized(uint256 positionId) private view returns (address owner) {
        owner = _requireOwned(positionId);
        _checkAuthorized(owner, msg.sender, positionId);
    }

    function _rigOfOperator(uint256 rigId) private view returns (Rig storage r) {
        r = _rigs[rigId];
        if (r.status == RigStatus.None) revert RigSharesUnknownRig(rigId);
        if (r.operator != msg.sender) revert RigSharesNotRigOperator(rigId, msg.sender);
    }

    function _validate(RigParams calldata p) private pure {
        uint256 nameLength = bytes(p.name).length;
        if (nameLength == 0 || nameLength > 32) revert RigSharesInvalidParams("name");
        if (p.hashrate == 0) revert RigSharesInvalidParams("hashrate");
        if (p.powerWatts == 0) revert RigSharesInvalidParams("powerWatts");
        if (p.totalShares == 0 || p.totalShares > MAX_TOTAL_SHARES) revert RigSharesInvalidParams("totalShares");
        if (address(p.paymentToken) == address(0)) revert RigSharesInvalidParams("paymentToken");
        if (address(p.payoutToken) == address(0)) revert RigSharesInvalidParams("payoutToken");
        uint256 len = p.epochLength;
        // Windows must line up with 00:00 UTC: an hour or more that divides a day, or whole days, up to 194 days
        // (the distributor keeps the length in 24 bits).
        if (len < 1 hours || len > type(uint24).max || (_DAY % len != 0 && len % _DAY != 0)) {
            revert RigSharesInvalidParams("epochLength");
        }
        if (p.maxEpochPayout == 0 || p.maxEpochPayout > type(uint96).max) {
            revert RigSharesInvalidParams("maxEpochPayout");
        }
        if (p.royaltyBps > MAX_ROYALTY_BPS) revert RigSharesInvalidParams("royaltyBps");
    }

    function _setProtocolFee(uint16 feeBps, address treasury) private {
        if (feeBps > MAX_PROTOCOL_FEE_BPS) revert RigSharesFeeTooHigh(feeBps);
        if (treasury == address(0)) revert RigSharesZeroAddress();
        _protocolFeeBps = feeBps;
        _treasury = treasury;
        emit ProtocolFeeChanged(feeBps, treasury);
    }

    function _setRenderer(IShareRenderer renderer_) private {
        if (address(renderer_) == address(0)) revert RigSharesZeroAddress();
        _renderer = renderer_;
        emit RendererChanged(renderer_);
    }

    function _emitRigMetadataUpdate(uint256 rigId, uint256 lastSerial) private {
        if (lastSerial != 0) {
            emit BatchMetadataUpdate(PositionId.encode(rigId, 1), PositionId.encode(rigId, lastSerial));
        }
    }

    /// @dev Pulls exactly `amount` of `token` from `from`, measuring what arrived.
    function _pullExact(IERC20 token, address from, uint256 amount) private {
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(from, address(this), amount);
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != amount) revert RigSharesPaymentMismatch(amount, received);
    }
}
