// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IRewardDistributor} from "../interfaces/IRewardDistributor.sol";
import {IRigShares} from "../interfaces/IRigShares.sol";

/// @title PortfolioLens
/// @notice A read-only batch view of positions, never deployed: its creation code and arguments are sent as
/// the data of an `eth_call` with no `to` (a "deployless" read), and the constructor returns the answer in
/// place of runtime code. So any node answers it, on any chain, with nothing deployed beside the protocol.
/// @dev For each id the answer holds 80 bytes, packed: the owner (20 bytes, zero when `ownerOf` reverts —
/// a burned or never-minted id), the position's shares (8) and `paidX18` (20) and its `pendingReward` (32),
/// the last three zero for an unowned id. Returned "code" is capped at 24,576 bytes (EIP-170), so a caller
/// sends at most `MAX_IDS` ids per call (sdk/internal/portfolioLens.ts). `shares` fits 8 bytes and `paidX18`
/// 20 because the distributor stores them as uint64 and uint160.
contract PortfolioLens {
    /// @notice Ids per call: 300 × 80 = 24,000 bytes, under EIP-170's 24,576.
    uint256 public constant MAX_IDS = 300;

    /// @notice More ids than one answer can hold.
    error PortfolioLensTooManyIds(uint256 count);

    /// @notice Answers for `ids` of `shares` and its `distributor` (see the contract's notice for the layout).
    /// @param shares The RigShares token.
    /// @param distributor Its RewardDistributor.
    /// @param ids Position ids, at most `MAX_IDS`.
    constructor(IRigShares shares, IRewardDistributor distributor, uint256[] memory ids) {
        if (ids.length > MAX_IDS) revert PortfolioLensTooManyIds(ids.length);
        bytes memory out = new bytes(ids.length * 80);
        for (uint256 i; i < ids.length; ++i) {
            uint256 id = ids[i];
            address owner;
            try shares.ownerOf(id) returns (address o) {
                owner = o;
            } catch {
                // Burned or never minted: the zero owner says so.
            }
            uint256 shareCount;
            uint256 paidX18;
            uint256 pending;
            if (owner != address(0)) {
                IRewardDistributor.Position memory p = distributor.position(id);
                (shareCount, paidX18) = (p.shares, p.paidX18);
                pending = distributor.pendingReward(id);
            }
            // [owner:20][shares:8][paidX18:20][pending:32], written as three overlapping words left to right.
            uint256 word0 = (uint256(uint160(owner)) << 96) | (shareCount << 32) | (paidX18 >> 128);
            uint256 word1 = paidX18 << 128; // its low 16 bytes; the high ones are in word0
            assembly ("memory-safe") {
                let at := add(add(out, 32), mul(i, 80))
                mstore(at, word0)
                mstore(add(at, 32), word1)
                mstore(add(at, 48), pending) // overwrites word1's zero half
            }
        }
        assembly ("memory-safe") {
            return(add(out, 32), mload(out))
        }
    }
}
