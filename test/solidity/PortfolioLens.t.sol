// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

// Fuzz test of the deployless PortfolioLens: for owners, shares (uint64), paidX18 (uint160) and pending
// rewards (uint256) over their whole ranges, the packed answer the constructor returns as "code" holds
// exactly what the share token and the distributor report, an id whose ownerOf reverts reads as all zero,
// and more ids than one answer can hold are refused. The SDK decodes the same layout
// (sdk/internal/portfolioLens.ts; test/sdk/getPositions.test.ts reads real positions through it).

import {IRewardDistributor} from "../../contracts/interfaces/IRewardDistributor.sol";
import {IRigShares} from "../../contracts/interfaces/IRigShares.sol";
import {PortfolioLens} from "../../contracts/periphery/PortfolioLens.sol";

import {Test} from "./utils/Test.sol";

/// @dev Answers ownerOf, position and pendingReward from what the test set; ownerOf reverts for no owner.
contract LensSource {
    error NoOwner(uint256 id);

    mapping(uint256 id => address) public owners;
    mapping(uint256 id => IRewardDistributor.Position) public positions;
    mapping(uint256 id => uint256) public pendings;

    function set(uint256 id, address owner, uint64 shares, uint160 paidX18, uint256 pending) external {
        owners[id] = owner;
        positions[id] = IRewardDistributor.Position({shares: shares, version: 7, rented: true, paidX18: paidX18});
        pendings[id] = pending;
    }

    function ownerOf(uint256 id) external view returns (address owner) {
        owner = owners[id];
        if (owner == address(0)) revert NoOwner(id);
    }

    function position(uint256 id) external view returns (IRewardDistributor.Position memory) {
        return positions[id];
    }

    function pendingReward(uint256 id) external view returns (uint256) {
        return pendings[id];
    }
}

contract PortfolioLensTest is Test {
    LensSource private source = new LensSource();

    function _read(uint256[] memory ids) private returns (bytes memory) {
        address lens = address(
            new PortfolioLens(IRigShares(address(source)), IRewardDistributor(address(source)), ids)
        );
        return lens.code;
    }

    function _row(bytes memory out, uint256 i) private pure returns (address, uint256, uint256, uint256) {
        uint256 w0;
        uint256 w1;
        uint256 w2;
        assembly {
            let at := add(add(out, 32), mul(i, 80))
            w0 := mload(at)
            w1 := mload(add(at, 32))
            w2 := mload(add(at, 48))
        }
        address owner = address(uint160(w0 >> 96));
        uint256 shares = (w0 >> 32) & type(uint64).max;
        uint256 paidX18 = ((w0 & type(uint32).max) << 128) | (w1 >> 128);
        return (owner, shares, paidX18, w2);
    }

    function testFuzz_packsEveryFieldOverItsWholeRange(
        address owner,
        uint64 shares,
        uint160 paidX18,
        uint256 pending,
        uint256 id,
        uint256 otherId
    ) public {
        vm.assume(owner != address(0) && id != otherId);
        source.set(id, owner, shares, paidX18, pending);
        uint256[] memory ids = new uint256[](3);
        (ids[0], ids[1], ids[2]) = (otherId, id, otherId);
        bytes memory out = _read(ids);
        assertEq(out.length, 240, "80 bytes per id");
        (address o, uint256 s, uint256 p, uint256 r) = _row(out, 1);
        assertEq(o, owner, "owner");
        assertEq(s, shares, "shares");
        assertEq(p, paidX18, "paidX18");
        assertEq(r, pending, "pending");
        for (uint256 i; i < 3; i += 2) {
            (o, s, p, r) = _row(out, i);
            assertEq(o, address(0), "an id whose ownerOf reverts has no owner");
            assertEq(s + p + r, 0, "and zero amounts");
        }
    }

    function test_extremesSideBySide() public {
        uint256[] memory ids = new uint256[](300);
        for (uint256 i; i < 300; ++i) {
            ids[i] = i;
            bool high = i % 2 == 0;
            source.set(
                i,
                high ? address(type(uint160).max) : address(1),
                high ? type(uint64).max : 1,
                high ? type(uint160).max : 1,
                high ? type(uint256).max : 1
            );
        }
        bytes memory out = _read(ids);
        assertEq(out.length, 24_000, "300 ids fill 24,000 bytes, under EIP-170");
        for (uint256 i; i < 300; ++i) {
            (address o, uint256 s, uint256 p, uint256 r) = _row(out, i);
            bool high = i % 2 == 0;
            assertEq(o, high ? address(type(uint160).max) : address(1), "owner");
            assertEq(s, high ? type(uint64).max : 1, "shares");
            assertEq(p, high ? type(uint160).max : 1, "paidX18");
            assertEq(r, high ? type(uint256).max : 1, "pending");
        }
    }

    function test_refusesMoreIdsThanOneAnswerHolds() public {
        uint256[] memory ids = new uint256[](301);
        vm.expectRevert(abi.encodeWithSelector(PortfolioLens.PortfolioLensTooManyIds.selector, 301));
        this.readExternally(ids);
    }

    function readExternally(uint256[] memory ids) external returns (bytes memory) {
        return _read(ids);
    }
}
