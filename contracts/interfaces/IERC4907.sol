// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IERC4907
/// @notice ERC-4907 rentable NFTs: an owner grants a `user` role until `expires`.
/// @dev Interface id 0xad092b5c.
interface IERC4907 {
    /// @notice The user of `tokenId` changed (zero user: no user).
    /// @param tokenId The token.
    /// @param user The new user.
    /// @param expires Unix timestamp until which `user` is the user.
    event UpdateUser(uint256 indexed tokenId, address indexed user, uint64 expires);

    /// @notice Sets the user of `tokenId` until `expires`.
    /// @param tokenId The token.
    /// @param user The user (zero to clear an expired rental).
    /// @param expires Unix timestamp until which `user` is the user.
    function setUser(uint256 tokenId, address user, uint64 expires) external;

    /// @notice The user of `tokenId`; zero if none or expired.
    /// @param tokenId The token.
    /// @return The user.
    function userOf(uint256 tokenId) external view returns (address);

    /// @notice When the user of `tokenId` expires; zero if none.
    /// @param tokenId The token.
    /// @return The expiry timestamp.
    function userExpires(uint256 tokenId) external view returns (uint256);
}
