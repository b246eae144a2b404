// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Vm
/// @notice The few cheatcodes of Hardhat's EDR test runner (Foundry-compatible) that these tests use.
/// forge-std cannot be installed here, so the interface is declared by hand.
/// @dev `expectRevert(bytes4)` matches only revert data that is exactly the 4-byte selector; for a custom
/// error with arguments use `expectRevert(abi.encodeWithSelector(...))` or `expectPartialRevert(selector)`.
interface Vm {
    function warp(uint256 timestamp) external;
    function roll(uint256 blockNumber) external;
    function prank(address sender) external;
    function startPrank(address sender) external;
    function stopPrank() external;
    function expectRevert() external;
    function expectRevert(bytes4 revertData) external;
    function expectRevert(bytes calldata revertData) external;
    function expectPartialRevert(bytes4 selector) external;
    function assume(bool condition) external pure;
}

/// @dev The cheatcode address: `address(uint160(uint256(keccak256("hevm cheat code"))))`.
Vm constant VM = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
