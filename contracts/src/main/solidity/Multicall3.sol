// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title Multicall3 (local stand-in)
/// @notice The one function of Multicall3 (mds1/multicall, at 0xcA11bde05977b3631167028862bE2a173976CA11
/// on every public chain) that x402's batch-settlement facilitator reads channel state with. A
/// fresh anvil has no Multicall3, so the local stack sets this code at that address; on a public
/// chain the real one is already there.
contract Multicall3 {
    struct Call {
        address target;
        bytes callData;
    }

    struct Result {
        bool success;
        bytes returnData;
    }

    error CallFailed(uint256 index);

    function tryAggregate(bool requireSuccess, Call[] calldata calls) external returns (Result[] memory returnData) {
        returnData = new Result[](calls.length);
        for (uint256 i = 0; i < calls.length; i++) {
            // solhint-disable-next-line avoid-low-level-calls
            (bool success, bytes memory ret) = calls[i].target.call(calls[i].callData);
            if (requireSuccess && !success) revert CallFailed(i);
            returnData[i] = Result(success, ret);
        }
    }
}
