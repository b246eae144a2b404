// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

// Fuzz tests of the mining economics (MiningMath): settlement never pays more than gross and conserves
// gross + debt out = net + electricity + fee + debt in; SLA refunds are zero at or above the threshold and
// otherwise exactly ⌊gross × missing / delivered⌋ (never above gross × nominal / delivered); expected
// rewards are exact against the closed formulas for bounded inputs and monotonic in hashrate and time.
// Widths follow what the contracts store: amounts and debts uint128, difficulty uint128, block reward
// uint120, hashrates uint128.

import {MiningMath} from "../../contracts/libraries/MiningMath.sol";

import {Test} from "./utils/Test.sol";

contract MiningMathTest is Test {
    uint256 private constant BPS = 10_000;
    uint256 private constant U128 = type(uint128).max;

    // ───────────────────────────── settle ─────────────────────────────

    function testFuzz_settle_netNeverExceedsGrossAndConserves(
        uint256 gross,
        uint256 electricity,
        uint256 serviceFee,
        uint256 debtIn
    ) public pure {
        gross = bound(gross, 0, U128);
        electricity = bound(electricity, 0, U128);
        serviceFee = bound(serviceFee, 0, U128);
        debtIn = bound(debtIn, 0, U128);

        (uint256 net, uint256 debtOut) = MiningMath.settle(gross, electricity, serviceFee, debtIn);
        assertLe(net, gross, "net <= gross");
        assertEq(gross + debtOut, net + electricity + serviceFee + debtIn, "gross + debtOut = net + costs + debtIn");
        assertTrue(net == 0 || debtOut == 0, "never both a payout and a debt");
        uint256 costs = electricity + serviceFee + debtIn;
        assertEq(net, gross >= costs ? gross - costs : 0, "net");
        assertEq(debtOut, gross >= costs ? 0 : costs - gross, "debt out");
    }

    function testFuzz_settle_repaysDebtBeforeHolders(uint256 gross, uint256 costs, uint256 debtIn) public pure {
        gross = bound(gross, 0, U128);
        costs = bound(costs, 0, gross);
        debtIn = bound(debtIn, 1, U128);
        (uint256 net, uint256 debtOut) = MiningMath.settle(gross, costs, 0, debtIn);
        // Holders get only what is left of the epoch's margin once the debt is repaid.
        uint256 margin = gross - costs;
        assertEq(net, margin > debtIn ? margin - debtIn : 0, "net after repayment");
        assertEq(debtOut, debtIn > margin ? debtIn - margin : 0, "debt after repayment");
    }

    function test_settle_feesAboveGrossBecomeDebt() public pure {
        // The smoke example: 9,000 gross, 80,000 electricity, 180 fee.
        (uint256 net, uint256 debtOut) = MiningMath.settle(9_000, 80_000, 180, 0);
        assertEq(net, 0, "net");
        assertEq(debtOut, 71_180, "debt");
        (net, debtOut) = MiningMath.settle(100_000, 5_000, 2_000, 71_180);
        assertEq(net, 21_820, "repaid first");
        assertEq(debtOut, 0, "debt cleared");
    }

    // ───────────────────────────── electricity ─────────────────────────────

    function testFuzz_electricityCost_isWhTimesTariffOverThousandRoundedDown(
        uint256 energyWh,
        uint256 tariff
    ) public pure {
        energyWh = bound(energyWh, 0, U128);
        tariff = bound(tariff, 0, U128);
        uint256 cost = MiningMath.electricityCost(energyWh, tariff);
        assertEq(cost, (energyWh * tariff) / 1000, "cost");
        assertLe(cost * 1000, energyWh * tariff, "rounded down");
        assertLt(energyWh * tariff - cost * 1000, 1000, "by less than one unit");
    }

    function test_electricityCost_200THsRigAt17_5JPerTH() public pure {
        // 200 TH/s × 17.5 J/TH = 3,500 W → 84 kWh a day, 0.42 kWh per TH per day; at 60 sat/kWh: 5,040 sats.
        assertEq(MiningMath.electricityCost(84_000, 60), 5_040, "a day");
        assertEq(MiningMath.electricityCost(420, 1000), 420, "0.42 kWh per TH per day at 1000/kWh");
    }

    // ───────────────────────────── slaRefund ─────────────────────────────

    function testFuzz_slaRefund_isZeroAtOrAboveTheThreshold(
        uint256 nominal,
        uint256 delivered,
        uint256 thresholdBps,
        uint256 gross,
        uint256 expectedForNominal
    ) public pure {
        nominal = bound(nominal, 1, U128);
        thresholdBps = bound(thresholdBps, 0, BPS);
        // Smallest delivered hashrate that meets the threshold: ⌈nominal × threshold / 10,000⌉.
        uint256 atThreshold = (nominal * thresholdBps + BPS - 1) / BPS;
        delivered = bound(delivered, atThreshold, U128);
        gross = bound(gross, 0, U128);
        expectedForNominal = bound(expectedForNominal, 0, U128);
        assertEq(MiningMath.slaRefund(nominal, delivered, thresholdBps, gross, expectedForNominal), 0, "no refund");
    }

    function testFuzz_slaRefund_isGrossPerDeliveredHashTimesMissing(
        uint256 nominal,
        uint256 delivered,
        uint256 thresholdBps,
        uint256 gross
    ) public pure {
        nominal = bound(nominal, 2, U128);
        thresholdBps = bound(thresholdBps, 5_000, BPS);
        uint256 atThreshold = (nominal * thresholdBps + BPS - 1) / BPS;
        vm.assume(atThreshold > 1);
        delivered = bound(delivered, 1, atThreshold - 1);
        gross = bound(gross, 0, type(uint96).max);

        uint256 refund = MiningMath.slaRefund(nominal, delivered, thresholdBps, gross, type(uint256).max);
        uint256 missing = nominal - delivered;
        // gross < 2^96 and missing < 2^128: the product fits in 256 bits, so this reference is exact.
        assertEq(refund, (gross * missing) / delivered, "refund");
        assertLe(refund * delivered, gross * missing, "rounded down");
        assertLe(refund, (gross * nominal) / delivered, "at most gross x nominal / delivered");
    }

    function testFuzz_slaRefund_nothingDeliveredRefundsTheNominalExpectation(
        uint256 nominal,
        uint256 thresholdBps,
        uint256 gross,
        uint256 expectedForNominal
    ) public pure {
        nominal = bound(nominal, 1, U128);
        thresholdBps = bound(thresholdBps, 1, BPS);
        gross = bound(gross, 0, U128);
        expectedForNominal = bound(expectedForNominal, 0, U128);
        assertEq(
            MiningMath.slaRefund(nominal, 0, thresholdBps, gross, expectedForNominal),
            expectedForNominal,
            "outage"
        );
    }

    function testFuzz_slaRefund_disabledThresholdNeverRefunds(
        uint256 nominal,
        uint256 delivered,
        uint256 gross
    ) public pure {
        nominal = bound(nominal, 0, U128);
        delivered = bound(delivered, 0, U128);
        gross = bound(gross, 0, U128);
        assertEq(MiningMath.slaRefund(nominal, delivered, 0, gross, 1e30), 0, "threshold 0");
    }

    function testFuzz_slaRefund_neverGrowsWhenMoreIsDelivered(
        uint256 nominal,
        uint256 d1,
        uint256 d2,
        uint256 thresholdBps,
        uint256 gross
    ) public pure {
        nominal = bound(nominal, 2, U128);
        thresholdBps = bound(thresholdBps, 5_000, BPS);
        d1 = bound(d1, 1, nominal);
        d2 = bound(d2, d1, U128);
        gross = bound(gross, 0, type(uint96).max);
        assertLe(
            MiningMath.slaRefund(nominal, d2, thresholdBps, gross, 0),
            MiningMath.slaRefund(nominal, d1, thresholdBps, gross, 0),
            "monotone"
        );
    }

    function test_slaRefund_examples() public pure {
        // 150 of 200 TH/s, 8,846 gross: 8,846 × 50 / 150 = 2,948.67 → 2,948.
        assertEq(MiningMath.slaRefund(200e12, 150e12, 9_200, 8_846, 0), 2_948, "75%");
        // Exactly 92%: nothing; one H/s less: refunded.
        assertEq(MiningMath.slaRefund(200e12, 184e12, 9_200, 10_000, 0), 0, "at threshold");
        assertEq(MiningMath.slaRefund(200e12, 184e12 - 1, 9_200, 10_000, 0), 869, "just below");
    }

    // ───────────────────────────── expectedReward ─────────────────────────────

    function testFuzz_expectedReward_exactAgainstTheClosedFormulas(
        uint256 hashrate,
        uint256 duration,
        uint256 difficulty,
        uint256 blockReward,
        bool monero
    ) public pure {
        // 2^80 H/s × 2^32 s × 2^120 < 2^256: the plain product is exact here.
        hashrate = bound(hashrate, 0, 2 ** 80);
        duration = bound(duration, 0, 2 ** 32);
        difficulty = bound(difficulty, 1, U128);
        blockReward = bound(blockReward, 0, type(uint120).max);
        MiningMath.DifficultyStyle style =
            monero ? MiningMath.DifficultyStyle.Monero : MiningMath.DifficultyStyle.Bitcoin;
        uint256 hashesPerBlock = monero ? difficulty : difficulty * 2 ** 32;
        assertEq(
            MiningMath.expectedReward(hashrate, duration, difficulty, blockReward, style),
            (hashrate * duration * blockReward) / hashesPerBlock,
            "E"
        );
    }

    function testFuzz_expectedReward_monotonicInHashrateAndDuration(
        uint256 h1,
        uint256 h2,
        uint256 t1,
        uint256 t2,
        uint256 difficulty,
        uint256 blockReward,
        bool monero
    ) public pure {
        // 2^90 H/s × 2^40 s × 2^120: the reward itself fits in 256 bits even at difficulty 1.
        h1 = bound(h1, 0, 2 ** 90);
        h2 = bound(h2, h1, 2 ** 90);
        t1 = bound(t1, 0, 2 ** 40);
        t2 = bound(t2, t1, 2 ** 40);
        difficulty = bound(difficulty, 1, U128);
        blockReward = bound(blockReward, 0, type(uint120).max);
        MiningMath.DifficultyStyle style =
            monero ? MiningMath.DifficultyStyle.Monero : MiningMath.DifficultyStyle.Bitcoin;
        uint256 e11 = MiningMath.expectedReward(h1, t1, difficulty, blockReward, style);
        assertLe(e11, MiningMath.expectedReward(h2, t1, difficulty, blockReward, style), "more hashrate");
        assertLe(e11, MiningMath.expectedReward(h1, t2, difficulty, blockReward, style), "more time");
        // Bitcoin-style needs 2^32 times the hashes of Monero-style at the same difficulty.
        assertLe(
            MiningMath.expectedReward(h1, t1, difficulty, blockReward, MiningMath.DifficultyStyle.Bitcoin),
            MiningMath.expectedReward(h1, t1, difficulty, blockReward, MiningMath.DifficultyStyle.Monero),
            "bitcoin <= monero"
        );
    }

    function testFuzz_expectedReward_doublingTheHashrateAtLeastDoublesTheFloor(
        uint256 hashrate,
        uint256 difficulty,
        uint256 blockReward
    ) public pure {
        hashrate = bound(hashrate, 0, 2 ** 100);
        difficulty = bound(difficulty, 1, U128);
        blockReward = bound(blockReward, 0, type(uint120).max);
        uint256 one = MiningMath.expectedReward(
            hashrate,
            1 days,
            difficulty,
            blockReward,
            MiningMath.DifficultyStyle.Bitcoin
        );
        uint256 two = MiningMath.expectedReward(
            2 * hashrate,
            1 days,
            difficulty,
            blockReward,
            MiningMath.DifficultyStyle.Bitcoin
        );
        assertGe(two, 2 * one, "floor(2x) >= 2 floor(x)");
        assertLe(two, 2 * one + 1, "and at most one unit more");
    }

    function test_expectedReward_bitcoinAndMoneroExamples() public pure {
        // 200 TH/s, difficulty 110e12, 3.125 + 0.1 BTC a block: 11,795.44 sats a day.
        assertEq(
            MiningMath.expectedReward(200e12, 1 days, 110e12, 322_500_000, MiningMath.DifficultyStyle.Bitcoin),
            11_795,
            "BTC"
        );
        // 20 kH/s RandomX, difficulty 350e9, 0.6 XMR (12 decimals): 2,962,285,714.28 piconero a day.
        assertEq(
            MiningMath.expectedReward(20_000, 1 days, 350e9, 600_000_000_000, MiningMath.DifficultyStyle.Monero),
            2_962_285_714,
            "XMR"
        );
        assertEq(
            MiningMath.expectedReward(200e12, 1 days, 0, 322_500_000, MiningMath.DifficultyStyle.Monero),
            0,
            "D = 0"
        );
    }

    function test_expectedReward_keepsFullPrecisionWhenHashrateTimesRewardOverflows() public pure {
        // H × t × reward = 2^200 × 2^20 × 2^100 > 2^256; mulDiv still divides exactly: 2^320 / 2^160 = 2^160.
        assertEq(
            MiningMath.expectedReward(2 ** 200, 2 ** 20, 2 ** 160, 2 ** 100, MiningMath.DifficultyStyle.Monero),
            2 ** 160,
            "full precision"
        );
    }
}
