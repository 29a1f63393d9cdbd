// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IDepositCollector} from "./X402BatchSettlement.sol";

interface IERC3009Receive {
    function receiveWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        bytes memory signature
    ) external;
}

/// @title ERC3009DepositCollector
/// @notice Pulls a `batch-settlement` deposit with the payer's ERC-3009 `receiveWithAuthorization`
/// (to this collector, so it cannot be front-run into a plain transfer) and passes it to the
/// settlement contract. The authorization's nonce is `keccak256(abi.encode(channelId, salt))`, as
/// x402's clients sign it, so a deposit authorization funds the one channel it names.
/// `collectorData` = abi.encode(validAfter, validBefore, salt, signature).
contract ERC3009DepositCollector is IDepositCollector {
    using SafeERC20 for IERC20;

    /// @notice The only contract that may collect: the settlement contract deposits what it pulls.
    address public immutable settlement;

    error NotSettlement(address caller);

    constructor(address settlement_) {
        settlement = settlement_;
    }

    function collect(address payer, address token, uint256 amount, bytes32 channelId, bytes calldata data)
        external
    {
        if (msg.sender != settlement) revert NotSettlement(msg.sender);
        (uint256 validAfter, uint256 validBefore, uint256 salt, bytes memory signature) =
            abi.decode(data, (uint256, uint256, uint256, bytes));
        bytes32 nonce = keccak256(abi.encode(channelId, salt));
        IERC3009Receive(token).receiveWithAuthorization(
            payer, address(this), amount, validAfter, validBefore, nonce, signature
        );
        IERC20(token).safeTransfer(settlement, amount);
    }
}
