// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title LinkedPausable
/// @notice OpenZeppelin `Pausable` behaviour (same errors, events and `paused()`), with the pause flag
/// stored beside the one contract address the hot paths call next, so checking the pause and loading that
/// address cost one cold storage read instead of two.
abstract contract LinkedPausable {
    // Slot: linked contract | paused
    address private _linked;
    bool private _paused;

    /// @notice The pause was triggered by `account`.
    /// @param account The pauser.
    event Paused(address account);
    /// @notice The pause was lifted by `account`.
    /// @param account The pauser.
    event Unpaused(address account);

    /// @notice The operation failed because the contract is paused.
    error EnforcedPause();
    /// @notice The operation failed because the contract is not paused.
    error ExpectedPause();

    modifier whenNotPaused() {
        _requireNotPaused();
        _;
    }

    modifier whenPaused() {
        if (!_paused) revert ExpectedPause();
        _;
    }

    /// @notice Whether the contract is paused.
    /// @return True while paused.
    function paused() public view returns (bool) {
        return _paused;
    }

    function _requireNotPaused() internal view {
        if (_paused) revert EnforcedPause();
    }

    function _pause() internal whenNotPaused {
        _paused = true;
        emit Paused(msg.sender);
    }

    function _unpause() internal whenPaused {
        _paused = false;
        emit Unpaused(msg.sender);
    }

    function _linkedContract() internal view returns (address) {
        return _linked;
    }

    /// @dev `_requireNotPaused` and `_linkedContract` together, from one storage read (both share a slot).
    function _linkedContractWhenNotPaused() internal view returns (address linked) {
        linked = _linked;
        if (_paused) revert EnforcedPause();
    }

    function _setLinked(address linked) internal {
        _linked = linked;
    }
}
