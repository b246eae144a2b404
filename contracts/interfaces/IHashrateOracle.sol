// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {MiningMath} from "../libraries/MiningMath.sol";

/// @title IHashrateOracle
/// @notice k-of-n reporters sign what each rig produced per epoch (EIP-712); anyone relays. A report is
/// accepted once, in order, for this chain and this contract only, and only within bounds derived from
/// the rig's nominal hashrate and the coin's network parameters.
interface IHashrateOracle {
    /// @notice What a rig produced during one epoch, as the reporters attest it.
    /// @param rigId The rig.
    /// @param epoch The epoch (see `IRewardDistributor.epochAt`).
    /// @param deliveredHashrate Average hashrate delivered over the epoch, in H/s (backup capacity included).
    /// @param uptimeBps Share of the epoch the rig was hashing, in basis points (≤ 10,000).
    /// @param grossReward Coins the rig mined in the epoch, in payout-token base units.
    /// @param energyWh Energy the rig used in the epoch, in Wh.
    struct EpochReport {
        uint256 rigId;
        uint256 epoch;
        uint256 deliveredHashrate;
        uint256 uptimeBps;
        uint256 grossReward;
        uint256 energyWh;
    }

    /// @notice Network parameters of the coin a payout token stands for.
    /// @param difficulty Network difficulty.
    /// @param blockReward Block subsidy plus average fees, in payout-token base units.
    /// @param style How difficulty maps to hashes per block.
    struct Network {
        uint128 difficulty;
        uint120 blockReward;
        MiningMath.DifficultyStyle style;
    }

    /// @notice The signer is not a reporter.
    error OracleNotReporter(address signer);
    /// @notice Signers must be strictly ascending (this also rules out duplicates).
    error OracleSignersNotAscending(address signer, address previous);
    /// @notice Fewer valid signatures than the threshold.
    error OracleInsufficientSignatures(uint256 valid, uint256 threshold);
    /// @notice Reports are accepted in order: `expected` is next for the rig, `given` was submitted.
    error OracleEpochOutOfOrder(uint256 rigId, uint256 expected, uint256 given);
    /// @notice The epoch has not ended yet.
    error OracleEpochNotEnded(uint256 rigId, uint256 epoch);
    /// @notice A report for this epoch was already accepted and waits to be pushed.
    error OracleReportPending(uint256 rigId, uint256 epoch);
    /// @notice A report field is out of bounds; `field` names it and `limit` is its bound.
    error OracleReportOutOfBounds(string field, uint256 value, uint256 limit);
    /// @notice The rig is unknown.
    error OracleUnknownRig(uint256 rigId);
    /// @notice No network parameters are set for the rig's payout token.
    error OracleNetworkUnset(IERC20 payoutToken);
    /// @notice The report does not match the accepted, unconsumed report of its rig.
    error OracleReportNotAccepted(uint256 rigId, uint256 epoch);
    /// @notice Only the consumer (the epoch funder) may consume reports.
    error OracleOnlyConsumer(address caller);
    /// @notice A configuration value is out of range; `what` names it.
    error OracleInvalidConfig(string what);

    /// @notice A report was accepted for `rigId` and `epoch`.
    /// @param rigId The rig.
    /// @param epoch The epoch.
    /// @param reportHash EIP-712 struct hash of the report.
    /// @param report The report.
    event ReportAccepted(uint256 indexed rigId, uint256 indexed epoch, bytes32 reportHash, EpochReport report);
    /// @notice The accepted report of `rigId` for `epoch` was consumed by the funder.
    /// @param rigId The rig.
    /// @param epoch The epoch.
    event ReportConsumed(uint256 indexed rigId, uint256 indexed epoch);
    /// @notice `reporter` was added (`active`) or removed.
    /// @param reporter The reporter.
    /// @param active Whether it may sign from now on.
    event ReporterSet(address indexed reporter, bool active);
    /// @notice The signature threshold changed.
    /// @param threshold Valid signatures now required.
    event ThresholdSet(uint256 threshold);
    /// @notice Network parameters of a payout token changed.
    /// @param payoutToken The payout token.
    /// @param network The new parameters.
    event NetworkSet(IERC20 indexed payoutToken, Network network);
    /// @notice Report bounds or the staleness rule changed.
    /// @param toleranceBps Delivered hashrate may reach `nominal × toleranceBps / 10,000`.
    /// @param luckBps Gross may reach `expected × luckBps / 10,000`.
    /// @param staleAfterEpochs Epochs without a report after which a rig is stale.
    event BoundsSet(uint256 toleranceBps, uint256 luckBps, uint256 staleAfterEpochs);
    /// @notice The consumer allowed to consume reports was set.
    /// @param consumer The epoch funder.
    event ConsumerSet(address consumer);

    /// @notice Accepts a report signed by at least `threshold` distinct reporters.
    /// @dev Requirements: `signatures` from reporters in strictly ascending signer order; the report is for
    /// the rig's next epoch (the distributor's), which has ended and has no accepted report yet; the report
    /// is within bounds. Emits `ReportAccepted`.
    /// @param report The report.
    /// @param signatures 65-byte ECDSA signatures over the report's EIP-712 digest (low-s only).
    /// @return reportHash The report's EIP-712 struct hash.
    function submitReport(
        EpochReport calldata report,
        bytes[] calldata signatures
    ) external returns (bytes32 reportHash);

    /// @notice Marks the accepted report as consumed. Only the consumer (the epoch funder).
    /// @dev Reverts `OracleReportNotAccepted` unless `report` is exactly the rig's accepted, unconsumed report.
    /// @param report The report being pushed.
    function consumeReport(EpochReport calldata report) external;

    /// @notice EIP-712 digest the reporters sign for `report`.
    /// @param report The report.
    /// @return The digest.
    function reportDigest(EpochReport calldata report) external view returns (bytes32);

    /// @notice The next epoch a report is expected for.
    /// @param rigId The rig.
    /// @return The epoch.
    function nextReportEpoch(uint256 rigId) external view returns (uint256);

    /// @notice Struct hash of the accepted report of the rig's next epoch, waiting to be pushed (zero if none).
    /// @param rigId The rig.
    /// @return The hash.
    function pendingReport(uint256 rigId) external view returns (bytes32);

    /// @notice Finished epochs of the rig without an accepted report.
    /// @param rigId The rig.
    /// @return The count.
    function epochsBehind(uint256 rigId) external view returns (uint256);

    /// @notice Whether the rig has gone `staleAfterEpochs` finished epochs or more without a report.
    /// @param rigId The rig.
    /// @return True when stale.
    function isStale(uint256 rigId) external view returns (bool);

    /// @notice Expected gross of `hashrate` over `duration` seconds for `payoutToken`'s network.
    /// @param payoutToken The payout token (its coin's network parameters are used).
    /// @param hashrate Hashrate in H/s.
    /// @param duration Seconds.
    /// @return Expected reward in payout-token base units.
    function expectedReward(IERC20 payoutToken, uint256 hashrate, uint256 duration) external view returns (uint256);

    /// @notice Expected gross of `rigId`'s nominal hashrate over one day: the number the ROI calculator
    /// starts from, computed with the same math and parameters as the report bounds.
    /// @param rigId The rig.
    /// @return Expected reward per day in payout-token base units.
    function expectedDailyRevenue(uint256 rigId) external view returns (uint256);

    /// @notice Largest gross reward a report of `rigId` delivering `deliveredHashrate` may carry: the expected
    /// reward of that hashrate over one epoch times the luck bound, and never above `maxEpochPayout`.
    /// @param rigId The rig.
    /// @param deliveredHashrate Average delivered hashrate in H/s.
    /// @return cap The cap in payout-token base units.
    function grossCap(uint256 rigId, uint256 deliveredHashrate) external view returns (uint256 cap);

    /// @notice Whether `account` is a reporter.
    /// @param account The account.
    /// @return True for a reporter.
    function isReporter(address account) external view returns (bool);

    /// @notice Number of reporters and the signature threshold.
    /// @return count Reporters.
    /// @return threshold Signatures required.
    function reporterSet() external view returns (uint256 count, uint256 threshold);

    /// @notice Network parameters of `payoutToken`'s coin.
    /// @param payoutToken The payout token.
    /// @return The parameters.
    function network(IERC20 payoutToken) external view returns (Network memory);
}
