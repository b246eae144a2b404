// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

// Fuzz tests of RigShares: a primary sale splits the buyer's payment exactly into operator proceeds and
// protocol fee, split and merge conserve shares for any amounts, and no sequence of mints (and burns)
// ever sells more than a rig's cap, which can be anything from 1 to MAX_TOTAL_SHARES (1e18) shares.

import {IRewardDistributor} from "../../contracts/interfaces/IRewardDistributor.sol";
import {IRigShares} from "../../contracts/interfaces/IRigShares.sol";

import {Protocol, ProtocolFixture} from "./utils/ProtocolFixture.sol";

contract RigSharesFuzzTest is ProtocolFixture {
    address private constant BUYER = address(0xB0B);
    uint256 private constant BPS = 10_000;
    /// @dev RigShares.MAX_TOTAL_SHARES: the most shares a rig may have (checked below).
    uint256 private constant MAX_SHARES = 1e18;

    Protocol private p;

    function setUp() public {
        vm.warp(START);
        p = _deployProtocol();
    }

    // ───────────────────────────── mint: cost and fee ─────────────────────────────

    function testFuzz_mint_splitsTheCostExactlyIntoProceedsAndFee(
        uint256 price,
        uint256 shares,
        uint256 feeBps
    ) public {
        price = bound(price, 0, type(uint128).max);
        shares = bound(shares, 1, MAX_SHARES);
        feeBps = bound(feeBps, 0, p.shares.MAX_PROTOCOL_FEE_BPS());
        vm.prank(ADMIN);
        p.shares.setProtocolFee(uint16(feeBps), TREASURY);
        IRigShares.RigParams memory params = _sha256RigParams(p);
        params.totalShares = uint96(MAX_SHARES);
        params.pricePerShare = uint128(price);
        uint256 rigId = _registerRig(p, params);

        uint256 cost = shares * price;
        p.usdc.mint(BUYER, cost);
        vm.startPrank(BUYER);
        p.usdc.approve(address(p.shares), cost);
        uint256 positionId = p.shares.mint(rigId, shares);
        vm.stopPrank();

        uint256 fee = (cost * feeBps) / BPS;
        uint256 proceeds = p.shares.proceedsOf(OPERATOR, p.usdc);
        assertEq(p.shares.protocolFeesOf(p.usdc), fee, "protocol fee");
        assertEq(proceeds, cost - fee, "operator proceeds");
        assertEq(proceeds + p.shares.protocolFeesOf(p.usdc), shares * price, "proceeds + fee == shares * price");
        assertEq(p.usdc.balanceOf(BUYER), 0, "buyer paid the exact cost");
        assertEq(p.usdc.balanceOf(address(p.shares)), cost, "share token holds the exact cost");
        assertEq(p.distributor.sharesOf(positionId), shares, "position shares");
        assertEq(p.shares.ownerOf(positionId), BUYER, "position owner");
        assertEq(p.shares.sharesAvailable(rigId), MAX_SHARES - shares, "shares available");

        // Withdrawals pay out exactly what was recorded, to the right accounts.
        if (proceeds != 0) {
            vm.prank(OPERATOR);
            p.shares.withdrawProceeds(p.usdc);
        }
        if (fee != 0) p.shares.withdrawProtocolFees(p.usdc);
        assertEq(p.usdc.balanceOf(OPERATOR), cost - fee, "operator received the proceeds");
        assertEq(p.usdc.balanceOf(TREASURY), fee, "treasury received the fee");
        assertEq(p.usdc.balanceOf(address(p.shares)), 0, "nothing left behind");
    }

    function testFuzz_mint_costsOfSeveralBuyersAddUp(uint256[6] memory amounts, uint256 feeBps) public {
        feeBps = bound(feeBps, 0, p.shares.MAX_PROTOCOL_FEE_BPS());
        vm.prank(ADMIN);
        p.shares.setProtocolFee(uint16(feeBps), TREASURY);
        IRigShares.RigParams memory params = _sha256RigParams(p);
        params.totalShares = 1e9;
        params.pricePerShare = 1_234_567; // 1.234567 USDC: fees round on every mint
        uint256 rigId = _registerRig(p, params);

        uint256 fees;
        uint256 paid;
        for (uint256 i; i < amounts.length; ++i) {
            uint256 count = bound(amounts[i], 1, 1e8);
            uint256 cost = count * params.pricePerShare;
            _mintShares(p, address(uint160(0x1000 + i)), rigId, count);
            fees += (cost * feeBps) / BPS;
            paid += cost;
        }
        assertEq(p.shares.protocolFeesOf(p.usdc), fees, "fees: sum of per-mint rounded-down fees");
        assertEq(p.shares.proceedsOf(OPERATOR, p.usdc) + fees, paid, "proceeds + fees == total paid");
        assertEq(p.usdc.balanceOf(address(p.shares)), paid, "share token holds everything paid");
    }

    // ───────────────────────────── split and merge ─────────────────────────────

    function testFuzz_splitThenMerge_conservesShares(uint256 total, uint256 part, bool keepNew) public {
        total = bound(total, 2, MAX_SHARES);
        part = bound(part, 1, total - 1);
        uint256 rigId = _registerBigFreeRig();
        uint256 positionId = _mintShares(p, BUYER, rigId, total);

        vm.prank(BUYER);
        uint256 newId = p.shares.split(positionId, part);
        assertEq(p.distributor.sharesOf(positionId), total - part, "original keeps the rest");
        assertEq(p.distributor.sharesOf(newId), part, "new position holds the part");
        assertEq(p.shares.ownerOf(newId), BUYER, "new position owner");
        assertEq(p.distributor.rigStream(rigId).totalShares, total, "rig total after split");
        assertEq(p.shares.sharesAvailable(rigId), MAX_SHARES - total, "available after split");

        (uint256 kept, uint256 burned) = keepNew ? (newId, positionId) : (positionId, newId);
        vm.prank(BUYER);
        p.shares.merge(kept, burned);
        assertEq(p.distributor.sharesOf(kept), total, "merged position holds everything");
        assertEq(p.distributor.sharesOf(burned), 0, "burned position holds nothing");
        assertEq(p.shares.beneficiaryOf(burned), address(0), "burned position has no owner");
        assertEq(p.distributor.rigStream(rigId).totalShares, total, "rig total after merge");
        assertEq(p.shares.balanceOf(BUYER), 1, "one position left");
    }

    function testFuzz_split_rejectsZeroOrAllOrMoreShares(uint256 total, uint256 bad) public {
        total = bound(total, 1, MAX_SHARES);
        uint256 rigId = _registerBigFreeRig();
        uint256 positionId = _mintShares(p, BUYER, rigId, total);
        // Zero, or at least everything the position holds.
        bad = bad % 2 == 0 ? 0 : bound(bad, total, type(uint256).max);

        vm.expectRevert(abi.encodeWithSelector(IRewardDistributor.DistributorInvalidShares.selector, bad));
        vm.prank(BUYER);
        p.shares.split(positionId, bad);
        assertEq(p.distributor.sharesOf(positionId), total, "position unchanged");
    }

    /// @dev Random splits and merges of one owner's positions never create or destroy shares.
    function testFuzz_splitMergeSequence_conservesShares(uint256 total, uint256[12] memory ops) public {
        total = bound(total, 1, MAX_SHARES);
        uint256 rigId = _registerBigFreeRig();
        uint256[] memory ids = new uint256[](ops.length + 1);
        ids[0] = _mintShares(p, BUYER, rigId, total);
        uint256 count = 1;

        for (uint256 i; i < ops.length; ++i) {
            uint256 op = ops[i];
            uint256 a = (op >> 8) % count;
            uint256 held = p.distributor.sharesOf(ids[a]);
            if (op % 2 == 0 && held > 1) {
                vm.prank(BUYER);
                ids[count++] = p.shares.split(ids[a], bound(op >> 128, 1, held - 1));
            } else if (count > 1) {
                uint256 b = (a + 1 + ((op >> 16) % (count - 1))) % count;
                vm.prank(BUYER);
                p.shares.merge(ids[a], ids[b]);
                ids[b] = ids[--count];
            }
            uint256 sum;
            for (uint256 j; j < count; ++j) {
                uint256 s = p.distributor.sharesOf(ids[j]);
                assertGt(s, 0, "live position holds shares");
                sum += s;
            }
            assertEq(sum, total, "sum of live positions");
            assertEq(p.distributor.rigStream(rigId).totalShares, total, "rig total");
            assertEq(p.shares.balanceOf(BUYER), count, "positions owned");
        }
    }

    // ───────────────────────────── cap ─────────────────────────────

    /// @dev Mints of random sizes (and some burns) against a random cap: every mint that fits succeeds,
    /// every mint that does not reverts with the exact shares left, and the cap is never exceeded.
    function testFuzz_mintSequence_neverExceedsTheCap(uint256 cap, uint256[16] memory requests) public {
        cap = bound(cap, 1, 1e6);
        IRigShares.RigParams memory params = _sha256RigParams(p);
        params.totalShares = uint96(cap);
        params.pricePerShare = 1;
        uint256 rigId = _registerRig(p, params);

        uint256[] memory ids = new uint256[](requests.length);
        uint256 live;
        uint256 sold;
        for (uint256 i; i < requests.length; ++i) {
            uint256 r = requests[i];
            if (r % 5 == 0 && live != 0) {
                // Burn a random live position: its shares return to the sale.
                uint256 k = (r >> 8) % live;
                sold -= p.distributor.sharesOf(ids[k]);
                vm.prank(BUYER);
                p.shares.burn(ids[k]);
                ids[k] = ids[--live];
            } else {
                uint256 amount = bound(r >> 8, 1, 2 * cap);
                uint256 available = cap - sold;
                assertEq(p.shares.sharesAvailable(rigId), available, "shares available");
                if (amount > available) {
                    p.usdc.mint(BUYER, amount);
                    vm.prank(BUYER);
                    p.usdc.approve(address(p.shares), amount);
                    vm.expectRevert(
                        abi.encodeWithSelector(IRigShares.RigSharesSoldOut.selector, rigId, available, amount)
                    );
                    vm.prank(BUYER);
                    p.shares.mint(rigId, amount);
                } else {
                    ids[live++] = _mintShares(p, BUYER, rigId, amount);
                    sold += amount;
                }
            }
            uint256 rigTotal = p.distributor.rigStream(rigId).totalShares;
            assertEq(rigTotal, sold, "shares outstanding");
            assertLe(rigTotal, cap, "cap exceeded");
            assertEq(p.shares.sharesAvailable(rigId), cap - sold, "shares available after");
        }
    }

    function testFuzz_mint_ofExactlyTheRemainingSharesSellsOut(uint256 cap, uint256 first) public {
        cap = bound(cap, 2, MAX_SHARES);
        first = bound(first, 1, cap - 1);
        IRigShares.RigParams memory params = _sha256RigParams(p);
        params.totalShares = uint96(cap);
        params.pricePerShare = 0;
        uint256 rigId = _registerRig(p, params);

        _mintShares(p, BUYER, rigId, first);
        _mintShares(p, BUYER, rigId, cap - first);
        assertEq(p.shares.sharesAvailable(rigId), 0, "sold out");
        vm.expectRevert(abi.encodeWithSelector(IRigShares.RigSharesSoldOut.selector, rigId, 0, 1));
        vm.prank(BUYER);
        p.shares.mint(rigId, 1);
    }

    /// @dev Every share count from 1 to MAX_TOTAL_SHARES registers; every one above (up to the largest
    /// uint96) reverts, so the distributor's carry stays below one base unit.
    function testFuzz_registerRig_acceptsUpToMaxTotalSharesAndRejectsMore(uint256 ok, uint256 tooMany) public {
        assertEq(p.shares.MAX_TOTAL_SHARES(), MAX_SHARES, "MAX_TOTAL_SHARES");
        ok = bound(ok, 1, MAX_SHARES);
        tooMany = bound(tooMany, MAX_SHARES + 1, type(uint96).max);
        IRigShares.RigParams memory params = _sha256RigParams(p);
        params.totalShares = uint96(tooMany);
        vm.expectRevert(abi.encodeWithSelector(IRigShares.RigSharesInvalidParams.selector, "totalShares"));
        vm.prank(OPERATOR);
        p.shares.registerRig(params);

        params.totalShares = uint96(ok);
        uint256 rigId = _registerRig(p, params);
        assertEq(p.shares.rig(rigId).totalShares, ok, "cap stored");
        assertEq(p.shares.sharesAvailable(rigId), ok, "all shares on sale");
    }

    // ───────────────────────────── helpers ─────────────────────────────

    /// @dev A rig with the largest cap and a zero price, so any share count can be minted.
    function _registerBigFreeRig() private returns (uint256) {
        IRigShares.RigParams memory params = _sha256RigParams(p);
        params.totalShares = uint96(MAX_SHARES);
        params.pricePerShare = 0;
        return _registerRig(p, params);
    }
}
