// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC721Receiver} from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";

import {IRewardDistributor} from "../interfaces/IRewardDistributor.sol";
import {IRigShares} from "../interfaces/IRigShares.sol";
import {ITokenReceiverHook} from "./CallbackERC20.sol";

/// @notice Attacker contract: re-enters the protocol from ERC-721 receiver hooks and token callbacks.
/// `mode` picks the re-entry; the outcome of the inner call is recorded, not required, so a test can
/// assert both that the re-entry was attempted and how it ended.
contract ReentrantActor is IERC721Receiver, ITokenReceiverHook {
    enum Mode {
        None,
        Mint,
        Claim,
        Split,
        Merge,
        Burn,
        FlashClaimAndReturn,
        FlashSplitAndReturn,
        PushEpoch
    }

    IRigShares public immutable shares;
    IRewardDistributor public immutable distributor;
    Mode public mode;
    uint256 public rigId;
    uint256 public auxId;
    address public returnTo;
    bool public attempted;
    bool public innerSucceeded;
    bytes public innerRevert;
    uint256 public claimedInHook;

    constructor(IRigShares shares_, IRewardDistributor distributor_) {
        shares = shares_;
        distributor = distributor_;
    }

    function configure(Mode mode_, uint256 rigId_, uint256 auxId_, address returnTo_) external {
        (mode, rigId, auxId, returnTo) = (mode_, rigId_, auxId_, returnTo_);
        attempted = false;
        innerSucceeded = false;
        delete innerRevert;
    }

    function approveToken(IERC20 token, address spender) external {
        token.approve(spender, type(uint256).max);
    }

    function mint(uint256 rigId_, uint256 amount) external returns (uint256) {
        return shares.mint(rigId_, amount);
    }

    function claim(uint256[] calldata ids) external returns (uint256) {
        return distributor.claim(ids);
    }

    function pushEpoch(uint256 rigId_, uint256 epoch, uint256 amount) external {
        distributor.pushEpoch(rigId_, epoch, amount);
    }

    function onERC721Received(address, address, uint256 tokenId, bytes calldata) external returns (bytes4) {
        _reenter(tokenId);
        return IERC721Receiver.onERC721Received.selector;
    }

    function onTokenTransfer(address, uint256) external {
        _reenter(auxId);
    }

    // Low-level calls on purpose: the re-entry must not bubble its revert, so a test can read how it ended.
    // solhint-disable avoid-low-level-calls
    function _reenter(uint256 tokenId) private {
        Mode m = mode;
        if (m == Mode.None || attempted) return;
        attempted = true;
        bool ok;
        bytes memory ret;
        if (m == Mode.Mint) {
            (ok, ret) = address(shares).call(abi.encodeCall(IRigShares.mint, (rigId, 1)));
        } else if (m == Mode.Claim || m == Mode.FlashClaimAndReturn) {
            uint256[] memory ids = new uint256[](1);
            ids[0] = tokenId;
            (ok, ret) = address(distributor).call(abi.encodeCall(IRewardDistributor.claim, (ids)));
            if (ok) claimedInHook = abi.decode(ret, (uint256));
        } else if (m == Mode.Split || m == Mode.FlashSplitAndReturn) {
            (ok, ret) = address(shares).call(abi.encodeCall(IRigShares.split, (tokenId, 1)));
        } else if (m == Mode.Merge) {
            (ok, ret) = address(shares).call(abi.encodeCall(IRigShares.merge, (auxId, tokenId)));
        } else if (m == Mode.Burn) {
            (ok, ret) = address(shares).call(abi.encodeCall(IRigShares.burn, (tokenId)));
        } else if (m == Mode.PushEpoch) {
            (ok, ret) = address(distributor).call(abi.encodeCall(IRewardDistributor.pushEpoch, (rigId, 0, 1)));
        }
        innerSucceeded = ok;
        if (!ok) innerRevert = ret;
        if ((m == Mode.FlashClaimAndReturn || m == Mode.FlashSplitAndReturn) && returnTo != address(0)) {
            shares.transferFrom(address(this), returnTo, tokenId);
        }
    }
    // solhint-enable avoid-low-level-calls
}
