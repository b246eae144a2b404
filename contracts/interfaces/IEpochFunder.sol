// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IHashrateOracle} from "./IHashrateOracle.sol";

/// @title IEpochFunder
/// @notice Turns an accepted oracle report into a funded epoch: net payout = gross − electricity −
/// service fee − fee debt (never negative: a shortfall is carried as fee debt), plus an SLA refund from
/// the operator's bond when the rig under-delivers. The operator funds exactly the net; anyone may push.
interface IEpochFunder {
    /// @notice A rig's economic terms, SLA bond and condition.
    /// @dev Storage: slot 0 tariffPerKWh|serviceFeeBps|slaThresholdBps|negativeRun|started|onBackup|inDefault;
    /// slot 1 feeDebt|bond; slot 2 requiredBond|backupHashrate; slot 3 pending terms; slot 4 bond withdrawal.
    /// @param tariffPerKWh Electricity price in payout-token base units per kWh.
    /// @param serviceFeeBps Operator's service fee, bps of gross.
    /// @param slaThresholdBps Delivered hashrate below `nominal × slaThresholdBps / 10,000` is refunded (0: no SLA).
    /// @param negativeRun Consecutive epochs whose own costs (electricity + fee) exceeded their gross.
    /// @param started Whether an epoch was pushed (terms then change only with a delay).
    /// @param onBackup Whether the rig currently runs on its backup capacity.
    /// @param inDefault Whether the bond could not cover an SLA refund (cleared when the bond is restored).
    /// @param feeDebt Costs not yet covered by gross, repaid from later epochs first.
    /// @param bond SLA bond in payout-token base units.
    /// @param requiredBond Bond below which nothing can be withdrawn.
    /// @param backupHashrate Declared backup capacity, in H/s.
    /// @param pendingTariffPerKWh Tariff taking effect at `pendingEffectiveAt`.
    /// @param pendingServiceFeeBps Service fee taking effect at `pendingEffectiveAt`.
    /// @param pendingEffectiveAt When the pending terms apply (0: none pending).
    /// @param withdrawalAmount Bond amount requested for withdrawal.
    /// @param withdrawalReadyAt When the requested withdrawal may be executed.
    struct Terms {
        uint128 tariffPerKWh;
        uint16 serviceFeeBps;
        uint16 slaThresholdBps;
        uint16 negativeRun;
        bool started;
        bool onBackup;
        bool inDefault;
        uint128 feeDebt;
        uint128 bond;
        uint128 requiredBond;
        uint128 backupHashrate;
        uint128 pendingTariffPerKWh;
        uint16 pendingServiceFeeBps;
        uint64 pendingEffectiveAt;
        uint128 withdrawalAmount;
        uint64 withdrawalReadyAt;
    }

    /// @notice How one epoch's gross became its net.
    /// @param epoch The epoch.
    /// @param gross Gross reward mined.
    /// @param electricity Electricity cost.
    /// @param serviceFee Service fee.
    /// @param debtIn Fee debt carried into the epoch.
    /// @param debtOut Fee debt carried out of the epoch.
    /// @param slaRefund SLA refund paid from the bond into the stream.
    /// @param net Net funded by the operator (the stream gets `net + slaRefund`).
    struct Breakdown {
        uint64 epoch;
        uint96 gross;
        uint96 electricity;
        uint96 serviceFee;
        uint96 debtIn;
        uint96 debtOut;
        uint96 slaRefund;
        uint96 net;
    }

    /// @notice No rig is registered under `rigId`.
    error FunderUnknownRig(uint256 rigId);
    /// @notice The caller is not the rig's operator.
    error FunderNotRigOperator(uint256 rigId, address caller);
    /// @notice A term is out of range; `what` names it.
    error FunderInvalidTerms(string what);
    /// @notice A share of the rig was minted, or it pushed an epoch: terms change only through `proposeTerms`.
    error FunderAlreadyStarted(uint256 rigId);
    /// @notice The withdrawal would leave less than the required bond, or nothing is withdrawable.
    error FunderBondLocked(uint256 rigId, uint256 available);
    /// @notice The requested withdrawal is not ready before `readyAt`.
    error FunderWithdrawalNotReady(uint256 rigId, uint256 readyAt);
    /// @notice The token transfer delivered `received` instead of `expected`.
    error FunderTransferMismatch(uint256 expected, uint256 received);
    /// @notice The rig declared no backup capacity.
    error FunderNoBackup(uint256 rigId);
    /// @notice Epoch `epoch` of `rigId` may be pushed from the bond only from `pushableAt`.
    error FunderNotYetUnfunded(uint256 rigId, uint256 epoch, uint256 pushableAt);
    /// @notice `tariffPerKWh` is above the admin's `ceiling` for the rig's payout token (zero: none set yet).
    error FunderTariffAboveCeiling(uint256 tariffPerKWh, uint256 ceiling);

    /// @notice Epoch `epoch` of `rigId` was settled and funded.
    /// @param rigId The rig.
    /// @param epoch The epoch.
    /// @param breakdown Gross, costs, debt, SLA refund and net.
    event EpochSettled(uint256 indexed rigId, uint256 indexed epoch, Breakdown breakdown);
    /// @notice Initial terms were set.
    /// @param rigId The rig.
    /// @param tariffPerKWh Tariff in payout-token base units per kWh.
    /// @param serviceFeeBps Service fee in bps of gross.
    /// @param slaThresholdBps SLA threshold in bps of nominal hashrate.
    /// @param requiredBond Minimum bond.
    event TermsConfigured(
        uint256 indexed rigId,
        uint256 tariffPerKWh,
        uint256 serviceFeeBps,
        uint256 slaThresholdBps,
        uint256 requiredBond
    );
    /// @notice New terms were proposed; they apply from `effectiveAt`.
    /// @param rigId The rig.
    /// @param tariffPerKWh New tariff.
    /// @param serviceFeeBps New service fee.
    /// @param effectiveAt When they apply.
    event TermsProposed(uint256 indexed rigId, uint256 tariffPerKWh, uint256 serviceFeeBps, uint256 effectiveAt);
    /// @notice Proposed terms took effect.
    /// @param rigId The rig.
    /// @param tariffPerKWh Tariff now in force.
    /// @param serviceFeeBps Service fee now in force.
    event TermsApplied(uint256 indexed rigId, uint256 tariffPerKWh, uint256 serviceFeeBps);
    /// @notice The bond changed.
    /// @param rigId The rig.
    /// @param delta Amount added (positive) or removed (negative).
    /// @param bond Bond after the change.
    event BondChanged(uint256 indexed rigId, int256 delta, uint256 bond);
    /// @notice The operator asked to withdraw `amount` of bond from `readyAt`.
    /// @param rigId The rig.
    /// @param amount Requested amount.
    /// @param readyAt When it may be withdrawn.
    event BondWithdrawalRequested(uint256 indexed rigId, uint256 amount, uint256 readyAt);
    /// @notice The rig's declared backup capacity changed.
    /// @param rigId The rig.
    /// @param backupHashrate Backup capacity in H/s.
    event BackupDeclared(uint256 indexed rigId, uint256 backupHashrate);
    /// @notice The rig switched to (`onBackup`) or back from its backup.
    /// @param rigId The rig.
    /// @param onBackup Whether it now runs on backup.
    event FailoverSwitched(uint256 indexed rigId, bool onBackup);
    /// @notice The bond could not cover an SLA refund of `owed`; the rig is in default.
    /// @param rigId The rig.
    /// @param owed Refund owed.
    /// @param paid Refund paid (the whole remaining bond).
    event RigDefaulted(uint256 indexed rigId, uint256 owed, uint256 paid);
    /// @notice The bond was restored to at least the required minimum; the default is cleared.
    /// @param rigId The rig.
    event DefaultCured(uint256 indexed rigId);
    /// @notice An accepted report the operator left unfunded was pushed with its net paid from the bond.
    /// @param rigId The rig.
    /// @param epoch The epoch.
    /// @param netOwed Net the report settled to.
    /// @param paidFromBond Net the bond paid.
    /// @param shortfall Net the bond could not pay (lost to holders, owed by the operator off chain).
    event UnfundedEpochPushed(
        uint256 indexed rigId,
        uint256 indexed epoch,
        uint256 netOwed,
        uint256 paidFromBond,
        uint256 shortfall
    );
    /// @notice The rig's bond is exhausted after an unfunded epoch: it is suspended.
    /// @param rigId The rig.
    event RigSuspendedForDefault(uint256 indexed rigId);
    /// @notice The admin set the highest tariff rigs paid in `payoutToken` may charge.
    /// @param payoutToken The payout token.
    /// @param maxTariffPerKWh Highest price of one kWh, in its base units.
    event MaxTariffSet(IERC20 indexed payoutToken, uint256 maxTariffPerKWh);
    /// @notice The rig ran `negativeRun` negative epochs in a row (at or past the limit) and is suspended.
    /// @param rigId The rig.
    /// @param negativeRun Consecutive negative epochs.
    event RigSuspendedForDebt(uint256 indexed rigId, uint256 negativeRun);

    /// @notice Pushes an epoch whose report the oracle already accepted. Anyone may call; the operator's
    /// approved payout tokens fund the net.
    /// @param report The accepted report.
    function pushEpoch(IHashrateOracle.EpochReport calldata report) external;

    /// @notice Pushes an accepted report the operator has not funded for `UNFUNDED_AFTER_EPOCHS` epochs after the
    /// epoch's end, so that no operator can freeze a rig (no later report is accepted while one is pending) to
    /// dodge SLA refunds. Anyone may call. The bond pays the net, then what it can of the SLA refund; the rig
    /// goes into default (`inDefault`), and is suspended once the bond is exhausted. What the bond cannot pay is
    /// reported as `shortfall` in `UnfundedEpochPushed`; the epoch is settled and the next one can be reported.
    /// @param report The accepted report.
    function pushUnfundedEpoch(IHashrateOracle.EpochReport calldata report) external;

    /// @notice Relays `report` to the oracle and pushes it, in one transaction.
    /// @param report The report.
    /// @param signatures Reporters' signatures (ascending signer order).
    function pushEpochWithReport(IHashrateOracle.EpochReport calldata report, bytes[] calldata signatures) external;

    /// @notice Sets a rig's initial terms. Only its operator, only before the rig's first share is minted (and so
    /// before its first epoch): after that the tariff and fee change only through `proposeTerms`, behind
    /// `TERMS_DELAY`, and the SLA threshold and required bond stay as sold. The tariff is at most the payout
    /// token's ceiling (`maxTariff`).
    /// @param rigId The rig.
    /// @param tariffPerKWh Tariff in payout-token base units per kWh.
    /// @param serviceFeeBps Service fee in bps of gross (≤ `MAX_SERVICE_FEE_BPS`).
    /// @param slaThresholdBps SLA threshold in bps of nominal hashrate (0 or 5,000–10,000).
    /// @param requiredBond Minimum bond the operator keeps posted.
    function configureRig(
        uint256 rigId,
        uint256 tariffPerKWh,
        uint256 serviceFeeBps,
        uint256 slaThresholdBps,
        uint256 requiredBond
    ) external;

    /// @notice Proposes a new tariff (at most the payout token's ceiling) and service fee, effective after
    /// `TERMS_DELAY` so holders see it coming; they apply to epochs that start at or after that time.
    /// @param rigId The rig.
    /// @param tariffPerKWh New tariff.
    /// @param serviceFeeBps New service fee.
    function proposeTerms(uint256 rigId, uint256 tariffPerKWh, uint256 serviceFeeBps) external;

    /// @notice Adds `amount` of the payout token to the rig's SLA bond. Anyone may top it up.
    /// @param rigId The rig.
    /// @param amount Amount in payout-token base units.
    function depositBond(uint256 rigId, uint256 amount) external;

    /// @notice Asks to withdraw bond above the required minimum, after `BOND_WITHDRAWAL_DELAY`.
    /// @param rigId The rig.
    /// @param amount Amount to withdraw.
    function requestBondWithdrawal(uint256 rigId, uint256 amount) external;

    /// @notice Executes a ready withdrawal, capped at what is still above the required bond.
    /// @param rigId The rig.
    /// @return amount Amount sent to the operator.
    function withdrawBond(uint256 rigId) external returns (uint256 amount);

    /// @notice Declares the rig's backup capacity.
    /// @param rigId The rig.
    /// @param backupHashrate Capacity in H/s.
    function declareBackup(uint256 rigId, uint256 backupHashrate) external;

    /// @notice Records a switch to (`onBackup`) or back from the rig's backup.
    /// @param rigId The rig.
    /// @param onBackup Whether the rig now runs on its backup.
    function setOnBackup(uint256 rigId, bool onBackup) external;

    /// @notice Sets the highest tariff (price of one kWh, in `payoutToken` base units) that rigs paid in
    /// `payoutToken` may propose. Only the admin. It also bounds every epoch's electricity at push time to the
    /// rig's nominal power × epoch length × this ceiling, so a lower ceiling caps tariffs already in force.
    /// @param payoutToken The payout token.
    /// @param maxTariffPerKWh The ceiling (< 2^128).
    function setMaxTariff(IERC20 payoutToken, uint256 maxTariffPerKWh) external;

    /// @notice The tariff ceiling of rigs paid in `payoutToken` (zero: only a zero tariff is accepted).
    /// @param payoutToken The payout token.
    /// @return Highest price of one kWh, in its base units.
    function maxTariff(IERC20 payoutToken) external view returns (uint256);

    /// @notice The most electricity one epoch of `rigId` can be charged, and the most fee debt it can add:
    /// nominal power × epoch length × the tariff ceiling of its payout token.
    /// @param rigId The rig.
    /// @return Payout-token base units.
    function maxElectricity(uint256 rigId) external view returns (uint256);

    /// @notice A rig's terms, bond and condition.
    /// @param rigId The rig.
    /// @return The terms.
    function terms(uint256 rigId) external view returns (Terms memory);

    /// @notice Breakdown of the rig's last pushed epoch.
    /// @param rigId The rig.
    /// @return The breakdown.
    function lastBreakdown(uint256 rigId) external view returns (Breakdown memory);

    /// @notice Breakdown `report` would get if pushed now (terms in effect at the epoch's start applied).
    /// @param report The report.
    /// @return The breakdown.
    function previewBreakdown(IHashrateOracle.EpochReport calldata report) external view returns (Breakdown memory);
}
