// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Base64} from "@openzeppelin/contracts/utils/Base64.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";

import {IEpochFunder} from "./interfaces/IEpochFunder.sol";
import {IRewardDistributor} from "./interfaces/IRewardDistributor.sol";
import {IRigShares} from "./interfaces/IRigShares.sol";
import {IShareRenderer} from "./interfaces/IShareRenderer.sol";
import {PositionId} from "./libraries/PositionId.sol";
import {ShareSvg} from "./libraries/ShareSvg.sol";

/// @title ShareRenderer
/// @notice Fully on-chain metadata of Rigshare positions: JSON attributes and an SVG card.
/// @dev Rig names are restricted at registration to 32 bytes but not escaped here beyond quotes and
/// angle brackets, which are replaced so a hostile name cannot break the JSON or the SVG.
contract ShareRenderer is IShareRenderer {
    using Strings for uint256;

    /// @inheritdoc IShareRenderer
    function tokenURI(
        uint256 positionId,
        IRigShares.Rig calldata rig,
        uint256 shares
    ) external view returns (string memory) {
        string memory name = _sanitize(rig.name);
        // Equivalent hashrate of the position, rounded down.
        uint256 equivalent = (uint256(rig.hashrate) * shares) / rig.totalShares;
        ShareSvg.Card memory card = ShareSvg.Card({
            title: string.concat(name, " #", (positionId % PositionId.STRIDE).toString()),
            algorithm: _algorithm(rig.algorithm),
            shares: string.concat(shares.toString(), " / ", uint256(rig.totalShares).toString()),
            // Basis points of the rig, shown as a percentage with two decimals, rounded down.
            shareOfRig: string.concat(ShareSvg.fixedPoint((shares * 10_000) / rig.totalShares, 2), "%"),
            hashrate: ShareSvg.hashrate(equivalent),
            efficiency: string.concat(_efficiency(rig), " J/TH"),
            status: _status(rig, PositionId.rigOf(positionId))
        });
        string memory head = string.concat(
            '{"name":"',
            card.title,
            '","description":"Rigshare position: ',
            card.shares,
            " shares of mining rig ",
            name,
            ', earning its streamed payouts.","attributes":['
        );
        string memory json = string.concat(
            head,
            _attributes(rig, shares, equivalent, card),
            '],"image":"data:image/svg+xml;base64,',
            Base64.encode(bytes(ShareSvg.render(card))),
            '"}'
        );
        return string.concat("data:application/json;base64,", Base64.encode(bytes(json)));
    }

    function _attributes(
        IRigShares.Rig calldata rig,
        uint256 shares,
        uint256 equivalent,
        ShareSvg.Card memory card
    ) private pure returns (string memory) {
        return
            string.concat(
                _attribute("Rig", _sanitize(rig.name), true),
                _attribute("Algorithm", card.algorithm, true),
                _attribute("Shares", shares.toString(), false),
                _attribute("Share of rig (%)", ShareSvg.fixedPoint((shares * 10_000) / rig.totalShares, 2), false),
                _attribute("Equivalent TH/s", ShareSvg.fixedPoint(equivalent / 1e9, 3), false),
                _attribute("Efficiency (J/TH)", _efficiency(rig), false),
                '{"trait_type":"Status","value":"',
                card.status,
                '"}'
            );
    }

    /// @dev J/TH = W / (H/s / 1e12), with one decimal, rounded down.
    function _efficiency(IRigShares.Rig calldata rig) private pure returns (string memory) {
        return ShareSvg.fixedPoint((uint256(rig.powerWatts) * 1e13) / rig.hashrate, 1);
    }

    function _attribute(string memory trait, string memory value, bool quoted) private pure returns (string memory) {
        string memory q = quoted ? '"' : "";
        return string.concat('{"trait_type":"', trait, '","value":', q, value, q, "},");
    }

    function _algorithm(IRigShares.Algorithm a) private pure returns (string memory) {
        if (a == IRigShares.Algorithm.SHA256) return "SHA-256";
        if (a == IRigShares.Algorithm.Scrypt) return "Scrypt";
        if (a == IRigShares.Algorithm.RandomX) return "RandomX";
        if (a == IRigShares.Algorithm.Ethash) return "Ethash";
        return "kHeavyHash";
    }

    function _status(IRigShares.Rig calldata rig, uint256 rigId) private view returns (string memory) {
        if (rig.status == IRigShares.RigStatus.Retired) return "Retired";
        bool inDefault = _inDefault(rigId);
        if (rig.status == IRigShares.RigStatus.Suspended) return inDefault ? "Suspended, in default" : "Suspended";
        if (inDefault) return rig.saleOpen ? "In default, on sale" : "In default";
        return rig.saleOpen ? "Active, on sale" : "Active";
    }

    /// @dev Whether the epoch funder has the rig in default (an SLA refund or an unfunded epoch its bond could
    /// not cover). The caller is the share token asking for its own metadata: its distributor names the funder.
    /// A distributor without a funder yet, or a funder that does not answer, reads as "not in default".
    function _inDefault(uint256 rigId) private view returns (bool) {
        try IRigShares(msg.sender).distributor() returns (IRewardDistributor distributor) {
            try distributor.funder() returns (address funder) {
                if (funder.code.length == 0) return false;
                try IEpochFunder(funder).terms(rigId) returns (IEpochFunder.Terms memory t) {
                    return t.inDefault;
                } catch {
                    return false;
                }
            } catch {
                return false;
            }
        } catch {
            return false;
        }
    }

    /// @dev Replaces characters that would break JSON or SVG with a space.
    function _sanitize(string calldata s) private pure returns (string memory out) {
        bytes memory b = bytes(s);
        for (uint256 i; i < b.length; ++i) {
            bytes1 c = b[i];
            if (c == '"' || c == "\\" || c == "<" || c == ">" || c == "&" || uint8(c) < 0x20) b[i] = " ";
        }
        out = string(b);
    }
}
