// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title MiningMath
/// @notice Mining economics shared by the oracle's bounds, the epoch settlement and (mirrored) the SDK's
/// ROI calculator: expected coins from hashrate and network difficulty, electricity, fees and SLA refunds.
/// @dev All amounts are payout-token base units; hashrates are H/s; energy is Wh; tariffs are base units
/// per kWh. Every division rounds down.
library MiningMath {
    /// @notice How a coin's difficulty relates to hashes per block.
    /// @dev Bitcoin-style: a block takes `difficulty × 2^32` hashes on average (BTC, LTC, BCH).
    /// Monero-style: a block takes `difficulty` hashes (XMR and most CryptoNote / RandomX coins).
    enum DifficultyStyle {
        Bitcoin,
        Monero
    }

    uint256 internal constant BPS = 10_000;

    /// @notice Coins a hashrate is expected to mine over `duration` seconds.
    /// @dev `E = H × t × reward / (D × 2^32)` (Bitcoin-style) or `E = H × t × reward / D` (Monero-style);
    /// computed with full-precision multiplication, rounded down.
    /// @param hashrate Hashrate in H/s.
    /// @param duration Seconds of mining.
    /// @param difficulty Network difficulty.
    /// @param blockReward Subsidy plus average fees per block, in payout-token base units.
    /// @param style How `difficulty` maps to hashes per block.
    /// @return Expected reward in payout-token base units.
    function expectedReward(
        uint256 hashrate,
        uint256 duration,
        uint256 difficulty,
        uint256 blockReward,
        DifficultyStyle style
    ) internal pure returns (uint256) {
        uint256 hashesPerBlock = style == DifficultyStyle.Bitcoin ? difficulty << 32 : difficulty;
        if (hashesPerBlock == 0) return 0;
        return Math.mulDiv(hashrate * duration, blockReward, hashesPerBlock);
    }

    /// @notice Cost of `energyWh` at `tariffPerKWh`, rounded down.
    /// @param energyWh Energy in Wh.
    /// @param tariffPerKWh Price of one kWh in payout-token base units.
    /// @return Cost in payout-token base units.
    function electricityCost(uint256 energyWh, uint256 tariffPerKWh) internal pure returns (uint256) {
        return (energyWh * tariffPerKWh) / 1000;
    }

    /// @notice Splits an epoch's gross into costs and the net streamed to holders, carrying a shortfall
    /// as fee debt: holders never receive a negative, and a debt is repaid from later epochs first.
    /// @param gross Gross reward mined in the epoch.
    /// @param electricity Electricity cost of the epoch.
    /// @param serviceFee Operator's service fee of the epoch.
    /// @param debtIn Fee debt carried from earlier epochs.
    /// @return net What holders receive.
    /// @return debtOut Fee debt carried to the next epoch.
    function settle(
        uint256 gross,
        uint256 electricity,
        uint256 serviceFee,
        uint256 debtIn
    ) internal pure returns (uint256 net, uint256 debtOut) {
        uint256 costs = electricity + serviceFee + debtIn;
        if (gross >= costs) return (gross - costs, 0);
        return (0, costs - gross);
    }

    /// @notice SLA refund of an under-delivering epoch: the missing hashrate valued at the epoch's gross
    /// per delivered hash (or at `expectedForNominal` when nothing was delivered).
    /// @param nominal Nominal hashrate of the rig, H/s.
    /// @param delivered Average delivered hashrate of the epoch, H/s.
    /// @param thresholdBps SLA threshold: no refund while `delivered ≥ nominal × thresholdBps / 10_000`.
    /// @param gross Gross reward of the epoch.
    /// @param expectedForNominal Expected gross of the full nominal hashrate over the epoch.
    /// @return Refund owed to holders, rounded down.
    function slaRefund(
        uint256 nominal,
        uint256 delivered,
        uint256 thresholdBps,
        uint256 gross,
        uint256 expectedForNominal
    ) internal pure returns (uint256) {
        if (delivered * BPS >= nominal * thresholdBps || delivered >= nominal) return 0;
        uint256 missing = nominal - delivered;
        if (delivered == 0) return expectedForNominal;
        return Math.mulDiv(gross, missing, delivered);
    }
}
