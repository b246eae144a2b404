// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {IERC721Receiver} from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";

/// @notice Buyer contract that re-enters the market from `onERC721Received`: when a position arrives it
/// sends `innerCall` to `innerTarget` (buy, buySigned, fillOffer, rent, withdraw, …), records how that
/// ended, and either swallows the failure or bubbles it up (failing the outer fill). It signs offers as an
/// ERC-1271 wallet (any digest its owner approved). It acts through `exec`. Used by test/marketAttacks.test.ts.
contract MarketReentrantActor is IERC721Receiver, IERC1271 {
    error MarketReentrantActorNotOwner();

    address private immutable _owner;
    address public innerTarget;
    bytes public innerCall;
    bool public bubble;
    uint256 public received;
    bool public attempted;
    bool public innerSucceeded;
    bytes public innerRevert;
    mapping(bytes32 digest => bool) public approvedDigest;

    constructor() {
        _owner = msg.sender;
    }

    function exec(address target, bytes calldata data) external returns (bytes memory result) {
        if (msg.sender != _owner) revert MarketReentrantActorNotOwner();
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

    /// @notice Re-enter `target` with `data` on the next position received; `bubble_` fails the outer call.
    function setInner(address target, bytes calldata data, bool bubble_) external {
        innerTarget = target;
        innerCall = data;
        bubble = bubble_;
    }

    function approveDigest(bytes32 digest) external {
        if (msg.sender != _owner) revert MarketReentrantActorNotOwner();
        approvedDigest[digest] = true;
    }

    function isValidSignature(bytes32 digest, bytes memory) external view returns (bytes4) {
        return approvedDigest[digest] ? IERC1271.isValidSignature.selector : bytes4(0xffffffff);
    }

    function onERC721Received(address, address, uint256, bytes calldata) external returns (bytes4) {
        ++received;
        if (innerTarget != address(0)) {
            attempted = true;
            // solhint-disable-next-line avoid-low-level-calls
            (bool ok, bytes memory ret) = innerTarget.call(innerCall);
            innerSucceeded = ok;
            innerRevert = ret;
            if (!ok && bubble) {
                // solhint-disable-next-line no-inline-assembly
                assembly ("memory-safe") {
                    revert(add(ret, 32), mload(ret))
                }
            }
        }
        return IERC721Receiver.onERC721Received.selector;
    }
}
