// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Receivers of a `CallbackERC20` transfer get this hook, like ERC-777 / ERC-1363 tokens.
interface ITokenReceiverHook {
    function onTokenTransfer(address from, uint256 amount) external;
}

/// @notice Hostile token: after every transfer it calls the recipient (and the sender, if registered),
/// giving them a chance to re-enter whoever moved the tokens.
contract CallbackERC20 is ERC20 {
    mapping(address account => bool) public hooked;

    constructor() ERC20("Callback Token", "CBK") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Opt in to transfer callbacks.
    function setHooked(bool on) external {
        hooked[msg.sender] = on;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (to != address(0) && hooked[to]) ITokenReceiverHook(to).onTokenTransfer(from, value);
        if (from != address(0) && hooked[from]) ITokenReceiverHook(from).onTokenTransfer(from, value);
    }
}
