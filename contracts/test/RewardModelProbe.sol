// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IRewardDistributor} from "../interfaces/IRewardDistributor.sol";
import {IRigShares} from "../interfaces/IRigShares.sol";
import {IShareMarket} from "../interfaces/IShareMarket.sol";

/// @notice Test-only reader for test/model.test.ts: returns, in one `eth_call` and as one flat word array
/// (cheap to decode), every distributor and share-token view the model-based test compares after each
/// action (`snapshot`), and every market view it compares after each market action (`marketSnapshot`).
/// It only forwards the contracts' and tokens' own views; it computes nothing.
/// @dev Layout of `snapshot`, in order:
///   block.timestamp;
///   per rig: rewardPerShareX18, lastUpdate, rateX18, periodEnd, totalShares, carryX18, nextEpoch,
///     payoutToken, epochLength, unallocatedX18, maxEpochPayout, funded, rentalHorizon, checkpoints,
///     undistributed(rig)  (15 words);
///   per position: pendingReward, shares, version, rented, paidX18, beneficiaryOf, rentalOf.user,
///     rentalOf.expires, pendingSplit (ownerPart, renter, renterPart), userOf, userExpires  (13 words);
///   per account, per payout token: claimableBalance, token balance of the account  (2 words);
///   per payout token: liabilities, token balance of the distributor  (2 words).
/// Layout of `marketSnapshot`:
///   per position: listing (seller, shares, version, expiry, pricePerShare, minFill), rental listing
///     (owner, version, expiry, minDays, maxDays, pricePerDay)  (12 words);
///   per payer: payment-token balance, market proceedsOf(payer, paymentToken)  (2 words);
///   the market's payment-token balance.
contract RewardModelProbe {
    uint256 internal constant _RIG_WORDS = 15;
    uint256 internal constant _POSITION_WORDS = 13;
    uint256 internal constant _LISTING_WORDS = 12;

    function snapshot(
        IRewardDistributor distributor,
        IRigShares shares,
        uint256[] calldata rigIds,
        uint256[] calldata positionIds,
        address[] calldata accounts,
        IERC20[] calldata tokens
    ) external view returns (uint256[] memory out) {
        out = new uint256[](
            1 +
                rigIds.length * _RIG_WORDS +
                positionIds.length * _POSITION_WORDS +
                accounts.length * tokens.length * 2 +
                tokens.length * 2
        );
        uint256 k;
        out[k++] = block.timestamp;
        for (uint256 i; i < rigIds.length; ++i) k = _rig(out, k, distributor, rigIds[i]);
        for (uint256 i; i < positionIds.length; ++i) k = _position(out, k, distributor, shares, positionIds[i]);
        for (uint256 a; a < accounts.length; ++a) {
            for (uint256 t; t < tokens.length; ++t) {
                out[k++] = distributor.claimableBalance(accounts[a], tokens[t]);
                out[k++] = tokens[t].balanceOf(accounts[a]);
            }
        }
        for (uint256 t; t < tokens.length; ++t) {
            out[k++] = distributor.liabilities(tokens[t]);
            out[k++] = tokens[t].balanceOf(address(distributor));
        }
    }

    function marketSnapshot(
        IShareMarket market,
        IERC20 paymentToken,
        uint256[] calldata positionIds,
        address[] calldata payers
    ) external view returns (uint256[] memory out) {
        out = new uint256[](positionIds.length * _LISTING_WORDS + payers.length * 2 + 1);
        uint256 k;
        for (uint256 i; i < positionIds.length; ++i) k = _listings(out, k, market, positionIds[i]);
        for (uint256 i; i < payers.length; ++i) {
            out[k++] = paymentToken.balanceOf(payers[i]);
            out[k++] = market.proceedsOf(payers[i], paymentToken);
        }
        out[k++] = paymentToken.balanceOf(address(market));
    }

    function _rig(
        uint256[] memory out,
        uint256 k,
        IRewardDistributor distributor,
        uint256 rigId
    ) private view returns (uint256) {
        IRewardDistributor.RigStream memory s = distributor.rigStream(rigId);
        out[k++] = s.rewardPerShareX18;
        out[k++] = s.lastUpdate;
        out[k++] = s.rateX18;
        out[k++] = s.periodEnd;
        out[k++] = s.totalShares;
        out[k++] = s.carryX18;
        out[k++] = s.nextEpoch;
        out[k++] = uint256(uint160(address(s.payoutToken)));
        out[k++] = s.epochLength;
        out[k++] = s.unallocatedX18;
        out[k++] = s.maxEpochPayout;
        out[k++] = s.funded;
        out[k++] = s.rentalHorizon;
        out[k++] = s.checkpoints;
        out[k++] = distributor.undistributed(rigId);
        return k;
    }

    function _position(
        uint256[] memory out,
        uint256 k,
        IRewardDistributor distributor,
        IRigShares shares,
        uint256 id
    ) private view returns (uint256) {
        IRewardDistributor.Position memory p = distributor.position(id);
        IRewardDistributor.Rental memory r = distributor.rentalOf(id);
        out[k++] = distributor.pendingReward(id);
        out[k++] = p.shares;
        out[k++] = p.version;
        out[k++] = p.rented ? 1 : 0;
        out[k++] = p.paidX18;
        out[k++] = uint256(uint160(shares.beneficiaryOf(id)));
        out[k++] = uint256(uint160(r.user));
        out[k++] = r.expires;
        (uint256 ownerPart, address renter, uint256 renterPart) = distributor.pendingSplit(id);
        out[k++] = ownerPart;
        out[k++] = uint256(uint160(renter));
        out[k++] = renterPart;
        out[k++] = uint256(uint160(shares.userOf(id)));
        out[k++] = shares.userExpires(id);
        return k;
    }

    function _listings(
        uint256[] memory out,
        uint256 k,
        IShareMarket market,
        uint256 id
    ) private view returns (uint256) {
        IShareMarket.Listing memory listing = market.listing(id);
        out[k++] = uint256(uint160(listing.seller));
        out[k++] = listing.shares;
        out[k++] = listing.version;
        out[k++] = listing.expiry;
        out[k++] = listing.pricePerShare;
        out[k++] = listing.minFill;
        IShareMarket.RentalListing memory rental = market.rentalListing(id);
        out[k++] = uint256(uint160(rental.owner));
        out[k++] = rental.version;
        out[k++] = rental.expiry;
        out[k++] = rental.minDays;
        out[k++] = rental.maxDays;
        out[k++] = rental.pricePerDay;
        return k;
    }
}
