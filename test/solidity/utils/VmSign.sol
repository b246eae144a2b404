// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title VmSign
/// @notice The signing cheatcodes of Hardhat's EDR test runner (Foundry-compatible), beside the ones in
/// `Vm.sol`: derive an address from a private key and sign a digest with it (for EIP-712 orders).
interface VmSign {
    function addr(uint256 privateKey) external pure returns (address);
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);
}

/// @dev The cheatcode address: `address(uint160(uint256(keccak256("hevm cheat code"))))`.
VmSign constant VM_SIGN = VmSign(address(uint160(uint256(keccak256("hevm cheat code")))));
