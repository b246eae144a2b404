// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

import {IRewardDistributor} from "../interfaces/IRewardDistributor.sol";

/// @notice Stand-in share token for market tests that need what RigShares forbids: an ERC-2981 royalty
/// of any size (RigShares caps it at 10%). It implements exactly the calls `ShareMarket` makes
/// (`distributor`, `beneficiaryOf`, `position`, `split`, `setUser`, `royaltyInfo` and ERC-721) and is its
/// own "distributor". Positions carry shares and a version bumped by transfers and splits, like the real one.
/// Used by test/marketAttacks.test.ts.
contract MarketMockShares is ERC721 {
    error MarketMockSharesInvalidSplit(uint256 shares);
    error MarketMockSharesNoRentals();

    mapping(uint256 positionId => IRewardDistributor.Position) private _positions;
    uint256 private _nextId;
    address public royaltyReceiver;
    /// @dev Royalty in bps of the sale price; above 10,000 asks for more than the price.
    uint256 public royaltyBps;

    constructor(address royaltyReceiver_, uint256 royaltyBps_) ERC721("Mock Position", "MOCK") {
        royaltyReceiver = royaltyReceiver_;
        royaltyBps = royaltyBps_;
    }

    function setRoyalty(address receiver, uint256 bps) external {
        royaltyReceiver = receiver;
        royaltyBps = bps;
    }

    /// @notice Mints a position of `shares` shares of rig 1 to `to`.
    function mint(address to, uint256 shares) external returns (uint256 positionId) {
        positionId = 1e12 + ++_nextId;
        _positions[positionId].shares = uint64(shares);
        _mint(to, positionId);
    }

    function split(uint256 positionId, uint256 shares) external returns (uint256 newPositionId) {
        address owner = _requireOwned(positionId);
        _checkAuthorized(owner, msg.sender, positionId);
        IRewardDistributor.Position storage p = _positions[positionId];
        if (shares == 0 || shares >= p.shares) revert MarketMockSharesInvalidSplit(shares);
        p.shares -= uint64(shares);
        ++p.version;
        newPositionId = 1e12 + ++_nextId;
        _positions[newPositionId].shares = uint64(shares);
        _mint(owner, newPositionId);
    }

    function setUser(uint256, address, uint64) external pure {
        revert MarketMockSharesNoRentals();
    }

    function distributor() external view returns (address) {
        return address(this);
    }

    function beneficiaryOf(uint256 positionId) external view returns (address) {
        return _ownerOf(positionId);
    }

    function position(uint256 positionId) external view returns (IRewardDistributor.Position memory) {
        return _positions[positionId];
    }

    function royaltyInfo(uint256, uint256 salePrice) external view returns (address, uint256) {
        return (royaltyReceiver, (salePrice * royaltyBps) / 10_000);
    }

    function _update(address to, uint256 positionId, address auth) internal override returns (address from) {
        from = super._update(to, positionId, auth);
        if (from != address(0) && to != address(0) && from != to) ++_positions[positionId].version;
    }
}
