// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC3009} from "./ERC3009.sol";

/// @title SOAToken
/// @notice The $SOA payment token: ERC-20, 18 decimals, ERC-2612 permit and ERC-3009 transfers with
/// authorization (x402's `exact` scheme and its deposits), both under the EIP-712 domain
/// name "SOA", version "1" (readable with ERC-5267's eip712Domain()). Minting is a role the
/// local stack grants only to its faucet; production deployments grant it to no one after the
/// initial supply.
contract SOAToken is ERC20, ERC20Permit, ERC3009, AccessControl {
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");

    constructor(address admin) ERC20("SOA", "SOA") ERC20Permit("SOA") {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @notice The EIP-712 domain's version, as USDC and other ERC-3009 tokens expose it (x402
    /// facilitators read it with name() to check the domain a client signed under).
    function version() external pure returns (string memory) {
        return "1";
    }

    function mint(address to, uint256 amount) external onlyRole(MINTER_ROLE) {
        _mint(to, amount);
    }
}
