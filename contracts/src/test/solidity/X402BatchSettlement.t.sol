// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Deployed} from "./Suite.sol";
import {X402BatchSettlement} from "../../main/solidity/X402BatchSettlement.sol";
import {ERC3009DepositCollector} from "../../main/solidity/ERC3009DepositCollector.sol";

/// @dev x402's batch-settlement channels: a deposit funds the one channel its authorization names,
/// vouchers are claimed once and never above what was deposited, one signature claims many
/// channels, settle pays receivers what was claimed, refunds and timed withdrawals return only what
/// is unclaimed, and every token the contract holds is some channel's or some receiver's.
contract X402BatchSettlementTest is Deployed {
    uint256 private constant PAYER_KEY = 0xA11CE5;
    uint256 private constant AUTHORIZER_KEY = 0xA070;
    uint256 private constant T0 = 1_800_000_000;
    X402BatchSettlement private batch;
    ERC3009DepositCollector private collector;
    address private payer;
    address private authorizer;
    address private receiver = address(0xFEE);

    function setUp() public {
        deploy();
        batch = new X402BatchSettlement();
        collector = new ERC3009DepositCollector(address(batch));
        payer = vm.addr(PAYER_KEY);
        authorizer = vm.addr(AUTHORIZER_KEY);
        vm.prank(admin);
        soa.mint(payer, 1_000 ether);
        vm.warp(T0);
    }

    function test_aDepositFundsItsChannelOnceAndVouchersAreClaimedAndSettled() public {
        X402BatchSettlement.ChannelConfig memory c = _config(payer, bytes32(0));
        bytes32 id = batch.getChannelId(c);
        _deposit(c, 10 ether, 1);
        (uint128 balance,) = batch.channels(id);
        eq(balance, 10 ether, "balance");
        bytes memory data = _collectorData(c, 10 ether, 1);
        vm.expectRevert(); // the same authorization again: its nonce is spent
        batch.deposit(c, 10 ether, address(collector), data);

        X402BatchSettlement.VoucherClaim[] memory claims = new X402BatchSettlement.VoucherClaim[](1);
        claims[0] = _claim(c, 4 ether, 3 ether);
        batch.claimWithSignature(claims, _authorize(claims));
        batch.settle(receiver, address(soa));
        eq(soa.balanceOf(receiver), 3 ether, "settled what was claimed, not what was signed");
        claims[0] = _claim(c, 4 ether, 4 ether); // the rest of the same voucher, later
        batch.claimWithSignature(claims, _authorize(claims));
        batch.settle(receiver, address(soa));
        eq(soa.balanceOf(receiver), 4 ether, "claimed once in total");
        claims[0] = _claim(c, 20 ether, 11 ether);
        bytes memory sig = _authorize(claims);
        vm.expectRevert(abi.encodeWithSelector(X402BatchSettlement.ClaimAboveBalance.selector, id, 11 ether, 10 ether));
        batch.claimWithSignature(claims, sig);
    }

    function test_oneSignatureClaimsAHundredChannels() public {
        uint256 n = 100;
        X402BatchSettlement.VoucherClaim[] memory claims = new X402BatchSettlement.VoucherClaim[](n);
        for (uint256 i = 0; i < n; i++) {
            X402BatchSettlement.ChannelConfig memory c = _config(payer, bytes32(i));
            _deposit(c, 1 ether, 100 + i);
            claims[i] = _claim(c, 0.5 ether, 0.5 ether);
        }
        batch.claimWithSignature(claims, _authorize(claims));
        batch.settle(receiver, address(soa));
        eq(soa.balanceOf(receiver), 50 ether, "100 channels claimed");
        eq(soa.balanceOf(address(batch)), 50 ether, "the unclaimed halves stay escrowed");
    }

    function test_strangersCannotClaimRefundOrWithdraw() public {
        X402BatchSettlement.ChannelConfig memory c = _config(payer, bytes32(0));
        _deposit(c, 10 ether, 1);
        X402BatchSettlement.VoucherClaim[] memory claims = new X402BatchSettlement.VoucherClaim[](1);
        claims[0] = _claim(c, 4 ether, 4 ether);
        vm.prank(address(0xBAD));
        vm.expectRevert(abi.encodeWithSelector(X402BatchSettlement.NotReceiverSide.selector, address(0xBAD)));
        batch.claim(claims);
        bytes memory forged = _sign(0xBAD, batch.getClaimBatchDigest(claims));
        vm.expectRevert(X402BatchSettlement.InvalidAuthorizerSignature.selector);
        batch.claimWithSignature(claims, forged);
        bytes32 id = batch.getChannelId(c);
        claims[0].signature = _sign(0xBAD, batch.getVoucherDigest(id, 4 ether));
        vm.prank(authorizer);
        vm.expectRevert(abi.encodeWithSelector(X402BatchSettlement.InvalidVoucherSignature.selector, id));
        batch.claim(claims);
        vm.prank(address(0xBAD));
        vm.expectRevert(abi.encodeWithSelector(X402BatchSettlement.NotReceiverSide.selector, address(0xBAD)));
        batch.refund(c, 1 ether);
        vm.prank(address(0xBAD));
        vm.expectRevert(abi.encodeWithSelector(X402BatchSettlement.NotPayerSide.selector, address(0xBAD)));
        batch.initiateWithdraw(c, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(ERC3009DepositCollector.NotSettlement.selector, address(this)));
        collector.collect(payer, address(soa), 1 ether, bytes32(0), "");
    }

    function test_aRefundReturnsOnlyWhatIsUnclaimedAndSpendsItsNonce() public {
        X402BatchSettlement.ChannelConfig memory c = _config(payer, bytes32(0));
        bytes32 id = batch.getChannelId(c);
        _deposit(c, 10 ether, 1);
        X402BatchSettlement.VoucherClaim[] memory claims = new X402BatchSettlement.VoucherClaim[](1);
        claims[0] = _claim(c, 6 ether, 6 ether);
        vm.prank(authorizer);
        batch.claim(claims);
        bytes memory sig = _sign(AUTHORIZER_KEY, batch.getRefundDigest(id, 0, 100 ether));
        batch.refundWithSignature(c, 100 ether, 0, sig);
        eq(soa.balanceOf(payer), 994 ether, "the unclaimed 4 back, capped");
        vm.expectRevert(abi.encodeWithSelector(X402BatchSettlement.RefundNonceMismatch.selector, 1, 0));
        batch.refundWithSignature(c, 100 ether, 0, sig);
        batch.settle(receiver, address(soa));
        eq(soa.balanceOf(receiver), 6 ether, "the claimed 6 to the receiver");
        eq(soa.balanceOf(address(batch)), 0, "nothing left");
    }

    function test_aTimedWithdrawalWaitsItsDelayAndYieldsToClaims() public {
        X402BatchSettlement.ChannelConfig memory c = _config(payer, bytes32(0));
        _deposit(c, 10 ether, 1);
        vm.prank(payer);
        batch.initiateWithdraw(c, 10 ether);
        vm.prank(payer);
        vm.expectRevert(abi.encodeWithSelector(X402BatchSettlement.WithdrawDelayNotElapsed.selector, T0 + 3600));
        batch.finalizeWithdraw(c);
        X402BatchSettlement.VoucherClaim[] memory claims = new X402BatchSettlement.VoucherClaim[](1);
        claims[0] = _claim(c, 7 ether, 7 ether); // the receiver claims inside the delay
        batch.claimWithSignature(claims, _authorize(claims));
        vm.warp(T0 + 3600);
        vm.prank(payer);
        batch.finalizeWithdraw(c);
        eq(soa.balanceOf(payer), 993 ether, "what was unclaimed");
        batch.settle(receiver, address(soa));
        eq(soa.balanceOf(receiver), 7 ether, "what was claimed");
        eq(soa.balanceOf(address(batch)), 0, "nothing left");
    }

    function testFuzz_tokensHeldAreChannelsOrReceivers(uint128 deposit, uint128 claimed, uint128 refund) public {
        deposit = uint128(within(deposit, 1, 500 ether));
        claimed = uint128(within(claimed, 0, deposit));
        X402BatchSettlement.ChannelConfig memory c = _config(payer, bytes32(0));
        bytes32 id = batch.getChannelId(c);
        _deposit(c, deposit, 7);
        X402BatchSettlement.VoucherClaim[] memory claims = new X402BatchSettlement.VoucherClaim[](1);
        claims[0] = _claim(c, claimed, claimed);
        batch.claimWithSignature(claims, _authorize(claims));
        vm.prank(authorizer);
        batch.refund(c, refund);
        (uint128 balance, uint128 total) = batch.channels(id);
        (uint128 rClaimed, uint128 rSettled) = batch.receivers(receiver, address(soa));
        eq(soa.balanceOf(address(batch)), balance - total + rClaimed - rSettled, "held = unclaimed + unsettled");
        eq(soa.balanceOf(payer) + soa.balanceOf(address(batch)), 1_000 ether, "every wei");
    }

    function _config(address who, bytes32 salt) private view returns (X402BatchSettlement.ChannelConfig memory) {
        return X402BatchSettlement.ChannelConfig(who, who, receiver, authorizer, address(soa), 3600, salt);
    }

    function _collectorData(X402BatchSettlement.ChannelConfig memory c, uint256 amount, uint256 salt)
        private
        returns (bytes memory)
    {
        bytes32 nonce = keccak256(abi.encode(batch.getChannelId(c), salt));
        bytes32 digest = keccak256(
            abi.encodePacked(
                "\x19\x01",
                soa.DOMAIN_SEPARATOR(),
                keccak256(
                    abi.encode(
                        soa.RECEIVE_WITH_AUTHORIZATION_TYPEHASH(), c.payer, address(collector), amount, 0, T0 + 600, nonce
                    )
                )
            )
        );
        return abi.encode(uint256(0), uint256(T0 + 600), salt, _sign(PAYER_KEY, digest));
    }

    function _deposit(X402BatchSettlement.ChannelConfig memory c, uint128 amount, uint256 salt) private {
        batch.deposit(c, amount, address(collector), _collectorData(c, amount, salt));
    }

    function _claim(X402BatchSettlement.ChannelConfig memory c, uint128 max, uint128 total)
        private
        returns (X402BatchSettlement.VoucherClaim memory)
    {
        bytes memory sig = _sign(PAYER_KEY, batch.getVoucherDigest(batch.getChannelId(c), max));
        return X402BatchSettlement.VoucherClaim(X402BatchSettlement.Voucher(c, max), sig, total);
    }

    function _authorize(X402BatchSettlement.VoucherClaim[] memory claims) private returns (bytes memory) {
        return _sign(AUTHORIZER_KEY, batch.getClaimBatchDigest(claims));
    }

    function _sign(uint256 key, bytes32 digest) private returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }
}
