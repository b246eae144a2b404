// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";

/// @title ShareSvg
/// @notice Number formatting and the SVG card of a share position.
library ShareSvg {
    using Strings for uint256;

    /// @notice Values shown on a position's card, already formatted.
    struct Card {
        string title;
        string algorithm;
        string shares;
        string shareOfRig;
        string hashrate;
        string efficiency;
        string status;
    }

    /// @notice `value / 10^decimals` with exactly `decimals` digits after the point, rounded down.
    /// @param value Amount in base units.
    /// @param decimals Number of decimals of `value`.
    /// @return The decimal string.
    function fixedPoint(uint256 value, uint256 decimals) internal pure returns (string memory) {
        if (decimals == 0) return value.toString();
        uint256 unit = 10 ** decimals;
        string memory fraction = (value % unit).toString();
        // Left-pad the fraction with zeros to `decimals` digits.
        while (bytes(fraction).length < decimals) fraction = string.concat("0", fraction);
        return string.concat((value / unit).toString(), ".", fraction);
    }

    /// @notice A hashrate in H/s with the largest unit that keeps the integer part ≥ 1 (two decimals).
    /// @param hashesPerSecond Hashrate, in H/s.
    /// @return The formatted hashrate, e.g. `110.00 TH/s`.
    function hashrate(uint256 hashesPerSecond) internal pure returns (string memory) {
        string[7] memory units = ["H/s", "kH/s", "MH/s", "GH/s", "TH/s", "PH/s", "EH/s"];
        uint256 unit;
        uint256 scale = 1;
        while (unit < 6 && hashesPerSecond >= scale * 1000) {
            scale *= 1000;
            ++unit;
        }
        // Two decimals of the chosen unit, rounded down.
        return string.concat(fixedPoint((hashesPerSecond * 100) / scale, 2), " ", units[unit]);
    }

    /// @notice The 350×350 SVG card.
    /// @param c The card's values.
    /// @return The SVG document.
    function render(Card memory c) internal pure returns (string memory) {
        string memory header = string.concat(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 350 350" font-family="monospace">',
            '<rect width="350" height="350" rx="18" fill="#10151c"/>',
            '<rect x="14" y="14" width="322" height="322" rx="12" fill="none" stroke="#f7931a" stroke-width="2"/>',
            _text(30, 52, 20, "#f7931a", c.title),
            _text(30, 80, 13, "#8aa0b4", string.concat(c.algorithm, " | ", c.status))
        );
        string memory rows = string.concat(
            _row(130, "Shares", c.shares),
            _row(165, "Share of rig", c.shareOfRig),
            _row(200, "Hashrate", c.hashrate),
            _row(235, "Efficiency", c.efficiency)
        );
        return string.concat(header, rows, _text(30, 310, 11, "#5d6b78", "Rigshare position"), "</svg>");
    }

    function _row(uint256 y, string memory label, string memory value) private pure returns (string memory) {
        return string.concat(_text(30, y, 12, "#8aa0b4", label), _text(170, y, 15, "#e8eef3", value));
    }

    function _text(
        uint256 x,
        uint256 y,
        uint256 size,
        string memory fill,
        string memory body
    ) private pure returns (string memory) {
        string memory open = string.concat('<text x="', x.toString(), '" y="', y.toString(), '" font-size="');
        return string.concat(open, size.toString(), '" fill="', fill, '">', body, "</text>");
    }
}
