// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IEpochFunder} from "./interfaces/IEpochFunder.sol";
import {IHashrateOracle} from "./interfaces/IHashrateOracle.sol";
import {IRewardDistributor} from "./interfaces/IRewardDistributor.sol";
import {IRigShares} from "./interfaces/IRigShares.sol";
import {MiningMath} from "./libraries/MiningMath.sol";

/// @title EpochFunder
/// @notice Settles every epoch from its oracle report: the operator funds exactly the net, the SLA bond
/// refunds under-delivery, fee debt carries shortfalls, and the distributor streams the result.
contract EpochFunder is IEpochFunder, AccessControlDefaultAdminRules, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice Highest service fee an operator may charge (30% of gross).
    uint256 public constant MAX_SERVICE_FEE_BPS = 3_000;
    /// @notice Delay before new terms apply, so holders see them coming.
    uint256 public constant TERMS_DELAY = 2 days;
    /// @notice Delay before a requested bond withdrawal can be executed.
    uint256 public constant BOND_WITHDRAWAL_DELAY = 7 days;
    /// @notice Epochs after an epoch's end during which only the operator's funds can push its accepted report;
    /// from then on anyone may push it with the net paid from the bond (`pushUnfundedEpoch`).
    uint256 public constant UNFUNDED_AFTER_EPOCHS = 3;
    uint256 private constant _BPS = 10_000;

    /// @dev What the funder needs to know of a rig, gathered from the share token and the distributor.
    struct Rig {
        address operator;
        IERC20 payoutToken;
        uint256 hashrate;
        uint256 powerWatts;
        uint256 epochLength;
        uint256 maxEpochPayout;
    }

    IRigShares private immutable _shares;
    IRewardDistributor private immutable _distributor;
    IHashrateOracle private immutable _oracle;
    uint256 private _suspendAfterEpochs;

    mapping(uint256 rigId => Terms) private _terms;
    mapping(uint256 rigId => Breakdown) private _last;
    mapping(IERC20 payoutToken => uint256) private _maxTariffPerKWh;

    /// @notice Deploys the funder of one share token, distributor and oracle.
    /// @param shares_ The share token.
    /// @param distributor_ The distributor it funds.
    /// @param oracle_ The oracle whose reports it consumes.
    /// @param suspendAfterEpochs_ Consecutive negative epochs after which a rig is suspended.
    /// @param adminDelay Delay of a two-step admin transfer, in seconds.
    /// @param admin Initial admin.
    constructor(
        IRigShares shares_,
        IRewardDistributor distributor_,
        IHashrateOracle oracle_,
        uint256 suspendAfterEpochs_,
        uint48 adminDelay,
        address admin
    ) AccessControlDefaultAdminRules(adminDelay, admin) {
        _shares = shares_;
        _distributor = distributor_;
        _oracle = oracle_;
        _setSuspendAfter(suspendAfterEpochs_);
    }

    // ───────────────────────────── pushing ─────────────────────────────

    /// @inheritdoc IEpochFunder
    function pushEpoch(IHashrateOracle.EpochReport calldata report) external nonReentrant {
        _push(report, false);
    }

    /// @inheritdoc IEpochFunder
    function pushUnfundedEpoch(IHashrateOracle.EpochReport calldata report) external nonReentrant {
        uint256 pushableAt = (report.epoch + 1 + UNFUNDED_AFTER_EPOCHS) * _rigInfo(report.rigId).epochLength;
        if (block.timestamp < pushableAt) revert FunderNotYetUnfunded(report.rigId, report.epoch, pushableAt);
        _push(report, true);
    }

    /// @inheritdoc IEpochFunder
    function pushEpochWithReport(
        IHashrateOracle.EpochReport calldata report,
        bytes[] calldata signatures
    ) external nonReentrant {
        _oracle.submitReport(report, signatures);
        _push(report, false);
    }

    // ───────────────────────────── operator ─────────────────────────────

    /// @inheritdoc IEpochFunder
    function configureRig(
        uint256 rigId,
        uint256 tariffPerKWh,
        uint256 serviceFeeBps,
        uint256 slaThresholdBps,
        uint256 requiredBond
    ) external {
        Rig memory rig = _onlyOperator(rigId);
        Terms storage t = _terms[rigId];
        // Holders buy under the terms they see: once a share exists (`nextSerial` counts every position ever
        // minted or split off), the tariff and fee change only through `proposeTerms` and its delay.
        if (t.started || _shares.rig(rigId).nextSerial != 0) revert FunderAlreadyStarted(rigId);
        _checkTerms(rig.payoutToken, tariffPerKWh, serviceFeeBps);
        if (slaThresholdBps != 0 && (slaThresholdBps < 5_000 || slaThresholdBps > _BPS)) {
            revert FunderInvalidTerms("slaThresholdBps");
        }
        if (requiredBond > type(uint128).max) revert FunderInvalidTerms("requiredBond");
        t.tariffPerKWh = uint128(tariffPerKWh);
        t.serviceFeeBps = uint16(serviceFeeBps);
        t.slaThresholdBps = uint16(slaThresholdBps);
        t.requiredBond = uint128(requiredBond);
        emit TermsConfigured(rigId, tariffPerKWh, serviceFeeBps, slaThresholdBps, requiredBond);
    }

    /// @inheritdoc IEpochFunder
    function proposeTerms(uint256 rigId, uint256 tariffPerKWh, uint256 serviceFeeBps) external {
        Rig memory rig = _onlyOperator(rigId);
        _checkTerms(rig.payoutToken, tariffPerKWh, serviceFeeBps);
        Terms storage t = _terms[rigId];
        uint256 effectiveAt = block.timestamp + TERMS_DELAY;
        t.pendingTariffPerKWh = uint128(tariffPerKWh);
        t.pendingServiceFeeBps = uint16(serviceFeeBps);
        t.pendingEffectiveAt = uint64(effectiveAt); // a timestamp plus 2 days
        emit TermsProposed(rigId, tariffPerKWh, serviceFeeBps, effectiveAt);
    }

    /// @inheritdoc IEpochFunder
    function depositBond(uint256 rigId, uint256 amount) external nonReentrant {
        if (amount == 0) revert FunderInvalidTerms("amount");
        IERC20 payoutToken = _rigInfo(rigId).payoutToken;
        Terms storage t = _terms[rigId];
        uint256 bond = t.bond + amount;
        if (bond > type(uint128).max) revert FunderInvalidTerms("bond");
        t.bond = uint128(bond); // checked above
        if (t.inDefault && bond >= t.requiredBond) {
            t.inDefault = false;
            emit DefaultCured(rigId);
        }
        emit BondChanged(rigId, int256(amount), bond);
        _pullExact(payoutToken, msg.sender, address(this), amount);
    }

    /// @inheritdoc IEpochFunder
    function requestBondWithdrawal(uint256 rigId, uint256 amount) external {
        _onlyOperator(rigId);
        Terms storage t = _terms[rigId];
        uint256 available = _withdrawable(t);
        if (amount == 0 || amount > available) revert FunderBondLocked(rigId, available);
        uint256 readyAt = block.timestamp + BOND_WITHDRAWAL_DELAY;
        // Fit: `amount ≤ available ≤ bond` (a uint128); `readyAt` is a timestamp plus 7 days.
        t.withdrawalAmount = uint128(amount);
        t.withdrawalReadyAt = uint64(readyAt);
        emit BondWithdrawalRequested(rigId, amount, readyAt);
    }

    /// @inheritdoc IEpochFunder
    function withdrawBond(uint256 rigId) external nonReentrant returns (uint256 amount) {
        Rig memory rig = _onlyOperator(rigId);
        Terms storage t = _terms[rigId];
        uint256 readyAt = t.withdrawalReadyAt;
        if (readyAt == 0 || block.timestamp < readyAt) revert FunderWithdrawalNotReady(rigId, readyAt);
        // The bond may have paid refunds since the request: never go below the required minimum.
        uint256 available = _withdrawable(t);
        amount = t.withdrawalAmount < available ? t.withdrawalAmount : available;
        if (amount == 0) revert FunderBondLocked(rigId, 0);
        t.bond -= uint128(amount); // amount ≤ available ≤ bond
        t.withdrawalAmount = 0;
        t.withdrawalReadyAt = 0;
        emit BondChanged(rigId, -int256(amount), t.bond);
        rig.payoutToken.safeTransfer(rig.operator, amount);
    }

    /// @inheritdoc IEpochFunder
    function declareBackup(uint256 rigId, uint256 backupHashrate) external {
        _onlyOperator(rigId);
        if (backupHashrate > type(uint128).max) revert FunderInvalidTerms("backupHashrate");
        Terms storage t = _terms[rigId];
        t.backupHashrate = uint128(backupHashrate); // checked above
        if (backupHashrate == 0 && t.onBackup) {
            t.onBackup = false;
            emit FailoverSwitched(rigId, false);
        }
        emit BackupDeclared(rigId, backupHashrate);
    }

    /// @inheritdoc IEpochFunder
    function setOnBackup(uint256 rigId, bool onBackup) external {
        _onlyOperator(rigId);
        Terms storage t = _terms[rigId];
        if (onBackup && t.backupHashrate == 0) revert FunderNoBackup(rigId);
        t.onBackup = onBackup;
        emit FailoverSwitched(rigId, onBackup);
    }

    /// @inheritdoc IEpochFunder
    function setMaxTariff(IERC20 payoutToken, uint256 maxTariffPerKWh) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (maxTariffPerKWh > type(uint128).max) revert FunderInvalidTerms("maxTariffPerKWh");
        _maxTariffPerKWh[payoutToken] = maxTariffPerKWh;
        emit MaxTariffSet(payoutToken, maxTariffPerKWh);
    }

    /// @notice Sets how many consecutive negative epochs suspend a rig.
    /// @param epochs Epochs (≥ 1).
    function setSuspendAfterEpochs(uint256 epochs) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setSuspendAfter(epochs);
    }

    // ───────────────────────────── views ─────────────────────────────

    /// @inheritdoc IEpochFunder
    function terms(uint256 rigId) external view returns (Terms memory) {
        return _terms[rigId];
    }

    /// @inheritdoc IEpochFunder
    function lastBreakdown(uint256 rigId) external view returns (Breakdown memory) {
        return _last[rigId];
    }

    /// @inheritdoc IEpochFunder
    function previewBreakdown(
        IHashrateOracle.EpochReport calldata report
    ) external view returns (Breakdown memory breakdown) {
        Terms memory t = _terms[report.rigId];
        _applyDue(t, report.epoch * _rigInfo(report.rigId).epochLength);
        (breakdown, ) = _settle(report, t, _rigInfo(report.rigId));
    }

    /// @inheritdoc IEpochFunder
    function maxTariff(IERC20 payoutToken) external view returns (uint256) {
        return _maxTariffPerKWh[payoutToken];
    }

    /// @inheritdoc IEpochFunder
    function maxElectricity(uint256 rigId) external view returns (uint256) {
        return _maxElectricity(_rigInfo(rigId));
    }

    /// @notice Consecutive negative epochs after which a rig is suspended.
    /// @return Epochs.
    function suspendAfterEpochs() external view returns (uint256) {
        return _suspendAfterEpochs;
    }

    // ───────────────────────────── internals ─────────────────────────────

    /// @dev Settles and funds `report`: from the operator's approved tokens, or, for an epoch the operator left
    /// unfunded (`fromBond`), from the bond, which then pays the net first and the SLA refund with what is left.
    function _push(IHashrateOracle.EpochReport calldata report, bool fromBond) private {
        uint256 rigId = report.rigId;
        // Check: the oracle accepted exactly this report and it was not pushed before.
        _oracle.consumeReport(report);
        Rig memory rig = _rigInfo(rigId);

        // Effects: terms due, the breakdown, the bond, debt and the rig's condition.
        Terms storage stored = _terms[rigId];
        Terms memory t = _load(stored);
        if (_applyDue(t, report.epoch * rig.epochLength)) emit TermsApplied(rigId, t.tariffPerKWh, t.serviceFeeBps);
        (Breakdown memory b, uint256 refundOwed) = _settle(report, t, rig);
        bool exhausted;
        if (fromBond) {
            exhausted = _payFromBond(rigId, report.epoch, t, b, refundOwed, rig.maxEpochPayout);
        } else if (refundOwed > t.bond) {
            t.inDefault = true;
            emit RigDefaulted(rigId, refundOwed, b.slaRefund);
        }
        t.bond -= b.slaRefund;
        t.feeDebt = b.debtOut;
        t.started = true;
        // An epoch is negative when its own costs exceed its gross (repaying older debt does not count).
        bool suspend;
        if (uint256(b.electricity) + b.serviceFee > b.gross) {
            // Saturates: a rig deep in debt must still be pushable.
            if (t.negativeRun < type(uint16).max) ++t.negativeRun;
            suspend = t.negativeRun >= _suspendAfterEpochs;
        } else {
            t.negativeRun = 0;
        }
        _store(stored, t);
        _last[rigId] = b;
        emit EpochSettled(rigId, report.epoch, b);
        // Only a change of status is reported: a rig already suspended or retired stays as it is.
        if (suspend && _shares.suspendRig(rigId)) emit RigSuspendedForDebt(rigId, t.negativeRun);
        if (exhausted && _shares.suspendRig(rigId)) emit RigSuspendedForDefault(rigId);

        // Interaction: the net and the bond's refund go straight to the distributor, measured.
        uint256 amount = uint256(b.net) + b.slaRefund;
        if (amount != 0) {
            address distributor = address(_distributor);
            uint256 before = rig.payoutToken.balanceOf(distributor);
            // An unfunded epoch's net comes from the bond this contract holds, like every refund.
            uint256 fromOperator = fromBond ? 0 : b.net;
            if (fromOperator != 0) rig.payoutToken.safeTransferFrom(rig.operator, distributor, fromOperator);
            if (amount != fromOperator) rig.payoutToken.safeTransfer(distributor, amount - fromOperator);
            uint256 received = rig.payoutToken.balanceOf(distributor) - before;
            if (received != amount) revert FunderTransferMismatch(amount, received);
        }
        _distributor.fundEpoch(rigId, report.epoch, amount);
    }

    /// @dev For an epoch the operator did not fund: the bond pays its net, then what it can of the refund
    /// (updating `t` and `b` in memory). What the bond cannot pay is lost to holders and reported; the rig
    /// defaults, and the caller suspends it once the bond is gone (returned), so its books close with every
    /// funded unit streamed and none promised unbacked.
    function _payFromBond(
        uint256 rigId,
        uint256 epoch,
        Terms memory t,
        Breakdown memory b,
        uint256 refundOwed,
        uint256 maxEpochPayout
    ) private returns (bool exhausted) {
        uint256 netOwed = b.net;
        uint256 bond = t.bond;
        uint256 netPaid = netOwed < bond ? netOwed : bond;
        uint256 refund = refundOwed < bond - netPaid ? refundOwed : bond - netPaid;
        uint256 room = maxEpochPayout - netPaid; // netPaid ≤ gross ≤ maxEpochPayout
        if (refund > room) refund = room;
        // Fit: both are at most the breakdown's net and the bond, so below 2^96 and 2^128.
        b.net = uint96(netPaid);
        b.slaRefund = uint96(refund);
        // The caller takes the refund off the bond, as for a funded epoch.
        t.bond = uint128(bond - netPaid);
        exhausted = t.bond == refund;
        t.inDefault = true;
        emit UnfundedEpochPushed(rigId, epoch, netOwed, netPaid, netOwed - netPaid);
        emit RigDefaulted(rigId, netOwed + refundOwed, netPaid + refund);
    }

    /// @dev The breakdown of `r` under terms `t`, and the full SLA refund owed (before the bond and cap).
    function _settle(
        IHashrateOracle.EpochReport calldata r,
        Terms memory t,
        Rig memory rig
    ) private view returns (Breakdown memory b, uint256 refundOwed) {
        uint256 gross = r.grossReward;
        // Electricity is bounded by the rig's nominal power over the epoch at the token's tariff ceiling, so
        // neither a tariff in force from before a lower ceiling nor any report can charge more.
        uint256 electricityCap = _maxElectricity(rig);
        uint256 electricity = MiningMath.electricityCost(r.energyWh, t.tariffPerKWh);
        if (electricity > electricityCap) electricity = electricityCap;
        // Rounds down: the fee never exceeds its rate.
        uint256 serviceFee = (gross * t.serviceFeeBps) / _BPS;
        (uint256 net, uint256 debtOut) = MiningMath.settle(gross, electricity, serviceFee, t.feeDebt);
        // One epoch adds at most its electricity bound to the debt (its fee is at most 30% of its gross, so it
        // never adds debt on its own); explicit, so that no change of the fee rules can lift the cap.
        uint256 debtCap = uint256(t.feeDebt) + electricityCap;
        if (debtOut > debtCap) debtOut = debtCap;
        // gross, fee, net and refund are below maxEpochPayout < 2^96; the electricity and the debt saturate at
        // 2^96 − 1 instead of blocking the rig (unreachable under any ceiling below 2^128 in practice).
        if (electricity > type(uint96).max) electricity = type(uint96).max;
        if (debtOut > type(uint96).max) debtOut = type(uint96).max;

        if (t.slaThresholdBps != 0) {
            // With nothing delivered there is no gross per hash: value the outage at the network's expectation.
            uint256 expectedForNominal =
                r.deliveredHashrate == 0 ? _oracle.expectedReward(rig.payoutToken, rig.hashrate, rig.epochLength) : 0;
            refundOwed = MiningMath.slaRefund(
                rig.hashrate,
                r.deliveredHashrate,
                t.slaThresholdBps,
                gross,
                expectedForNominal
            );
        }
        // One epoch's stream is capped by the distributor; the bond pays what it can within the cap.
        uint256 room = rig.maxEpochPayout > net ? rig.maxEpochPayout - net : 0;
        uint256 refund = refundOwed < t.bond ? refundOwed : t.bond;
        if (refund > room) refund = room;
        b = Breakdown({
            epoch: uint64(r.epoch),
            gross: uint96(gross),
            electricity: uint96(electricity),
            serviceFee: uint96(serviceFee),
            debtIn: uint96(t.feeDebt),
            debtOut: uint96(debtOut),
            slaRefund: uint96(refund),
            net: uint96(net)
        });
    }

    /// @dev Applies pending terms whose time has come; returns whether it did.
    /// Terms apply to epochs that start once they are in effect, never to an epoch already under way.
    function _applyDue(Terms memory t, uint256 epochStart) private pure returns (bool) {
        if (t.pendingEffectiveAt == 0 || epochStart < t.pendingEffectiveAt) return false;
        t.tariffPerKWh = t.pendingTariffPerKWh;
        t.serviceFeeBps = t.pendingServiceFeeBps;
        t.pendingTariffPerKWh = 0;
        t.pendingServiceFeeBps = 0;
        t.pendingEffectiveAt = 0;
        return true;
    }

    /// @dev Loads the fields a push reads (slots 0, 1 and 3), skipping the bond minimum, backup and withdrawal.
    function _load(Terms storage s) private view returns (Terms memory t) {
        t.tariffPerKWh = s.tariffPerKWh;
        t.serviceFeeBps = s.serviceFeeBps;
        t.slaThresholdBps = s.slaThresholdBps;
        t.negativeRun = s.negativeRun;
        t.started = s.started;
        t.onBackup = s.onBackup;
        t.inDefault = s.inDefault;
        t.feeDebt = s.feeDebt;
        t.bond = s.bond;
        t.pendingTariffPerKWh = s.pendingTariffPerKWh;
        t.pendingServiceFeeBps = s.pendingServiceFeeBps;
        t.pendingEffectiveAt = s.pendingEffectiveAt;
    }

    /// @dev Writes back what a push changes.
    function _store(Terms storage s, Terms memory t) private {
        s.tariffPerKWh = t.tariffPerKWh;
        s.serviceFeeBps = t.serviceFeeBps;
        s.negativeRun = t.negativeRun;
        s.started = t.started;
        s.inDefault = t.inDefault;
        s.feeDebt = t.feeDebt;
        s.bond = t.bond;
        if (s.pendingEffectiveAt != t.pendingEffectiveAt) {
            s.pendingTariffPerKWh = 0;
            s.pendingServiceFeeBps = 0;
            s.pendingEffectiveAt = 0;
        }
    }

    function _withdrawable(Terms storage t) private view returns (uint256) {
        uint256 bond = t.bond;
        uint256 required = t.requiredBond;
        return bond > required ? bond - required : 0;
    }

    /// @dev The most electricity one epoch of `rig` can cost: nominal power × epoch length at the ceiling.
    function _maxElectricity(Rig memory rig) private view returns (uint256) {
        // Wh over the epoch; powerWatts and the length are bounded (uint32 and 24 bits), the ceiling < 2^128.
        return MiningMath.electricityCost((rig.powerWatts * rig.epochLength) / 3600, _maxTariffPerKWh[rig.payoutToken]);
    }

    function _checkTerms(IERC20 payoutToken, uint256 tariffPerKWh, uint256 serviceFeeBps) private view {
        uint256 ceiling = _maxTariffPerKWh[payoutToken];
        if (tariffPerKWh > ceiling) revert FunderTariffAboveCeiling(tariffPerKWh, ceiling);
        if (serviceFeeBps > MAX_SERVICE_FEE_BPS) revert FunderInvalidTerms("serviceFeeBps");
    }

    function _onlyOperator(uint256 rigId) private view returns (Rig memory rig) {
        rig = _rigInfo(rigId);
        if (rig.operator != msg.sender) revert FunderNotRigOperator(rigId, msg.sender);
    }

    function _rigInfo(uint256 rigId) private view returns (Rig memory rig) {
        (rig.operator, rig.hashrate, rig.powerWatts) = _shares.rigSpec(rigId);
        if (rig.operator == address(0)) revert FunderUnknownRig(rigId);
        (rig.payoutToken, rig.epochLength, , rig.maxEpochPayout) = _distributor.epochTerms(rigId);
    }

    function _setSuspendAfter(uint256 epochs) private {
        if (epochs == 0 || epochs > type(uint16).max) revert FunderInvalidTerms("suspendAfterEpochs");
        _suspendAfterEpochs = epochs;
    }

    /// @dev Pulls exactly `amount` of `token` from `from` to `to`, measuring what arrived.
    function _pullExact(IERC20 token, address from, address to, uint256 amount) private {
        uint256 before = token.balanceOf(to);
        token.safeTransferFrom(from, to, amount);
        uint256 received = token.balanceOf(to) - before;
        if (received != amount) revert FunderTransferMismatch(amount, received);
    }
}
