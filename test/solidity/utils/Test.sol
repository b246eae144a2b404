// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Vm, VM} from "./Vm.sol";

/// @title Test
/// @notice Minimal base for Solidity tests run by `hardhat test solidity`: the cheatcodes, assertions
/// that revert with a readable message, and `bound` to map fuzz inputs into a range.
/// @dev Assertions revert (never return false), so a failing check fails the test or invariant.
abstract contract Test {
    Vm internal constant vm = VM;

    // ───────────────────────────── assertions ─────────────────────────────

    function assertTrue(bool condition, string memory message) internal pure {
        if (!condition) revert(message);
    }

    function assertFalse(bool condition, string memory message) internal pure {
        if (condition) revert(message);
    }

    function assertEq(uint256 actual, uint256 expected, string memory message) internal pure {
        if (actual != expected) revert(_cmp(message, actual, "!=", expected));
    }

    function assertEq(address actual, address expected, string memory message) internal pure {
        if (actual != expected) {
            revert(_cmp(message, uint256(uint160(actual)), "!=", uint256(uint160(expected))));
        }
    }

    function assertEq(bool actual, bool expected, string memory message) internal pure {
        if (actual != expected) revert(message);
    }

    function assertLe(uint256 a, uint256 b, string memory message) internal pure {
        if (a > b) revert(_cmp(message, a, ">", b));
    }

    function assertLt(uint256 a, uint256 b, string memory message) internal pure {
        if (a >= b) revert(_cmp(message, a, ">=", b));
    }

    function assertGe(uint256 a, uint256 b, string memory message) internal pure {
        if (a < b) revert(_cmp(message, a, "<", b));
    }

    function assertGt(uint256 a, uint256 b, string memory message) internal pure {
        if (a <= b) revert(_cmp(message, a, "<=", b));
    }

    // ───────────────────────────── fuzz helpers ─────────────────────────────

    /// @notice Maps `x` into `[min, max]` (inclusive), keeping small inputs as they are when in range so
    /// the fuzzer's boundary values (0, 1, max) still reach the edges.
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        require(min <= max, "bound: min > max");
        if (x >= min && x <= max) return x;
        uint256 size = max - min;
        if (size == type(uint256).max) return x;
        return min + (x % (size + 1));
    }

    // ───────────────────────────── formatting ─────────────────────────────

    function _cmp(string memory message, uint256 a, string memory op, uint256 b) private pure returns (string memory) {
        return string.concat(message, ": ", _toString(a), " ", op, " ", _toString(b));
    }

    function _toString(uint256 value) internal pure returns (string memory) {
        if (value == 0) return "0";
        uint256 digits;
        for (uint256 v = value; v != 0; v /= 10) ++digits;
        bytes memory buffer = new bytes(digits);
        while (value != 0) {
            buffer[--digits] = bytes1(uint8(48 + (value % 10)));
            value /= 10;
        }
        return string(buffer);
    }
}
