// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @title ModelPayee
/// @notice A model's payee: it holds $SOA and moves it only when {ModelPayees} (its deployer, an
/// immutable of this code, which every clone shares) says so.
contract ModelPayee {
    using SafeERC20 for IERC20;

    address public immutable payees;

    error OnlyPayees(address caller);

    constructor() {
        payees = msg.sender;
    }

    function pay(IERC20 token, address to, uint256 amount) external {
        if (msg.sender != payees) revert OnlyPayees(msg.sender);
        token.safeTransfer(to, amount);
    }
}
