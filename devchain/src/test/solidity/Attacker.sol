// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @notice Test-only: a receiver that, when paid or handed a token, tries once to re-enter the
/// contract that is paying it with a prepared call, and records what happened.
contract Attacker {
    address public target;
    bytes public payload;
    bool public attempted;
    bool public reentered;
    bytes public lastError;

    function arm(address target_, bytes calldata payload_) external {
        target = target_;
        payload = payload_;
        attempted = false;
        reentered = false;
        delete lastError;
    }

    /// @notice Acts as this contract: approve tokens, buy, list, ... Bubbles reverts up.
    function exec(address to, bytes calldata data) external returns (bytes memory result) {
        (bool ok, bytes memory r) = to.call(data);
        if (!ok) {
            assembly {
                revert(add(r, 32), mload(r))
            }
        }
        return r;
    }

    function onERC721Received(address, address, uint256, bytes calldata) external returns (bytes4) {
        _attack();
        return this.onERC721Received.selector;
    }

    /// @notice Called by HookToken on every transfer to or from this contract.
    function onTokenTransfer() external {
        _attack();
    }

    function _attack() private {
        if (attempted || target == address(0)) return;
        attempted = true;
        (bool ok, bytes memory err) = target.call(payload);
        reentered = ok;
        lastError = err;
    }
}
