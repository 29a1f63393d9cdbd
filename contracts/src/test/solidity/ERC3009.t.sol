// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Deployed} from "./Suite.sol";
import {ERC3009} from "../../main/solidity/ERC3009.sol";

/// @dev $SOA's ERC-3009 transfers with authorization: each nonce moves value once, only inside its
/// window, only as its signer signed, and receive-authorizations only by their payee.
contract ERC3009Test is Deployed {
    uint256 private constant PAYER_KEY = 0xA11CE5;
    uint256 private constant OTHER_KEY = 0xB0B;
    address private payer;
    address private payee = address(0xFEE);
    address private relayer = address(0x5E7713);
    uint256 private constant T0 = 1_800_000_000;
    // secp256k1's order: s above half of it is the malleable twin of a signature
    uint256 private constant N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;

    function setUp() public {
        deploy();
        payer = vm.addr(PAYER_KEY);
        vm.prank(admin);
        soa.mint(payer, 1_000 ether);
        vm.warp(T0);
    }

    function test_transferMovesTheValueOnceWhoeverSubmits() public {
        bytes32 nonce = keccak256("n1");
        bytes memory sig = _sign(PAYER_KEY, soa.TRANSFER_WITH_AUTHORIZATION_TYPEHASH(), payer, payee, 5 ether, nonce);
        vm.prank(relayer);
        soa.transferWithAuthorization(payer, payee, 5 ether, T0 - 1, T0 + 60, nonce, sig);
        eq(soa.balanceOf(payee), 5 ether, "payee");
        eq(soa.balanceOf(payer), 995 ether, "payer");
        eq(soa.balanceOf(relayer), 0, "relayer");
        if (!soa.authorizationState(payer, nonce)) revert("nonce not spent");
        vm.expectRevert(abi.encodeWithSelector(ERC3009.AuthorizationUsedOrCanceled.selector, payer, nonce));
        soa.transferWithAuthorization(payer, payee, 5 ether, T0 - 1, T0 + 60, nonce, sig);
    }

    function test_vrsFormIsTheSameAuthorization() public {
        bytes32 nonce = keccak256("n2");
        (uint8 v, bytes32 r, bytes32 s) =
            vm.sign(PAYER_KEY, _digest(soa.TRANSFER_WITH_AUTHORIZATION_TYPEHASH(), payer, payee, 1, nonce));
        soa.transferWithAuthorization(payer, payee, 1, T0 - 1, T0 + 60, nonce, v, r, s);
        eq(soa.balanceOf(payee), 1, "payee");
        vm.expectRevert(abi.encodeWithSelector(ERC3009.AuthorizationUsedOrCanceled.selector, payer, nonce));
        soa.transferWithAuthorization(payer, payee, 1, T0 - 1, T0 + 60, nonce, abi.encodePacked(r, s, v));
    }

    function test_theWindowIsExclusiveAtBothEnds() public {
        bytes32 nonce = keccak256("n3");
        bytes memory sig = _sign(PAYER_KEY, soa.TRANSFER_WITH_AUTHORIZATION_TYPEHASH(), payer, payee, 1, nonce);
        vm.warp(T0 - 1); // == validAfter
        vm.expectRevert(abi.encodeWithSelector(ERC3009.AuthorizationNotYetValid.selector, T0 - 1, T0 - 1));
        soa.transferWithAuthorization(payer, payee, 1, T0 - 1, T0 + 60, nonce, sig);
        vm.warp(T0 + 60); // == validBefore
        vm.expectRevert(abi.encodeWithSelector(ERC3009.AuthorizationExpired.selector, T0 + 60, T0 + 60));
        soa.transferWithAuthorization(payer, payee, 1, T0 - 1, T0 + 60, nonce, sig);
        if (soa.authorizationState(payer, nonce)) revert("a refused authorization spent its nonce");
        vm.warp(T0 + 59);
        soa.transferWithAuthorization(payer, payee, 1, T0 - 1, T0 + 60, nonce, sig);
        eq(soa.balanceOf(payee), 1, "inside the window");
    }

    function test_anotherSignerOrAnyChangedFieldIsRefused() public {
        bytes32 nonce = keccak256("n4");
        bytes32 th = soa.TRANSFER_WITH_AUTHORIZATION_TYPEHASH();
        bytes memory byOther = _sign(OTHER_KEY, th, payer, payee, 1, nonce);
        vm.expectRevert(abi.encodeWithSelector(ERC3009.InvalidAuthorizationSignature.selector, payer));
        soa.transferWithAuthorization(payer, payee, 1, T0 - 1, T0 + 60, nonce, byOther);
        bytes memory sig = _sign(PAYER_KEY, th, payer, payee, 1, nonce);
        vm.expectRevert(abi.encodeWithSelector(ERC3009.InvalidAuthorizationSignature.selector, payer));
        soa.transferWithAuthorization(payer, payee, 2, T0 - 1, T0 + 60, nonce, sig); // value
        vm.expectRevert(abi.encodeWithSelector(ERC3009.InvalidAuthorizationSignature.selector, payer));
        soa.transferWithAuthorization(payer, relayer, 1, T0 - 1, T0 + 60, nonce, sig); // payee
        vm.expectRevert(abi.encodeWithSelector(ERC3009.InvalidAuthorizationSignature.selector, payer));
        soa.transferWithAuthorization(payer, payee, 1, T0 - 1, T0 + 61, nonce, sig); // window
        vm.expectRevert(abi.encodeWithSelector(ERC3009.InvalidAuthorizationSignature.selector, payer));
        soa.transferWithAuthorization(payer, payee, 1, T0 - 1, T0 + 60, keccak256("n5"), sig); // nonce
        // a receive-authorization's signature is not a transfer-authorization's
        bytes memory receiveSig =
            _sign(PAYER_KEY, soa.RECEIVE_WITH_AUTHORIZATION_TYPEHASH(), payer, payee, 1, nonce);
        vm.expectRevert(abi.encodeWithSelector(ERC3009.InvalidAuthorizationSignature.selector, payer));
        soa.transferWithAuthorization(payer, payee, 1, T0 - 1, T0 + 60, nonce, receiveSig);
        eq(soa.balanceOf(payee), 0, "nothing moved");
    }

    function test_theMalleableTwinOfASignatureIsRefused() public {
        bytes32 nonce = keccak256("n6");
        (uint8 v, bytes32 r, bytes32 s) =
            vm.sign(PAYER_KEY, _digest(soa.TRANSFER_WITH_AUTHORIZATION_TYPEHASH(), payer, payee, 1, nonce));
        bytes32 twinS = bytes32(N - uint256(s));
        uint8 twinV = v == 27 ? 28 : 27;
        vm.expectRevert(abi.encodeWithSelector(ERC3009.InvalidAuthorizationSignature.selector, payer));
        soa.transferWithAuthorization(payer, payee, 1, T0 - 1, T0 + 60, nonce, twinV, r, twinS);
    }

    function test_onlyThePayeeSubmitsAReceiveAuthorization() public {
        bytes32 nonce = keccak256("n7");
        bytes memory sig = _sign(PAYER_KEY, soa.RECEIVE_WITH_AUTHORIZATION_TYPEHASH(), payer, payee, 3, nonce);
        vm.prank(relayer);
        vm.expectRevert(abi.encodeWithSelector(ERC3009.CallerMustBePayee.selector, relayer, payee));
        soa.receiveWithAuthorization(payer, payee, 3, T0 - 1, T0 + 60, nonce, sig);
        vm.prank(payee);
        soa.receiveWithAuthorization(payer, payee, 3, T0 - 1, T0 + 60, nonce, sig);
        eq(soa.balanceOf(payee), 3, "received");
    }

    function test_aCanceledNonceMovesNothing() public {
        bytes32 nonce = keccak256("n8");
        bytes memory sig = _sign(PAYER_KEY, soa.TRANSFER_WITH_AUTHORIZATION_TYPEHASH(), payer, payee, 1, nonce);
        bytes memory byOther = _signCancel(OTHER_KEY, payer, nonce);
        vm.expectRevert(abi.encodeWithSelector(ERC3009.InvalidAuthorizationSignature.selector, payer));
        soa.cancelAuthorization(payer, nonce, byOther);
        bytes memory cancel = _signCancel(PAYER_KEY, payer, nonce);
        soa.cancelAuthorization(payer, nonce, cancel);
        vm.expectRevert(abi.encodeWithSelector(ERC3009.AuthorizationUsedOrCanceled.selector, payer, nonce));
        soa.transferWithAuthorization(payer, payee, 1, T0 - 1, T0 + 60, nonce, sig);
        vm.expectRevert(abi.encodeWithSelector(ERC3009.AuthorizationUsedOrCanceled.selector, payer, nonce));
        soa.cancelAuthorization(payer, nonce, cancel);
        eq(soa.balanceOf(payee), 0, "nothing moved");
    }

    /// Any value up to the balance moves exactly once; the supply is unchanged.
    function testFuzz_aValueMovesExactlyOnce(uint256 value, bytes32 nonce) public {
        value = within(value, 0, 1_000 ether);
        uint256 supply = soa.totalSupply();
        bytes memory sig = _sign(PAYER_KEY, soa.TRANSFER_WITH_AUTHORIZATION_TYPEHASH(), payer, payee, value, nonce);
        soa.transferWithAuthorization(payer, payee, value, T0 - 1, T0 + 60, nonce, sig);
        try soa.transferWithAuthorization(payer, payee, value, T0 - 1, T0 + 60, nonce, sig) {
            revert("an authorization paid twice");
        } catch {}
        eq(soa.balanceOf(payee), value, "payee");
        eq(soa.balanceOf(payer) + soa.balanceOf(payee), 1_000 ether, "every wei");
        eq(soa.totalSupply(), supply, "supply");
    }

    /// More than the balance is refused and spends no nonce.
    function testFuzz_moreThanTheBalanceIsRefused(uint256 value) public {
        value = within(value, 1_000 ether + 1, type(uint128).max);
        bytes32 nonce = keccak256(abi.encode(value));
        bytes memory sig = _sign(PAYER_KEY, soa.TRANSFER_WITH_AUTHORIZATION_TYPEHASH(), payer, payee, value, nonce);
        try soa.transferWithAuthorization(payer, payee, value, T0 - 1, T0 + 60, nonce, sig) {
            revert("more than the balance moved");
        } catch {}
        if (soa.authorizationState(payer, nonce)) revert("a refused transfer spent its nonce");
    }

    function _digest(bytes32 typeHash, address from, address to, uint256 value, bytes32 nonce)
        private
        view
        returns (bytes32)
    {
        bytes32 structHash = keccak256(abi.encode(typeHash, from, to, value, T0 - 1, T0 + 60, nonce));
        return keccak256(abi.encodePacked("\x19\x01", soa.DOMAIN_SEPARATOR(), structHash));
    }

    function _sign(uint256 key, bytes32 typeHash, address from, address to, uint256 value, bytes32 nonce)
        private
        returns (bytes memory)
    {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, _digest(typeHash, from, to, value, nonce));
        return abi.encodePacked(r, s, v);
    }

    function _signCancel(uint256 key, address authorizer, bytes32 nonce) private returns (bytes memory) {
        bytes32 structHash = keccak256(abi.encode(soa.CANCEL_AUTHORIZATION_TYPEHASH(), authorizer, nonce));
        (uint8 v, bytes32 r, bytes32 s) =
            vm.sign(key, keccak256(abi.encodePacked("\x19\x01", soa.DOMAIN_SEPARATOR(), structHash)));
        return abi.encodePacked(r, s, v);
    }
}
