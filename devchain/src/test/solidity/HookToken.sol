// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

interface ITransferHook {
    function onTokenTransfer() external;
}

/// @notice Test-only: an ERC-20 with a transfer hook (like ERC-777), so a payee can run code in
/// the middle of a payout.
contract HookToken is ERC20 {
    address public hook;

    constructor() ERC20("Hook", "HOOK") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setHook(address hook_) external {
        hook = hook_;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (hook != address(0) && (to == hook || from == hook)) ITransferHook(hook).onTokenTransfer();
    }
}
