// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Ownable2Step, Ownable} from "@openzeppelin/contracts/access/Ownable2Step.sol";

/// @title PlatformFee
/// @notice The platform fee (basis points, capped) and the treasury it is paid to; admin
/// settings of every contract that takes a fee. Kept in each contract (not read from a shared
/// one) so a payout costs no extra call.
abstract contract PlatformFee is Ownable2Step {
    /// @notice The highest fee the admin can set: 10%.
    uint16 public constant MAX_FEE_BPS = 1_000;
    uint16 internal constant BPS = 10_000;

    uint16 public feeBps;
    address public treasury;

    event PlatformFeeChanged(uint16 oldFeeBps, uint16 newFeeBps);
    event TreasuryChanged(address indexed oldTreasury, address indexed newTreasury);

    error FeeAboveCap(uint16 feeBps, uint16 maxFeeBps);
    error ZeroAddress();

    constructor(address admin, address treasury_, uint16 feeBps_) Ownable(admin) {
        _setTreasury(treasury_);
        _setFee(feeBps_);
    }

    function setPlatformFee(uint16 newFeeBps) external onlyOwner {
        _setFee(newFeeBps);
    }

    function setTreasury(address newTreasury) external onlyOwner {
        _setTreasury(newTreasury);
    }

    function _feeOf(uint256 amount) internal view returns (uint256) {
        return amount * feeBps / BPS;
    }

    function _setFee(uint16 newFeeBps) private {
        if (newFeeBps > MAX_FEE_BPS) revert FeeAboveCap(newFeeBps, MAX_FEE_BPS);
        emit PlatformFeeChanged(feeBps, newFeeBps);
        feeBps = newFeeBps;
    }

    function _setTreasury(address newTreasury) private {
        if (newTreasury == address(0)) revert ZeroAddress();
        emit TreasuryChanged(treasury, newTreasury);
        treasury = newTreasury;
    }
}
