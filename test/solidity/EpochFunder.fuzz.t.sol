// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

// Fuzz test of EpochFunder against a Solidity reference of the documented settlement, written without
// MiningMath: for random terms (tariff, fee, SLA threshold), bond, epoch cap and three consecutive signed
// reports (delivered hashrate biased to 0, just below / at the SLA threshold and nominal; gross biased to
// 0 and the oracle's cap for that delivered hashrate), every pushed breakdown equals the reference, the
// operator pays exactly the net, the bond pays exactly the refund, the distributor receives exactly both,
// debt and default carry over, gross + debt out = net + electricity + fee + debt in, a run of epochs whose
// own costs exceed their gross suspends the rig at the limit, and no accepted report is ever too large to
// push. Electricity and debt saturate at 2^96 − 1 for absurd tariffs; the oracle's gross cap is exactly
// expectedReward(delivered) × luck, at most maxEpochPayout. Reports are signed with vm.sign by 2 of 3
// reporters, relayed and pushed by a keeper, as on chain.

import {EpochFunder} from "../../contracts/EpochFunder.sol";
import {HashrateOracle} from "../../contracts/HashrateOracle.sol";
import {IEpochFunder} from "../../contracts/interfaces/IEpochFunder.sol";
import {IHashrateOracle} from "../../contracts/interfaces/IHashrateOracle.sol";
import {IRigShares} from "../../contracts/interfaces/IRigShares.sol";
import {MiningMath} from "../../contracts/libraries/MiningMath.sol";

import {Protocol, ProtocolFixture} from "./utils/ProtocolFixture.sol";

/// @dev The signing cheatcodes this file needs beyond utils/Vm.sol (same cheatcode address).
interface VmSigning {
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);
    function addr(uint256 privateKey) external pure returns (address);
}

contract EpochFunderFuzzTest is ProtocolFixture {
    VmSigning private constant SIGNER = VmSigning(address(uint160(uint256(keccak256("hevm cheat code")))));
    address private constant KEEPER = address(0xCEE9);
    address private constant HOLDER = address(0xA11CE);
    uint256 private constant BPS = 10_000;
    uint128 private constant DIFFICULTY = 110e12;
    uint120 private constant BLOCK_REWARD = 322_500_000;
    uint256 private constant NOMINAL = 200e12;
    uint256 private constant SUSPEND_AFTER = 3;
    uint256 private constant MAX96 = type(uint96).max;
    /// @dev The tariff ceiling of these runs: the widest the funder accepts, so the saturation paths stay
    /// reachable; the electricity bound is then 84 kWh (3,500 W over a day) at that ceiling, ~2^134.
    uint256 private constant CEILING = type(uint128).max;
    uint256 private constant MAX_ELECTRICITY = (((3_500 * DAY) / 3_600) * CEILING) / 1_000;

    Protocol private p;
    HashrateOracle private oracle;
    EpochFunder private funder;
    /// @dev Reporter keys in ascending address order; 2 of 3 sign.
    uint256[3] private _keys;

    /// @dev What one push should do, from the reference.
    struct Expected {
        uint256 gross;
        uint256 electricity;
        uint256 fee;
        uint256 debtIn;
        uint256 net;
        uint256 debtOut;
        uint256 refundOwed;
        uint256 refund;
        /// @dev Electricity or debt out went past 2^96 − 1 and were saturated.
        bool saturated;
    }

    /// @dev Terms of one fuzz run.
    struct Run {
        uint256 rigId;
        uint256 tariff;
        uint256 feeBps;
        uint256 slaBps;
        uint256 maxPayout;
        uint256 streamed;
        bool suspended;
    }

    function setUp() public {
        vm.warp(START);
        p = _deployProtocol();
        oracle = new HashrateOracle(p.shares, p.distributor, 0, ADMIN);
        funder = new EpochFunder(p.shares, p.distributor, oracle, SUSPEND_AFTER, 0, ADMIN);

        uint256[3] memory keys = [uint256(0xA1), uint256(0xB2), uint256(0xC3)];
        // Sort by address (3 elements).
        for (uint256 i; i < 3; ++i) {
            for (uint256 j = i + 1; j < 3; ++j) {
                if (SIGNER.addr(keys[j]) < SIGNER.addr(keys[i])) (keys[i], keys[j]) = (keys[j], keys[i]);
            }
        }
        _keys = keys;
        address[] memory reporters = new address[](3);
        bool[] memory active = new bool[](3);
        for (uint256 i; i < 3; ++i) {
            reporters[i] = SIGNER.addr(keys[i]);
            active[i] = true;
        }

        vm.startPrank(ADMIN);
        oracle.setReporters(reporters, active, 2);
        oracle.setNetwork(
            p.wbtc,
            IHashrateOracle.Network({
                difficulty: DIFFICULTY,
                blockReward: BLOCK_REWARD,
                style: MiningMath.DifficultyStyle.Bitcoin
            })
        );
        oracle.setConsumer(address(funder));
        funder.setMaxTariff(p.wbtc, CEILING);
        p.distributor.setFunder(address(funder));
        p.shares.grantRole(p.shares.ECONOMICS_ROLE(), address(funder));
        vm.stopPrank();

        p.wbtc.mint(OPERATOR, 1_000 * BTC);
        vm.prank(OPERATOR);
        p.wbtc.approve(address(funder), type(uint256).max);
    }

    // ───────────────────────────── fuzz ─────────────────────────────

    function testFuzz_pushedBreakdownsMatchTheReferenceOverThreeEpochs(
        uint256 tariff,
        uint256 feeBps,
        uint256 slaBps,
        uint256 bond,
        uint256 maxPayout,
        uint256 seed
    ) public {
        Run memory run;
        run.tariff = bound(tariff, 0, 400); // sats/kWh: electricity from 0 to ~35,000 sats a day
        run.feeBps = bound(feeBps, 0, funder.MAX_SERVICE_FEE_BPS());
        slaBps = bound(slaBps, 4_000, BPS);
        run.slaBps = slaBps < 5_000 ? 0 : slaBps; // a fifth of the runs without SLA
        run.maxPayout = bound(maxPayout, 1, 60_000);
        bond = bound(bond, 0, 400_000);

        IRigShares.RigParams memory params = _sha256RigParams(p);
        params.maxEpochPayout = uint128(run.maxPayout);
        run.rigId = _registerRig(p, params);
        vm.startPrank(OPERATOR);
        funder.configureRig(run.rigId, run.tariff, run.feeBps, run.slaBps, 50_000);
        if (bond != 0) funder.depositBond(run.rigId, bond);
        vm.stopPrank();
        _mintShares(p, HOLDER, run.rigId, 1_000);

        for (uint256 i; i < 3; ++i) {
            IHashrateOracle.EpochReport memory report = _report(run.rigId, uint256(keccak256(abi.encode(seed, i))));
            _pushAndCheck(run, report);
        }
        assertEq(p.distributor.rigStream(run.rigId).funded, run.streamed, "distributor funded = sum of net + refund");
    }

    /// @dev Tariffs up to uint128 (what the funder accepts) with any energy: electricity and the carried debt
    /// saturate at 2^96 − 1 instead of wrapping, the rig stays pushable, and everything else still matches.
    function testFuzz_breakdown_saturatesElectricityAndDebtAt2to96(
        uint256 tariff,
        uint256 feeBps,
        uint256 seed
    ) public {
        Run memory run;
        run.tariff = bound(tariff, 0, type(uint128).max);
        run.feeBps = bound(feeBps, 0, funder.MAX_SERVICE_FEE_BPS());
        run.maxPayout = BTC;
        run.rigId = _registerRig(p, _sha256RigParams(p));
        vm.prank(OPERATOR);
        funder.configureRig(run.rigId, run.tariff, run.feeBps, 0, 0);
        _mintShares(p, HOLDER, run.rigId, 1_000);
        for (uint256 i; i < 3; ++i) {
            IHashrateOracle.EpochReport memory report = _report(run.rigId, uint256(keccak256(abi.encode(seed, i))));
            _pushAndCheck(run, report);
        }
        assertEq(p.distributor.rigStream(run.rigId).funded, run.streamed, "distributor funded = sum of net");
    }

    /// @dev 2^100 sats/kWh for 1 kWh: 2^100 of electricity is stored as 2^96 − 1, and so is the debt; the next
    /// epoch is still pushed, repaying from a saturated debt in.
    function test_breakdown_saturatesElectricityAndDebtAt2to96() public {
        uint256 rigId = _registerRig(p, _sha256RigParams(p));
        vm.prank(OPERATOR);
        funder.configureRig(rigId, 2 ** 100, 0, 0, 0);
        _mintShares(p, HOLDER, rigId, 1_000);
        IHashrateOracle.EpochReport memory report = _nominalReport(rigId, 5, 1_000);
        _relayAndPush(report);
        IEpochFunder.Breakdown memory b = funder.lastBreakdown(rigId);
        assertEq(b.electricity, MAX96, "electricity saturated");
        assertEq(b.debtOut, MAX96, "debt out saturated");
        assertEq(b.net, 0, "net");
        assertEq(funder.terms(rigId).feeDebt, MAX96, "carried debt saturated");
        assertEq(funder.terms(rigId).negativeRun, 1, "a negative epoch");

        // No energy, 7 sats of gross: not negative (no own costs), repays 7 of the saturated debt.
        report = _nominalReport(rigId, 7, 0);
        _relayAndPush(report);
        b = funder.lastBreakdown(rigId);
        assertEq(b.debtIn, MAX96, "debt in");
        assertEq(b.electricity, 0, "no electricity");
        assertEq(b.debtOut, MAX96 - 7, "debt repaid by the gross");
        assertEq(funder.terms(rigId).feeDebt, MAX96 - 7, "carried debt");
        assertEq(funder.terms(rigId).negativeRun, 0, "run reset");
    }

    /// @dev The oracle's gross cap for any delivered hashrate (up to the tolerated maximum), luck and epoch cap is
    /// exactly ⌊⌊expectedReward(delivered)⌋ × luck / 10,000⌋, at most maxEpochPayout; one unit above it is
    /// rejected as OracleReportOutOfBounds("grossReward", cap + 1, cap) and the cap itself is accepted.
    function testFuzz_grossCap_followsDeliveredHashrateUpToMaxEpochPayout(
        uint256 delivered,
        uint256 maxPayout,
        uint256 luckBps
    ) public {
        delivered = bound(delivered, 0, (NOMINAL * 10_500) / BPS);
        // Half the runs with an epoch cap in the range the network cap reaches, so both bounds bind.
        maxPayout = maxPayout % 2 == 0 ? bound(maxPayout, 1, 70_000) : bound(maxPayout, 1, MAX96);
        luckBps = bound(luckBps, BPS, 50_000);
        vm.prank(ADMIN);
        oracle.setBounds(10_500, luckBps, 3);
        IRigShares.RigParams memory params = _sha256RigParams(p);
        params.maxEpochPayout = uint128(maxPayout);
        uint256 rigId = _registerRig(p, params);

        uint256 expected = (delivered * DAY * BLOCK_REWARD) / (uint256(DIFFICULTY) << 32);
        uint256 cap = (expected * luckBps) / BPS;
        if (cap > maxPayout) cap = maxPayout;
        assertEq(oracle.grossCap(rigId, delivered), cap, "grossCap");

        uint256 epoch = oracle.nextReportEpoch(rigId);
        vm.warp((epoch + 1) * DAY);
        IHashrateOracle.EpochReport memory report = IHashrateOracle.EpochReport({
            rigId: rigId,
            epoch: epoch,
            deliveredHashrate: delivered,
            uptimeBps: BPS,
            grossReward: cap + 1,
            energyWh: 0
        });
        bytes[] memory sigs = _signatures(report);
        vm.expectRevert(
            abi.encodeWithSelector(IHashrateOracle.OracleReportOutOfBounds.selector, "grossReward", cap + 1, cap)
        );
        oracle.submitReport(report, sigs);
        report.grossReward = cap;
        bytes32 reportHash = oracle.submitReport(report, _signatures(report));
        assertEq(uint256(oracle.pendingReport(rigId)), uint256(reportHash), "accepted at the cap");
    }

    /// @dev RigShares refuses an epoch cap the breakdown (uint96) could not hold.
    function testFuzz_registerRig_rejectsMaxEpochPayoutAbove2to96(uint256 maxPayout) public {
        IRigShares.RigParams memory params = _sha256RigParams(p);
        params.maxEpochPayout = uint128(bound(maxPayout, MAX96 + 1, type(uint128).max));
        vm.expectRevert(abi.encodeWithSelector(IRigShares.RigSharesInvalidParams.selector, "maxEpochPayout"));
        vm.prank(OPERATOR);
        p.shares.registerRig(params);
        params.maxEpochPayout = uint128(MAX96);
        (, , , uint256 stored) = p.distributor.epochTerms(_registerRig(p, params));
        assertEq(stored, MAX96, "2^96 - 1 accepted");
    }

    // ───────────────────────────── helpers ─────────────────────────────

    /// @dev A report for the rig's next epoch from `r`: delivered biased to 0 / just below and at the SLA
    /// threshold / nominal / anything up to the tolerated maximum; gross biased to 0 and the oracle's cap.
    function _report(uint256 rigId, uint256 r) private returns (IHashrateOracle.EpochReport memory report) {
        uint256 epoch = oracle.nextReportEpoch(rigId);
        vm.warp((epoch + 1) * DAY + (r % 1_000));
        uint256 maxDelivered = (NOMINAL * 10_500) / BPS;
        uint256 threshold = (NOMINAL * 9_200 + BPS - 1) / BPS;
        uint256 mode = r % 6;
        uint256 delivered =
            mode == 0
                ? 0
                : mode == 1
                    ? threshold - 1
                    : mode == 2
                        ? threshold
                        : mode == 3
                            ? NOMINAL
                            : bound(r >> 16, 0, maxDelivered);
        uint256 cap = oracle.grossCap(rigId, delivered);
        uint256 grossMode = (r >> 8) % 5;
        uint256 gross =
            grossMode == 0
                ? 0
                : grossMode == 1
                    ? cap
                    : bound(r >> 96, 0, cap);
        report = IHashrateOracle.EpochReport({
            rigId: rigId,
            epoch: epoch,
            deliveredHashrate: delivered,
            uptimeBps: bound(r >> 160, 0, BPS),
            grossReward: gross,
            energyWh: bound(r >> 192, 0, (3_500 * DAY * 10_500) / (3_600 * BPS))
        });
    }

    /// @dev The rig's next epoch at the nominal hashrate with `gross` and `energyWh`, time moved to its end.
    function _nominalReport(
        uint256 rigId,
        uint256 gross,
        uint256 energyWh
    ) private returns (IHashrateOracle.EpochReport memory report) {
        uint256 epoch = oracle.nextReportEpoch(rigId);
        vm.warp((epoch + 1) * DAY);
        report = IHashrateOracle.EpochReport({
            rigId: rigId,
            epoch: epoch,
            deliveredHashrate: NOMINAL,
            uptimeBps: BPS,
            grossReward: gross,
            energyWh: energyWh
        });
    }

    function _signatures(IHashrateOracle.EpochReport memory report) private view returns (bytes[] memory sigs) {
        bytes32 digest = oracle.reportDigest(report);
        sigs = new bytes[](2);
        for (uint256 k; k < 2; ++k) {
            (uint8 v, bytes32 r, bytes32 s) = SIGNER.sign(_keys[k], digest);
            sigs[k] = abi.encodePacked(r, s, v);
        }
    }

    function _relayAndPush(IHashrateOracle.EpochReport memory report) private {
        bytes[] memory sigs = _signatures(report);
        vm.prank(KEEPER);
        funder.pushEpochWithReport(report, sigs);
    }

    /// @dev The documented settlement, from the terms in force and the bond and debt before the push.
    function _reference(
        Run memory run,
        IHashrateOracle.EpochReport memory r,
        IEpochFunder.Terms memory t
    ) private pure returns (Expected memory e) {
        e.gross = r.grossReward;
        e.electricity = (r.energyWh * run.tariff) / 1_000;
        // Bounded by the rig's nominal power over the epoch at the ceiling (F2); the debt it adds likewise.
        if (e.electricity > MAX_ELECTRICITY) e.electricity = MAX_ELECTRICITY;
        e.fee = (r.grossReward * run.feeBps) / BPS;
        e.debtIn = t.feeDebt;
        uint256 costs = e.electricity + e.fee + e.debtIn;
        if (r.grossReward >= costs) e.net = r.grossReward - costs;
        else e.debtOut = costs - r.grossReward;
        if (e.debtOut > e.debtIn + MAX_ELECTRICITY) e.debtOut = e.debtIn + MAX_ELECTRICITY;
        // Past the breakdown's width both saturate.
        if (e.electricity > MAX96) (e.electricity, e.saturated) = (MAX96, true);
        if (e.debtOut > MAX96) (e.debtOut, e.saturated) = (MAX96, true);
        if (run.slaBps != 0 && r.deliveredHashrate * BPS < NOMINAL * run.slaBps) {
            e.refundOwed =
                r.deliveredHashrate == 0
                    ? (NOMINAL * DAY * BLOCK_REWARD) / (uint256(DIFFICULTY) << 32)
                    : (r.grossReward * (NOMINAL - r.deliveredHashrate)) / r.deliveredHashrate;
        }
        e.refund = e.refundOwed < t.bond ? e.refundOwed : t.bond;
        uint256 room = run.maxPayout > e.net ? run.maxPayout - e.net : 0;
        if (e.refund > room) e.refund = room;
    }

    /// @dev Pushes `report` and checks everything against the reference.
    function _pushAndCheck(Run memory run, IHashrateOracle.EpochReport memory report) private {
        IEpochFunder.Terms memory before = funder.terms(run.rigId);
        Expected memory e = _reference(run, report, before);
        // The oracle caps gross at maxEpochPayout and net never exceeds gross: every accepted report can be pushed.
        assertLe(e.net, run.maxPayout, "net <= maxEpochPayout");

        uint256 operatorBefore = p.wbtc.balanceOf(OPERATOR);
        uint256 funderBefore = p.wbtc.balanceOf(address(funder));
        uint256 distributorBefore = p.wbtc.balanceOf(address(p.distributor));
        _relayAndPush(report);

        _checkBreakdown(funder.lastBreakdown(run.rigId), report, e);
        assertEq(operatorBefore - p.wbtc.balanceOf(OPERATOR), e.net, "operator pays exactly the net");
        assertEq(funderBefore - p.wbtc.balanceOf(address(funder)), e.refund, "bond pays exactly the refund");
        assertEq(
            p.wbtc.balanceOf(address(p.distributor)) - distributorBefore,
            e.net + e.refund,
            "distributor receives both"
        );
        _checkTerms(run, before, e);
        run.streamed += e.net + e.refund;
    }

    function _checkBreakdown(
        IEpochFunder.Breakdown memory b,
        IHashrateOracle.EpochReport memory r,
        Expected memory e
    ) private pure {
        assertEq(b.epoch, r.epoch, "epoch");
        assertEq(b.gross, r.grossReward, "gross");
        assertEq(b.electricity, e.electricity, "electricity");
        assertEq(b.serviceFee, e.fee, "service fee");
        assertEq(b.debtIn, e.debtIn, "debt in");
        assertEq(b.debtOut, e.debtOut, "debt out");
        assertEq(b.slaRefund, e.refund, "sla refund");
        assertEq(b.net, e.net, "net");
        assertLe(b.net, b.gross, "net <= gross");
        if (!e.saturated) {
            assertEq(
                uint256(b.gross) + b.debtOut,
                uint256(b.net) + b.electricity + b.serviceFee + b.debtIn,
                "gross + debtOut = net + costs + debtIn"
            );
        }
    }

    function _checkTerms(Run memory run, IEpochFunder.Terms memory before, Expected memory e) private view {
        IEpochFunder.Terms memory t = funder.terms(run.rigId);
        assertEq(t.bond, before.bond - e.refund, "bond after refund");
        assertLe(e.refund, before.bond, "refund <= bond");
        assertLe(e.net + e.refund, run.maxPayout, "stream <= maxEpochPayout");
        assertEq(t.feeDebt, e.debtOut, "debt carried");
        assertEq(t.inDefault, before.inDefault || e.refundOwed > before.bond, "default");
        // Negative: the epoch's own costs exceed its gross (older debt does not count).
        uint256 run_ = e.electricity + e.fee > e.gross ? before.negativeRun + 1 : 0;
        assertEq(t.negativeRun, run_, "negative run");
        if (run_ >= SUSPEND_AFTER) run.suspended = true;
        IRigShares.RigStatus expectedStatus =
            run.suspended ? IRigShares.RigStatus.Suspended : IRigShares.RigStatus.Active;
        assertTrue(p.shares.rig(run.rigId).status == expectedStatus, "suspended iff a run reached the limit");
        assertTrue(t.started, "started");
    }
}
