// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IRewardDistributor} from "../interfaces/IRewardDistributor.sol";
import {IRigShares} from "../interfaces/IRigShares.sol";
import {CallbackERC20} from "./CallbackERC20.sol";
import {ReentrantActor} from "./ReentrantActor.sol";

/// @notice `ReentrantActor` that can opt itself in to `CallbackERC20` transfer callbacks (the opt-in is
/// keyed by `msg.sender`, so only the actor itself can set it). Used by test/attacks.test.ts.
contract AttacksHookableActor is ReentrantActor {
    constructor(IRigShares shares_, IRewardDistributor distributor_) ReentrantActor(shares_, distributor_) {}

    /// @notice Receive `token`'s transfer callbacks, which re-enter per `mode`.
    function hook(CallbackERC20 token) external {
        token.setHooked(true);
    }
}
