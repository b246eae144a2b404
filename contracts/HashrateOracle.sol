// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";

import {IHashrateOracle} from "./interfaces/IHashrateOracle.sol";
import {IRewardDistributor} from "./interfaces/IRewardDistributor.sol";
import {IRigShares} from "./interfaces/IRigShares.sol";
import {MiningMath} from "./libraries/MiningMath.sol";

/// @title HashrateOracle
/// @notice Verifies k-of-n EIP-712 epoch reports. The rig's next reportable epoch is the distributor's next
/// epoch, and a new report is accepted only after the previous one was pushed, so reports can neither be
/// replayed, reordered nor skipped. Reporters have no other power: only the admin rotates them.
contract HashrateOracle is IHashrateOracle, AccessControlDefaultAdminRules, EIP712 {
    /// @notice Role allowed to update coins' network parameters (difficulty, block reward).
    bytes32 public constant NETWORK_ROLE = keccak256("NETWORK_ROLE");
    /// @notice EIP-712 type of a report.
    bytes32 public constant EPOCH_REPORT_TYPEHASH = keccak256(
        "EpochReport(uint256 rigId,uint256 epoch,uint256 deliveredHashrate,uint256 uptimeBps,uint256 grossReward,uint256 energyWh)"
    );
    uint256 private constant _BPS = 10_000;

    IRigShares private immutable _shares;
    IRewardDistributor private immutable _distributor;

    // Slot: consumer | toleranceBps | luckBps | staleAfterEpochs
    address private _consumer;
    uint16 private _toleranceBps;
    uint32 private _luckBps;
    uint32 private _staleAfterEpochs;
    // Slot: reporter count | threshold
    uint128 private _reporterCount;
    uint128 private _threshold;

    mapping(address account => bool) private _reporters;
    mapping(IERC20 payoutToken => Network) private _networks;
    mapping(uint256 rigId => mapping(uint256 epoch => bytes32 reportHash)) private _pending;

    /// @notice Deploys the oracle for one share token and distributor.
    /// @param shares_ The share token (nominal hashrate and power of rigs).
    /// @param distributor_ The distributor (payout token, epoch length and next epoch of rigs).
    /// @param adminDelay Delay of a two-step admin transfer, in seconds.
    /// @param admin Initial admin; also gets `NETWORK_ROLE`.
    constructor(
        IRigShares shares_,
        IRewardDistributor distributor_,
        uint48 adminDelay,
        address admin
    ) AccessControlDefaultAdminRules(adminDelay, admin) EIP712("Rigshare Hashrate Oracle", "1") {
        _shares = shares_;
        _distributor = distributor_;
        _grantRole(NETWORK_ROLE, admin);
        _setBounds(10_500, 20_000, 3);
    }

    // ───────────────────────────── relaying ─────────────────────────────

    /// @inheritdoc IHashrateOracle
    function submitReport(
        EpochReport calldata report,
        bytes[] calldata signatures
    ) external returns (bytes32 reportHash) {
        uint256 rigId = report.rigId;
        // Check: the rig's next epoch, ended, nothing pending, within bounds, signed by k reporters.
        (IERC20 payoutToken, uint256 epochLength, uint256 next, uint256 maxEpochPayout) = _epochTermsFull(rigId);
        if (_pending[rigId][next] != bytes32(0)) revert OracleReportPending(rigId, next);
        if (report.epoch != next) revert OracleEpochOutOfOrder(rigId, next, report.epoch);
        if (block.timestamp < (next + 1) * epochLength) revert OracleEpochNotEnded(rigId, next);
        _checkBounds(report, payoutToken, epochLength, maxEpochPayout);
        reportHash = _hashReport(report);
        _verifySignatures(_hashTypedDataV4(reportHash), signatures);

        // Effects
        _pending[rigId][next] = reportHash;
        emit ReportAccepted(rigId, next, reportHash, report);
    }

    /// @inheritdoc IHashrateOracle
    function consumeReport(EpochReport calldata report) external {
        if (msg.sender != _consumer) revert OracleOnlyConsumer(msg.sender);
        uint256 rigId = report.rigId;
        bytes32 pending = _pending[rigId][report.epoch];
        if (pending == bytes32(0) || pending != _hashReport(report))
            revert OracleReportNotAccepted(rigId, report.epoch);
        delete _pending[rigId][report.epoch];
        emit ReportConsumed(rigId, report.epoch);
    }

    // ───────────────────────────── admin ─────────────────────────────

    /// @notice Adds or removes reporters, then sets the threshold. Only the admin: no reporter can rotate
    /// the set, alone or together.
    /// @param reporters Accounts to change.
    /// @param active Whether each becomes (true) or stops being (false) a reporter.
    /// @param threshold Signatures required from now on (1 ≤ threshold ≤ reporters).
    function setReporters(
        address[] calldata reporters,
        bool[] calldata active,
        uint256 threshold
    ) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (reporters.length != active.length) revert OracleInvalidConfig("lengths");
        uint256 count = _reporterCount;
        for (uint256 i; i < reporters.length; ++i) {
            address reporter = reporters[i];
            if (reporter == address(0)) revert OracleInvalidConfig("reporter");
            if (_reporters[reporter] == active[i]) continue;
            _reporters[reporter] = active[i];
            count = active[i] ? count + 1 : count - 1;
            emit ReporterSet(reporter, active[i]);
        }
        if (threshold == 0 || threshold > count) revert OracleInvalidConfig("threshold");
        // Fit: `count` is a number of distinct addresses set one call at a time, `threshold ≤ count`.
        _reporterCount = uint128(count);
        _threshold = uint128(threshold);
        emit ThresholdSet(threshold);
    }

    /// @notice Sets the network parameters of the coin `payoutToken` stands for.
    /// @param payoutToken The payout token.
    /// @param network_ Difficulty, block reward (subsidy + average fees) and difficulty style.
    function setNetwork(IERC20 payoutToken, Network calldata network_) external onlyRole(NETWORK_ROLE) {
        if (network_.difficulty == 0 || network_.blockReward == 0) revert OracleInvalidConfig("network");
        _networks[payoutToken] = network_;
        emit NetworkSet(payoutToken, network_);
    }

    /// @notice Sets the report bounds and the staleness rule.
    /// @param toleranceBps Delivered hashrate may reach `nominal × toleranceBps / 10,000` (10,000–15,000).
    /// @param luckBps Gross may reach the expected reward × `luckBps / 10,000` (10,000–50,000).
    /// @param staleAfterEpochs Finished epochs without a report after which a rig is stale (≥ 1).
    function setBounds(
        uint256 toleranceBps,
        uint256 luckBps,
        uint256 staleAfterEpochs
    ) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setBounds(toleranceBps, luckBps, staleAfterEpochs);
    }

    /// @notice Sets the one contract allowed to consume reports (the epoch funder); callable once.
    /// @param consumer_ The epoch funder.
    function setConsumer(address consumer_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (_consumer != address(0) || consumer_ == address(0)) revert OracleInvalidConfig("consumer");
        _consumer = consumer_;
        emit ConsumerSet(consumer_);
    }

    // ───────────────────────────── views ─────────────────────────────

    /// @inheritdoc IHashrateOracle
    function reportDigest(EpochReport calldata report) external view returns (bytes32) {
        return _hashTypedDataV4(_hashReport(report));
    }

    /// @inheritdoc IHashrateOracle
    function nextReportEpoch(uint256 rigId) external view returns (uint256 next) {
        (, , next) = _epochTerms(rigId);
    }

    /// @inheritdoc IHashrateOracle
    function pendingReport(uint256 rigId) external view returns (bytes32) {
        (, , uint256 next) = _epochTerms(rigId);
        return _pending[rigId][next];
    }

    /// @inheritdoc IHashrateOracle
    function epochsBehind(uint256 rigId) public view returns (uint256) {
        (, uint256 epochLength, uint256 next) = _epochTerms(rigId);
        uint256 current = block.timestamp / epochLength;
        // Epochs `next .. current - 1` have ended without a pushed report (a pending one counts as done).
        uint256 behind = current > next ? current - next : 0;
        if (behind != 0 && _pending[rigId][next] != bytes32(0)) --behind;
        return behind;
    }

    /// @inheritdoc IHashrateOracle
    function isStale(uint256 rigId) external view returns (bool) {
        return epochsBehind(rigId) >= _staleAfterEpochs;
    }

    /// @inheritdoc IHashrateOracle
    function expectedReward(IERC20 payoutToken, uint256 hashrate, uint256 duration) public view returns (uint256) {
        Network memory n = _networks[payoutToken];
        if (n.difficulty == 0) revert OracleNetworkUnset(payoutToken);
        return MiningMath.expectedReward(hashrate, duration, n.difficulty, n.blockReward, n.style);
    }

    /// @inheritdoc IHashrateOracle
    function expectedDailyRevenue(uint256 rigId) external view returns (uint256) {
        (IERC20 payoutToken, , ) = _epochTerms(rigId);
        (, uint256 nominal, ) = _shares.rigSpec(rigId);
        return expectedReward(payoutToken, nominal, 1 days);
    }

    /// @inheritdoc IHashrateOracle
    function grossCap(uint256 rigId, uint256 deliveredHashrate) public view returns (uint256 cap) {
        (IERC20 payoutToken, uint256 epochLength, , uint256 maxEpochPayout) = _epochTermsFull(rigId);
        cap = _grossCap(payoutToken, deliveredHashrate, epochLength);
        if (cap > maxEpochPayout) cap = maxEpochPayout;
    }

    /// @inheritdoc IHashrateOracle
    function isReporter(address account) external view returns (bool) {
        return _reporters[account];
    }

    /// @inheritdoc IHashrateOracle
    function reporterSet() external view returns (uint256 count, uint256 threshold) {
        return (_reporterCount, _threshold);
    }

    /// @inheritdoc IHashrateOracle
    function network(IERC20 payoutToken) external view returns (Network memory) {
        return _networks[payoutToken];
    }

    /// @notice Report bounds and the staleness rule.
    /// @return toleranceBps Delivered hashrate bound, bps of nominal.
    /// @return luckBps Gross bound, bps of the expected reward.
    /// @return staleAfterEpochs Epochs without a report after which a rig is stale.
    function bounds() external view returns (uint256 toleranceBps, uint256 luckBps, uint256 staleAfterEpochs) {
        return (_toleranceBps, _luckBps, _staleAfterEpochs);
    }

    /// @notice The epoch funder allowed to consume reports.
    /// @return The consumer.
    function consumer() external view returns (address) {
        return _consumer;
    }

    // ───────────────────────────── internals ─────────────────────────────

    function _epochTerms(uint256 rigId) private view returns (IERC20 payoutToken, uint256 epochLength, uint256 next) {
        (payoutToken, epochLength, next, ) = _epochTermsFull(rigId);
    }

    function _epochTermsFull(
        uint256 rigId
    ) private view returns (IERC20 payoutToken, uint256 epochLength, uint256 next, uint256 maxEpochPayout) {
        (payoutToken, epochLength, next, maxEpochPayout) = _distributor.epochTerms(rigId);
        if (epochLength == 0) revert OracleUnknownRig(rigId);
    }

    function _checkBounds(
        EpochReport calldata r,
        IERC20 payoutToken,
        uint256 epochLength,
        uint256 maxEpochPayout
    ) private view {
        (, uint256 nominal, uint256 powerWatts) = _shares.rigSpec(r.rigId);
        uint256 tolerance = _toleranceBps;
        if (r.uptimeBps > _BPS) revert OracleReportOutOfBounds("uptimeBps", r.uptimeBps, _BPS);
        uint256 maxDelivered = (nominal * tolerance) / _BPS;
        if (r.deliveredHashrate > maxDelivered) {
            revert OracleReportOutOfBounds("deliveredHashrate", r.deliveredHashrate, maxDelivered);
        }
        // Wh = W × s / 3600, with the same tolerance (a backup may draw a little more).
        uint256 maxEnergy = (powerWatts * epochLength * tolerance) / (3600 * _BPS);
        if (r.energyWh > maxEnergy) revert OracleReportOutOfBounds("energyWh", r.energyWh, maxEnergy);
        // Gross follows what was delivered (with luck), so a low hashrate cannot carry a large gross and
        // inflate the SLA refund; and it never exceeds what one epoch may stream.
        uint256 maxGross = _grossCap(payoutToken, r.deliveredHashrate, epochLength);
        if (maxGross > maxEpochPayout) maxGross = maxEpochPayout;
        if (r.grossReward > maxGross) revert OracleReportOutOfBounds("grossReward", r.grossReward, maxGross);
    }

    /// @dev The most `hashrate` could mine in one epoch with `luckBps` of luck.
    function _grossCap(IERC20 payoutToken, uint256 hashrate, uint256 epochLength) private view returns (uint256) {
        return (expectedReward(payoutToken, hashrate, epochLength) * _luckBps) / _BPS;
    }

    function _verifySignatures(bytes32 digest, bytes[] calldata signatures) private view {
        address previous;
        uint256 length = signatures.length;
        for (uint256 i; i < length; ++i) {
            // Reverts on malformed or high-s (malleated) signatures.
            address signer = ECDSA.recover(digest, signatures[i]);
            if (signer <= previous) revert OracleSignersNotAscending(signer, previous);
            if (!_reporters[signer]) revert OracleNotReporter(signer);
            previous = signer;
        }
        uint256 threshold = _threshold;
        if (length < threshold || threshold == 0) revert OracleInsufficientSignatures(length, threshold);
    }

    function _hashReport(EpochReport calldata r) private pure returns (bytes32) {
        return
            keccak256(
                abi.encode(
                    EPOCH_REPORT_TYPEHASH,
                    r.rigId,
                    r.epoch,
                    r.deliveredHashrate,
                    r.uptimeBps,
                    r.grossReward,
                    r.energyWh
                )
            );
    }

    function _setBounds(uint256 toleranceBps, uint256 luckBps, uint256 staleAfterEpochs) private {
        if (toleranceBps < _BPS || toleranceBps > 15_000) revert OracleInvalidConfig("toleranceBps");
        if (luckBps < _BPS || luckBps > 50_000) revert OracleInvalidConfig("luckBps");
        if (staleAfterEpochs == 0 || staleAfterEpochs > type(uint32).max)
            revert OracleInvalidConfig("staleAfterEpochs");
        // Fit: each value is range-checked above.
        _toleranceBps = uint16(toleranceBps);
        _luckBps = uint32(luckBps);
        _staleAfterEpochs = uint32(staleAfterEpochs);
        emit BoundsSet(toleranceBps, luckBps, staleAfterEpochs);
    }
}
