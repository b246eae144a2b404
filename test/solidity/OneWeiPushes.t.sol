// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

// Attack of DESIGN.md "1-wei pushes ×10,000" (the rest of the attack suite is test/attacks.test.ts):
// an operator funds 10,000 hourly epochs with 1 base unit each. A per-push `amount / epochLength`
// would stream nothing at all; the distributor must pay the holder everything funded except bounded
// dust. 10,000 pushes over JSON-RPC took 21 s (measured); here both tests run in under a second.

import {IRigShares} from "../../contracts/interfaces/IRigShares.sol";

import {Protocol, ProtocolFixture} from "./utils/ProtocolFixture.sol";

contract OneWeiPushesTest is ProtocolFixture {
    uint256 internal constant HOUR = 1 hours;
    uint256 internal constant PUSHES = 10_000;
    /// @dev Not a divisor of 1e18, so the accumulator carries a remainder on every update.
    uint256 internal constant SHARES = 7;
    address internal constant HOLDER = address(0xB0B);

    Protocol internal p;
    uint256 internal rigId;
    uint256 internal positionId;

    function setUp() public {
        vm.warp(START);
        p = _deployProtocol();
        IRigShares.RigParams memory params = _sha256RigParams(p);
        params.epochLength = uint32(HOUR);
        params.pricePerShare = 0;
        rigId = _registerRig(p, params);
        positionId = _mintShares(p, HOLDER, rigId, SHARES);
        p.wbtc.mint(OPERATOR, PUSHES);
    }

    /// @dev Pushes 1 wei for each of the next `count` hourly epochs, each exactly when it ends (so every
    /// stream ends exactly when the next push starts), claiming for the holder every `claimEvery` pushes.
    /// Returns what the holder was paid and how many times its position was settled.
    function _pushOneWeiEpochs(uint256 count, uint256 claimEvery) internal returns (uint256 paid, uint256 settlements) {
        uint256[] memory ids = new uint256[](1);
        ids[0] = positionId;
        uint256 epoch = p.distributor.rigStream(rigId).nextEpoch;
        for (uint256 i = 1; i <= count; ++i) {
            vm.warp((epoch + 1) * HOUR);
            vm.prank(OPERATOR);
            p.distributor.pushEpoch(rigId, epoch, 1);
            ++epoch;
            if (claimEvery != 0 && i % claimEvery == 0) {
                vm.prank(HOLDER);
                paid += p.distributor.claim(ids);
                ++settlements;
            }
        }
        // Let the last stream run out, then settle once more.
        vm.warp(block.timestamp + HOUR);
        vm.prank(HOLDER);
        paid += p.distributor.claim(ids);
        ++settlements;
    }

    /// @dev Conservation: funded = paid + what the distributor still holds and owes (the dust).
    function _assertConservation(uint256 paid) internal view {
        uint256 held = p.wbtc.balanceOf(address(p.distributor));
        assertEq(p.distributor.rigStream(rigId).funded, PUSHES, "funded");
        assertEq(paid + held, PUSHES, "funded = paid + held");
        assertEq(p.distributor.liabilities(p.wbtc), held, "liabilities = held");
        assertEq(p.wbtc.balanceOf(HOLDER), paid, "holder balance");
        assertEq(p.wbtc.balanceOf(OPERATOR), 0, "operator spent every push");
    }

    function test_oneWeiPushes_holderGetsAllButOneWei_whenSettledOnce() public {
        (uint256 paid, uint256 settlements) = _pushOneWeiEpochs(PUSHES, 0);
        assertEq(settlements, 1, "settlements");
        // Each push streams (1e18 + unallocated rest) / 3,600 per second and keeps the rest (< 3,600
        // scaled units) for the next push: after n pushes the rest is n·1e18 mod 3,600 = n·2,800 mod 3,600,
        // i.e. 2,800 after 10,000. The holder's single settlement is ⌊(1e22 − 2,800 − carry) / 1e18⌋.
        assertEq(p.distributor.rigStream(rigId).unallocatedX18, (PUSHES * 1e18) % HOUR, "unstreamed rest");
        assertEq(paid, PUSHES - 1, "holder is paid everything but 1 wei");
        assertEq(p.distributor.undistributed(rigId), 0, "nothing left but sub-wei rounding");
        _assertConservation(paid);
    }

    function test_oneWeiPushes_dustIsAtMostOneWeiPerSettlement_whenClaimingEvery100Epochs() public {
        (uint256 paid, uint256 settlements) = _pushOneWeiEpochs(PUSHES, 100);
        assertEq(settlements, 101, "settlements");
        uint256 dust = PUSHES - paid;
        assertLe(dust, settlements, "dust <= 1 wei per settlement");
        // The last stream has run out: only sub-wei remainders are left unattributed.
        assertEq(p.distributor.undistributed(rigId), 0, "undistributed");
        assertEq(p.distributor.pendingReward(positionId), 0, "pending");
        _assertConservation(paid);
    }
}
