// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {SOAToken} from "../../main/solidity/SOAToken.sol";
import {ModelRegistry} from "../../main/solidity/ModelRegistry.sol";
import {LicenseToken} from "../../main/solidity/LicenseToken.sol";
import {Marketplace} from "../../main/solidity/Marketplace.sol";
import {UsageEscrow} from "../../main/solidity/UsageEscrow.sol";
import {ModelPayees} from "../../main/solidity/ModelPayees.sol";

/// @dev forge's cheatcodes and what every test needs. forge-std's Test.sol on npm (1.1.2) imports
/// ds-test, which npm does not serve, so the few assertions are here.
abstract contract Cheats {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    function eq(uint256 a, uint256 b, string memory what) internal pure {
        if (a != b) revert(string.concat(what, ": ", _str(a), " != ", _str(b)));
    }

    function le(uint256 a, uint256 b, string memory what) internal pure {
        if (a > b) revert(string.concat(what, ": ", _str(a), " > ", _str(b)));
    }

    /// @dev `x` folded into [lo, hi] (the fuzzer's value, kept in the range a test means).
    function within(uint256 x, uint256 lo, uint256 hi) internal pure returns (uint256) {
        return lo + x % (hi - lo + 1);
    }

    function _str(uint256 v) private pure returns (string memory) {
        return Strings.toString(v);
    }
}

/// @dev The six contracts deployed as the deployer does (same constructor arguments), with
/// accounts standing for the admin, the treasury, model owners and users.
abstract contract Deployed is Cheats {
    uint16 internal constant FEE_BPS = 250;

    address internal admin = address(0xA11CE);
    address internal treasury = address(0x7EA5);
    SOAToken internal soa;
    ModelRegistry internal registry;
    LicenseToken internal licenses;
    Marketplace internal market;
    UsageEscrow internal escrow;
    ModelPayees internal payees;

    function deploy() internal {
        soa = new SOAToken(admin);
        registry = new ModelRegistry();
        licenses = new LicenseToken(soa, registry, admin, treasury, FEE_BPS);
        market = new Marketplace(soa, registry, licenses, admin, treasury, FEE_BPS);
        escrow = new UsageEscrow(soa, registry, admin, treasury, FEE_BPS);
        payees = new ModelPayees(soa, registry, admin, treasury, FEE_BPS);
        vm.startPrank(admin);
        soa.grantRole(soa.MINTER_ROLE(), admin);
        vm.stopPrank();
    }

    function contracts() external view returns (SOAToken, ModelRegistry, LicenseToken, Marketplace, address) {
        return (soa, registry, licenses, market, treasury);
    }

    function mint(address to, uint256 amount) internal {
        vm.prank(admin);
        soa.mint(to, amount);
    }

    function tokenize(address owner, uint256 n, uint96 royaltyBps) internal returns (uint256 modelId) {
        vm.prank(owner);
        modelId = registry.tokenize(bytes32(n + 1), "ipfs://model", bytes32(0), royaltyBps);
    }
}
