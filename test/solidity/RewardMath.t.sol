// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

// Fuzz tests of the pure stream math (RewardMath) and of position ids (PositionId): exact conservation
// of every division (what is not paid is carried or remains), rounding always down, and a stream
// accounted in many small steps releasing exactly what one step would.

import {PositionId} from "../../contracts/libraries/PositionId.sol";
import {RewardMath} from "../../contracts/libraries/RewardMath.sol";

import {Test} from "./utils/Test.sol";

contract RewardMathTest is Test {
    uint256 private constant SCALE = 1e18;
    // Stored widths in RewardDistributor.RigStream: rates and accumulators are uint160, times uint64,
    // shares and carry uint96.
    uint256 private constant MAX_RATE = type(uint160).max;
    uint256 private constant MAX_TIME = type(uint64).max;
    uint256 private constant MAX_SHARES = type(uint96).max;

    // ───────────────────────────── streamedX18 ─────────────────────────────

    function testFuzz_streamedX18_releasesRateTimesElapsedClippedToPeriodEnd(
        uint256 rateX18,
        uint256 from,
        uint256 to,
        uint256 periodEnd
    ) public pure {
        rateX18 = bound(rateX18, 0, MAX_RATE);
        from = bound(from, 0, MAX_TIME);
        to = bound(to, from, MAX_TIME);
        periodEnd = bound(periodEnd, 0, MAX_TIME);

        uint256 end = to < periodEnd ? to : periodEnd;
        uint256 expected = end > from ? rateX18 * (end - from) : 0;
        assertEq(RewardMath.streamedX18(rateX18, from, to, periodEnd), expected, "streamed");
    }

    function testFuzz_streamedX18_isZeroOnceThePeriodHasEnded(
        uint256 rateX18,
        uint256 periodEnd,
        uint256 from,
        uint256 to
    ) public pure {
        rateX18 = bound(rateX18, 0, MAX_RATE);
        periodEnd = bound(periodEnd, 0, MAX_TIME);
        from = bound(from, periodEnd, MAX_TIME);
        to = bound(to, from, MAX_TIME);
        assertEq(RewardMath.streamedX18(rateX18, from, to, periodEnd), 0, "streamed after the end");
    }

    function testFuzz_streamedX18_plusRemainingEqualsRateTimesWhatWasLeft(
        uint256 rateX18,
        uint256 from,
        uint256 to,
        uint256 periodEnd
    ) public pure {
        rateX18 = bound(rateX18, 0, MAX_RATE);
        periodEnd = bound(periodEnd, 1, MAX_TIME);
        from = bound(from, 0, periodEnd - 1);
        to = bound(to, from, MAX_TIME);
        // What was left at `from` is what streamed until `to` plus what is left at `to`.
        assertEq(
            RewardMath.streamedX18(rateX18, from, to, periodEnd) + RewardMath.remainingX18(rateX18, to, periodEnd),
            RewardMath.remainingX18(rateX18, from, periodEnd),
            "streamed + remaining"
        );
        assertEq(RewardMath.remainingX18(rateX18, from, periodEnd), rateX18 * (periodEnd - from), "remaining");
    }

    // ───────────────────────────── distribute ─────────────────────────────

    function testFuzz_distribute_conservesReleasedPlusCarryExactly(
        uint256 releasedX18,
        uint256 carryX18,
        uint256 totalShares
    ) public pure {
        totalShares = bound(totalShares, 1, MAX_SHARES);
        releasedX18 = bound(releasedX18, 0, type(uint224).max);
        carryX18 = bound(carryX18, 0, totalShares - 1);

        (uint256 increment, uint256 newCarry) = RewardMath.distribute(releasedX18, carryX18, totalShares);
        assertEq(increment * totalShares + newCarry, releasedX18 + carryX18, "increment*shares + carry");
        assertLt(newCarry, totalShares, "new carry");
    }

    function testFuzz_distribute_withOneShareAttributesEverything(uint256 releasedX18) public pure {
        releasedX18 = bound(releasedX18, 0, type(uint224).max);
        (uint256 increment, uint256 newCarry) = RewardMath.distribute(releasedX18, 0, 1);
        assertEq(increment, releasedX18, "increment");
        assertEq(newCarry, 0, "carry");
    }

    // ───────────────────────────── rateFor ─────────────────────────────

    function testFuzz_rateFor_rateTimesDurationPlusRemainderIsTheTotal(uint256 totalX18, uint256 duration) public pure {
        totalX18 = bound(totalX18, 0, type(uint224).max);
        duration = bound(duration, 1, MAX_TIME);
        (uint256 rateX18, uint256 remainderX18) = RewardMath.rateFor(totalX18, duration);
        assertEq(rateX18 * duration + remainderX18, totalX18, "rate*duration + remainder");
        assertLt(remainderX18, duration, "remainder");
    }

    /// @dev An 8-decimal token streamed over a day loses nothing but the remainder (< 86,400 scaled
    /// units, i.e. far below one base unit): the rate is scaled before dividing.
    function testFuzz_rateFor_fullPeriodOfAnEpochStreamsTheAmountLessUnderOneUnit(uint256 amount) public pure {
        amount = bound(amount, 1, 21e6 * 1e8);
        uint256 duration = 1 days;
        (uint256 rateX18, uint256 remainderX18) = RewardMath.rateFor(amount * SCALE, duration);
        uint256 streamed = RewardMath.streamedX18(rateX18, 0, duration, duration);
        assertEq(streamed + remainderX18, amount * SCALE, "streamed + remainder");
        assertEq(streamed / SCALE, remainderX18 == 0 ? amount : amount - 1, "whole units streamed");
    }

    // ───────────────────────────── earned ─────────────────────────────

    function testFuzz_earned_roundsDown(uint256 shares, uint256 paidX18, uint256 currentX18) public pure {
        shares = bound(shares, 0, MAX_SHARES);
        paidX18 = bound(paidX18, 0, MAX_RATE);
        currentX18 = bound(currentX18, paidX18, MAX_RATE);

        uint256 exact = shares * (currentX18 - paidX18);
        uint256 e = RewardMath.earned(shares, currentX18, paidX18);
        assertLe(e * SCALE, exact, "earned*1e18 <= shares*delta");
        assertLt(exact, (e + 1) * SCALE, "less than one unit below the exact value");
    }

    function testFuzz_earned_isMonotonicInTheAccumulatorAndInShares(
        uint256 shares,
        uint256 moreShares,
        uint256 paidX18,
        uint256 currentX18,
        uint256 laterX18
    ) public pure {
        shares = bound(shares, 0, MAX_SHARES);
        moreShares = bound(moreShares, shares, MAX_SHARES);
        paidX18 = bound(paidX18, 0, MAX_RATE);
        currentX18 = bound(currentX18, paidX18, MAX_RATE);
        laterX18 = bound(laterX18, currentX18, MAX_RATE);

        uint256 now_ = RewardMath.earned(shares, currentX18, paidX18);
        assertLe(now_, RewardMath.earned(shares, laterX18, paidX18), "earned decreased as the accumulator grew");
        assertLe(now_, RewardMath.earned(moreShares, currentX18, paidX18), "earned decreased with more shares");
        assertEq(RewardMath.earned(shares, paidX18, paidX18), 0, "earned with no accumulator change");
    }

    /// @dev Settling at an intermediate accumulator and again later never pays more than settling once.
    function testFuzz_earned_settlingTwicePaysAtMostSettlingOnce(
        uint256 shares,
        uint256 paidX18,
        uint256 midX18,
        uint256 currentX18
    ) public pure {
        shares = bound(shares, 0, MAX_SHARES);
        paidX18 = bound(paidX18, 0, MAX_RATE);
        midX18 = bound(midX18, paidX18, MAX_RATE);
        currentX18 = bound(currentX18, midX18, MAX_RATE);

        uint256 twice = RewardMath.earned(shares, midX18, paidX18) + RewardMath.earned(shares, currentX18, midX18);
        uint256 once = RewardMath.earned(shares, currentX18, paidX18);
        assertLe(twice, once, "two settlements paid more than one");
        assertLe(once - twice, 1, "two settlements lost more than one unit");
    }

    // ───────────────────────────── a stream in many steps ─────────────────────────────

    struct Stream {
        uint256 rateX18;
        uint256 from;
        uint256 to;
        uint256 periodEnd;
        uint256 totalShares;
        uint256 carryX18;
    }

    /// @dev A stream accounted at k random intermediate times releases exactly what a single update
    /// releases, and the carry makes the accumulator end exactly where one update puts it.
    function testFuzz_stream_splitIntoSubIntervalsReleasesExactlyTheSame(
        Stream memory st,
        uint256 seed,
        uint8 cuts
    ) public pure {
        st.rateX18 = bound(st.rateX18, 0, MAX_RATE);
        st.from = bound(st.from, 0, 1e12);
        st.to = bound(st.to, st.from, st.from + 10 * 365 days);
        st.periodEnd = bound(st.periodEnd, 0, st.from + 10 * 365 days);
        st.totalShares = bound(st.totalShares, 1, MAX_SHARES);
        st.carryX18 = bound(st.carryX18, 0, st.totalShares - 1);
        uint256 k = bound(cuts, 1, 24);

        (uint256 released, uint256 accX18, uint256 carry) = _accountInSteps(st, seed, k);

        uint256 once = RewardMath.streamedX18(st.rateX18, st.from, st.to, st.periodEnd);
        assertEq(released, once, "sum of the pieces");
        (uint256 onceIncrement, uint256 onceCarry) = RewardMath.distribute(once, st.carryX18, st.totalShares);
        assertEq(accX18, onceIncrement, "accumulator after k updates");
        assertEq(carry, onceCarry, "carry after k updates");
    }

    /// @dev Accounts `st` at `k` times between `from` and `to` (the last one `to`), like `_accrue` does.
    function _accountInSteps(
        Stream memory st,
        uint256 seed,
        uint256 k
    ) private pure returns (uint256 released, uint256 accX18, uint256 carry) {
        carry = st.carryX18;
        uint256 last = st.from;
        for (uint256 i = 1; i <= k; ++i) {
            uint256 next = i == k ? st.to : bound(uint256(keccak256(abi.encode(seed, i))), last, st.to);
            uint256 piece = RewardMath.streamedX18(st.rateX18, last, next, st.periodEnd);
            released += piece;
            uint256 increment;
            (increment, carry) = RewardMath.distribute(piece, carry, st.totalShares);
            accX18 += increment;
            last = next;
        }
    }

    // ───────────────────────────── PositionId ─────────────────────────────

    function testFuzz_positionId_roundTripsRigAndSerial(uint256 rigId, uint256 serial) public pure {
        rigId = bound(rigId, 0, type(uint256).max / PositionId.STRIDE - 1);
        serial = bound(serial, 1, PositionId.STRIDE - 1);
        uint256 id = PositionId.encode(rigId, serial);
        assertEq(PositionId.rigOf(id), rigId, "rig");
        assertEq(id % PositionId.STRIDE, serial, "serial");
        assertEq(id, rigId * 1e12 + serial, "layout");
    }

    function testFuzz_positionId_distinctPairsGiveDistinctIds(
        uint256 rigA,
        uint256 serialA,
        uint256 rigB,
        uint256 serialB
    ) public pure {
        rigA = bound(rigA, 0, type(uint128).max);
        rigB = bound(rigB, 0, type(uint128).max);
        serialA = bound(serialA, 1, PositionId.STRIDE - 1);
        serialB = bound(serialB, 1, PositionId.STRIDE - 1);
        vm.assume(rigA != rigB || serialA != serialB);
        assertTrue(PositionId.encode(rigA, serialA) != PositionId.encode(rigB, serialB), "ids collide");
    }

    function test_positionId_matchesTheDocumentedExample() public pure {
        assertEq(PositionId.encode(2, 7), 2000000000007, "rig 2, #7");
        assertEq(PositionId.rigOf(2000000000007), 2, "rig of 2000000000007");
    }
}
