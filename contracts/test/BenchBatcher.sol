// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC721Receiver} from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";

import {IRigShares} from "../interfaces/IRigShares.sol";

/// @notice Benchmark helper (scripts/bench-indexer.ts): generates many real protocol events in few
/// transactions, so an indexer backfill can be measured over tens of thousands of them. Every event comes from
/// the protocol's own contracts through their public functions, exactly as a holder's calls would emit them.
contract BenchBatcher is IERC721Receiver {
    IRigShares private immutable _shares;

    constructor(IRigShares shares_, IERC20 paymentToken) {
        _shares = shares_;
        paymentToken.approve(address(shares_), type(uint256).max);
    }

    /// @notice Mints `count` positions of `sharesEach` shares of `rigId`, paid from this contract's balance.
    /// @return first The first position id minted (the rest follow in serial order).
    function mintMany(uint256 rigId, uint256 count, uint256 sharesEach) external returns (uint256 first) {
        first = _shares.mint(rigId, sharesEach);
        for (uint256 i = 1; i < count; ++i) _shares.mint(rigId, sharesEach);
    }

    /// @notice Transfers each of `positionIds` (held by this contract) to `to`.
    function transferMany(uint256[] calldata positionIds, address to) external {
        for (uint256 i; i < positionIds.length; ++i) _shares.transferFrom(address(this), to, positionIds[i]);
    }

    /// @inheritdoc IERC721Receiver
    function onERC721Received(address, address, uint256, bytes calldata) external pure returns (bytes4) {
        return IERC721Receiver.onERC721Received.selector;
    }
}
