// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IRewardDistributor} from "../interfaces/IRewardDistributor.sol";
import {IRigShares} from "../interfaces/IRigShares.sol";

/// @notice Test-only reader for test/model.test.ts: returns, in one `eth_call` and as one flat word array
/// (cheap to decode), every distributor view the model-based test compares after each action. It only
/// forwards the distributor's, share token's and payout tokens' own views; it computes nothing.
/// @dev Layout of the result, in order:
///   block.timestamp;
///   per rig: rewardPerShareX18, lastUpdate, rateX18, periodEnd, totalShares, carryX18, nextEpoch,
///     payoutToken, epochLength, unallocatedX18, maxEpochPayout, funded, undistributed(rig)  (13 words);
///   per position: pendingReward, shares, paidX18, beneficiaryOf  (4 words);
///   per account, per token: claimableBalance, token balance of the account  (2 words);
///   per token: liabilities, token balance of the distributor  (2 words).
contract RewardModelProbe {
    uint256 internal constant RIG_WORDS = 13;
    uint256 internal constant POSITION_WORDS = 4;

    function snapshot(
        IRewardDistributor distributor,
        IRigShares shares,
        uint256[] calldata rigIds,
        uint256[] calldata positionIds,
        address[] calldata accounts,
        IERC20[] calldata tokens
    ) external view returns (uint256[] memory out) {
        out = new uint256[](
            1 +
                rigIds.length * RIG_WORDS +
                positionIds.length * POSITION_WORDS +
                accounts.length * tokens.length * 2 +
                tokens.length * 2
        );
        uint256 k;
        out[k++] = block.timestamp;
        for (uint256 i; i < rigIds.length; ++i) {
            IRewardDistributor.RigStream memory s = distributor.rigStream(rigIds[i]);
            out[k++] = s.rewardPerShareX18;
            out[k++] = s.lastUpdate;
            out[k++] = s.rateX18;
            out[k++] = s.periodEnd;
            out[k++] = s.totalShares;
            out[k++] = s.carryX18;
            out[k++] = s.nextEpoch;
            out[k++] = uint256(uint160(address(s.payoutToken)));
            out[k++] = s.epochLength;
            out[k++] = s.unallocatedX18;
            out[k++] = s.maxEpochPayout;
            out[k++] = s.funded;
            out[k++] = distributor.undistributed(rigIds[i]);
        }
        for (uint256 i; i < positionIds.length; ++i) {
            IRewardDistributor.Position memory p = distributor.position(positionIds[i]);
            out[k++] = distributor.pendingReward(positionIds[i]);
            out[k++] = p.shares;
            out[k++] = p.paidX18;
            out[k++] = uint256(uint160(shares.beneficiaryOf(positionIds[i])));
        }
        for (uint256 a; a < accounts.length; ++a) {
            for (uint256 t; t < tokens.length; ++t) {
                out[k++] = distributor.claimableBalance(accounts[a], tokens[t]);
                out[k++] = tokens[t].balanceOf(accounts[a]);
            }
        }
        for (uint256 t; t < tokens.length; ++t) {
            out[k++] = distributor.liabilities(tokens[t]);
            out[k++] = tokens[t].balanceOf(address(distributor));
        }
    }
}
