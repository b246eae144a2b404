// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

// The Solidity twin of test/helpers/fixtures.ts: deploys and wires the protocol the same way
// (6-decimal payment token, 8-decimal payout token, 2.5% protocol fee, one approved operator) so the
// fuzz, invariant and gas tests start from the state the mocha suites use.

import {IRigShares} from "../../../contracts/interfaces/IRigShares.sol";
import {RewardDistributor} from "../../../contracts/RewardDistributor.sol";
import {RigShares} from "../../../contracts/RigShares.sol";
import {ShareRenderer} from "../../../contracts/ShareRenderer.sol";
import {TestERC20} from "../../../contracts/test/TestERC20.sol";

import {Test} from "./Test.sol";

/// @notice One deployed protocol. Several can live side by side (the gas test compares fresh copies).
struct Protocol {
    TestERC20 usdc;
    TestERC20 wbtc;
    ShareRenderer renderer;
    RigShares shares;
    RewardDistributor distributor;
}

abstract contract ProtocolFixture is Test {
    address internal constant ADMIN = address(0xAD00);
    address internal constant TREASURY = address(0x7EA5);
    address internal constant OPERATOR = address(0x0BE0);
    uint16 internal constant PROTOCOL_FEE_BPS = 250;
    uint256 internal constant DAY = 1 days;
    uint256 internal constant BTC = 1e8; // 8-decimal payout token unit
    uint256 internal constant USDC = 1e6; // 6-decimal payment token unit
    /// @dev A realistic start time, mid-day, so the first epoch has not ended at registration.
    uint256 internal constant START = 1_750_000_000;

    /// @notice Deploys tokens, renderer, share token and distributor, wires them, approves `OPERATOR`
    /// and lets it fund pushes without further approvals.
    function _deployProtocol() internal returns (Protocol memory p) {
        p.usdc = new TestERC20("USD Coin", "USDC", 6);
        p.wbtc = new TestERC20("Wrapped BTC", "WBTC", 8);
        p.renderer = new ShareRenderer();
        p.shares = new RigShares(0, ADMIN, p.renderer, TREASURY, PROTOCOL_FEE_BPS);
        p.distributor = new RewardDistributor(p.shares, 0, ADMIN);
        vm.startPrank(ADMIN);
        p.shares.setDistributor(p.distributor);
        p.shares.grantRole(p.shares.OPERATOR_ROLE(), OPERATOR);
        vm.stopPrank();
        vm.prank(OPERATOR);
        p.wbtc.approve(address(p.distributor), type(uint256).max);
    }

    /// @notice A 200 TH/s, 3,500 W SHA-256 rig of 1,000 shares at 100 USDC, paying at most 1 WBTC a day.
    function _sha256RigParams(Protocol memory p) internal pure returns (IRigShares.RigParams memory) {
        return
            IRigShares.RigParams({
                name: "Antminer S21 #1",
                algorithm: IRigShares.Algorithm.SHA256,
                hashrate: 200e12,
                powerWatts: 3_500,
                totalShares: 1_000,
                pricePerShare: uint128(100 * USDC),
                paymentToken: p.usdc,
                payoutToken: p.wbtc,
                epochLength: uint32(DAY),
                maxEpochPayout: uint128(BTC),
                royaltyBps: 500
            });
    }

    /// @notice Registers a rig from `OPERATOR` and opens its sale.
    function _registerRig(Protocol memory p, IRigShares.RigParams memory params) internal returns (uint256 rigId) {
        vm.startPrank(OPERATOR);
        rigId = p.shares.registerRig(params);
        p.shares.setSaleOpen(rigId, true);
        vm.stopPrank();
    }

    /// @notice Gives `holder` the exact cost, approves it and mints `count` shares of `rigId` to `holder`.
    function _mintShares(
        Protocol memory p,
        address holder,
        uint256 rigId,
        uint256 count
    ) internal returns (uint256 positionId) {
        uint256 cost = count * p.shares.rig(rigId).pricePerShare;
        p.usdc.mint(holder, cost);
        vm.startPrank(holder);
        p.usdc.approve(address(p.shares), cost);
        positionId = p.shares.mint(rigId, count);
        vm.stopPrank();
    }

    /// @notice Funds `OPERATOR` with `amount` and pushes the rig's next epoch, first moving time to the end
    /// of that epoch if it has not ended. Returns the epoch pushed.
    function _pushNextEpoch(Protocol memory p, uint256 rigId, uint256 amount) internal returns (uint256 epoch) {
        epoch = p.distributor.rigStream(rigId).nextEpoch;
        uint256 endsAt = (epoch + 1) * p.distributor.rigStream(rigId).epochLength;
        if (block.timestamp < endsAt) vm.warp(endsAt);
        p.wbtc.mint(OPERATOR, amount);
        vm.prank(OPERATOR);
        p.distributor.pushEpoch(rigId, epoch, amount);
    }
}
