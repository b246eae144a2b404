// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice A rig operator (and so the ERC-2981 royalty receiver) that refuses every payment and every
/// token: it reverts on receiving ether, on any unknown call and on ERC-721 receipt. It acts through
/// `exec`. Used by test/marketAttacks.test.ts to show that pull payments let a fill through anyway.
contract MarketRevertingOperator {
    error MarketRevertingOperatorNotOwner();
    error MarketRevertingOperatorRefused();

    address private immutable _owner;

    constructor() {
        _owner = msg.sender;
    }

    function exec(address target, bytes calldata data) external returns (bytes memory result) {
        if (msg.sender != _owner) revert MarketRevertingOperatorNotOwner();
        bool ok;
        // solhint-disable-next-line avoid-low-level-calls
        (ok, result) = target.call(data);
        if (!ok) {
            // solhint-disable-next-line no-inline-assembly
            assembly ("memory-safe") {
                revert(add(result, 32), mload(result))
            }
        }
    }

    receive() external payable {
        revert MarketRevertingOperatorRefused();
    }

    fallback() external payable {
        revert MarketRevertingOperatorRefused();
    }
}
