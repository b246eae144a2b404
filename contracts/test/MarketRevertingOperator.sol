// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice A rig operator (and so the ERC-2981 royalty receiver) that refuses every payment and every
/// token: it reverts on receiving ether, on any unknown call and on ERC-721 receipt. It acts through
/// `exec`. Used by test/marketAttacks.test.ts to show that pull payments let a fill through anyway.
contract MarketRevertingOperator {
    address private immutable _owner;

    constructor() {
        _owner = msg.sender;
    }

    function exec(address target, bytes calldata data) external returns (bytes memory result) {
        require(msg.sender == _owner, "MarketRevertingOperator: owner");
        bool ok;
        (ok, result) = target.call(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 32), mload(result))
            }
        }
    }

    receive() external payable {
        revert("MarketRevertingOperator: no payments");
    }

    fallback() external payable {
        revert("MarketRevertingOperator: no calls");
    }
}
