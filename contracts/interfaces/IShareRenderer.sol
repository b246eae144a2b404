// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IRigShares} from "./IRigShares.sol";

/// @title IShareRenderer
/// @notice Renders a share position's on-chain metadata (JSON with an embedded SVG image).
interface IShareRenderer {
    /// @notice A `data:application/json;base64,` URI describing `positionId`.
    /// @param positionId The position.
    /// @param rig The rig the position belongs to.
    /// @param shares Shares held by the position.
    function tokenURI(
        uint256 positionId,
        IRigShares.Rig calldata rig,
        uint256 shares
    ) external view returns (string memory);
}
