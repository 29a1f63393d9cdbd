// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {ModelRegistry} from "./ModelRegistry.sol";
import {PlatformFee} from "./PlatformFee.sol";
import {ModelPayee} from "./ModelPayee.sol";

/// @title ModelPayees
/// @notice One payee address per model, whatever the rail (x402's `exact` transfers, its
/// `batch-settlement` claims): `payeeOf(modelId)` is a CREATE2 address anyone can compute from
/// this contract's address and the model id, and holds $SOA before any code is there. `release`
/// (permissionless) pays what it holds: the platform fee to the treasury and the rest to whoever
/// owns the model token at that moment, so payments follow the model when it is sold. The payee is
/// an EIP-1167 minimal proxy of {ModelPayee}, deployed by the first release.
contract ModelPayees is PlatformFee, ReentrancyGuard {
    IERC20 public immutable soa;
    ModelRegistry public immutable registry;
    /// @notice The code every payee runs (a clone of it per model).
    address public immutable implementation;

    /// @notice A payee paid out: `paid` to the model's `owner`, `fee` to the treasury.
    event PayeeReleased(uint256 indexed modelId, address indexed payee, address indexed owner, uint256 paid, uint256 fee);

    error NothingToRelease(uint256 modelId);

    constructor(IERC20 soa_, ModelRegistry registry_, address admin, address treasury_, uint16 feeBps_)
        PlatformFee(admin, treasury_, feeBps_)
    {
        soa = soa_;
        registry = registry_;
        implementation = address(new ModelPayee());
    }

    /// @notice The address that receives every payment for `modelId`.
    function payeeOf(uint256 modelId) public view returns (address) {
        return Clones.predictDeterministicAddress(implementation, bytes32(modelId));
    }

    /// @notice Pays out what the payee of `modelId` holds; anyone may call it. The fee is rounded
    /// down, so the owner gets the remainder and fee + paid is exactly what the payee held.
    function release(uint256 modelId) external nonReentrant returns (uint256 paid, uint256 fee) {
        address owner = registry.ownerOf(modelId); // reverts for a model that does not exist
        address payee = payeeOf(modelId);
        uint256 amount = soa.balanceOf(payee);
        if (amount == 0) revert NothingToRelease(modelId);
        if (payee.code.length == 0) Clones.cloneDeterministic(implementation, bytes32(modelId));
        fee = _feeOf(amount);
        paid = amount - fee;
        if (fee > 0) ModelPayee(payee).pay(soa, treasury, fee);
        ModelPayee(payee).pay(soa, owner, paid);
        emit PayeeReleased(modelId, payee, owner, paid, fee);
    }
}
