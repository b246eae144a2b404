// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title PositionId
/// @notice A position id carries its rig: `positionId = rigId × STRIDE + serial`, so the rig of any
/// position is known without storage, and a wallet shows ids such as `2000000000007` (rig 2, #7).
library PositionId {
    /// @notice Positions per rig an id can address; serials run from 1 to `STRIDE - 1`.
    uint256 internal constant STRIDE = 1e12;

    /// @notice The id of position `serial` of `rigId`.
    /// @param rigId The rig.
    /// @param serial Serial of the position within the rig (`< STRIDE`).
    /// @return The position id.
    function encode(uint256 rigId, uint256 serial) internal pure returns (uint256) {
        return rigId * STRIDE + serial;
    }

    /// @notice The rig of `positionId`.
    /// @param positionId The position.
    /// @return The rig id.
    function rigOf(uint256 positionId) internal pure returns (uint256) {
        return positionId / STRIDE;
    }
}
