// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Deployed} from "./Suite.sol";
import {LicenseToken} from "../../main/solidity/LicenseToken.sol";
import {UsageEscrow} from "../../main/solidity/UsageEscrow.sol";

/// @dev Fuzz tests of single operations over their whole input range (fixed seed, 256 runs).
contract ContractsFuzz is Deployed {
    uint256 internal constant BPS = 10_000;
    // anvil's well-known dev account 6 (a public test key, never for value)
    uint256 internal constant PAYER_KEY = 0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e;
    address internal owner = address(0x0B0B);
    address internal buyer = address(0xB0B0);

    function setUp() public {
        deploy();
    }

    /// A royalty is at most 25%, and what royaltyInfo asks is exactly the rate of the price.
    function testFuzz_royaltyIsCappedAndExact(uint96 bps, uint128 price) public {
        vm.prank(owner);
        try registry.tokenize(bytes32(uint256(1)), "ipfs://m", bytes32(0), bps) returns (uint256 id) {
            le(bps, registry.MAX_ROYALTY_BPS(), "royalty accepted above the cap");
            (address to, uint256 royalty) = registry.royaltyInfo(id, price);
            eq(uint160(to), uint160(owner), "royalty receiver");
            eq(royalty, uint256(price) * bps / BPS, "royalty");
        } catch {
            if (bps <= registry.MAX_ROYALTY_BPS()) revert("royalty within the cap refused");
        }
    }

    /// Only the model's owner sets its prices.
    function testFuzz_strangerCannotSetPrices(address stranger, bytes32 feature, uint256 price) public {
        if (stranger == owner) return;
        uint256 id = tokenize(owner, 0, 0);
        vm.prank(stranger);
        try registry.setUsagePrice(id, feature, price) {
            revert("a stranger set a price");
        } catch {}
    }

    /// A purchase pays the price exactly: the fee to the treasury, the rest to the model's owner.
    function testFuzz_purchaseSplitsThePrice(uint128 price, uint16 feeBps) public {
        feeBps = uint16(within(feeBps, 0, licenses.MAX_FEE_BPS()));
        vm.prank(admin);
        licenses.setPlatformFee(feeBps);
        uint256 id = tokenize(owner, 0, 0);
        vm.prank(owner);
        uint256 tier = licenses.createTier(id, price, 0, 0, 0, true, bytes32(0), new bytes32[](0));
        mint(buyer, price);
        vm.startPrank(buyer);
        soa.approve(address(licenses), price);
        licenses.purchase(tier, buyer);
        vm.stopPrank();
        eq(soa.balanceOf(treasury), uint256(price) * feeBps / BPS, "fee");
        eq(soa.balanceOf(owner) + soa.balanceOf(treasury), price, "fee + proceeds");
        eq(soa.balanceOf(buyer), 0, "buyer's rest");
    }

    /// A claim pays the voucher's increment, the fee to the treasury and the rest to the owner;
    /// the same voucher again, or one signed for another channel, pays nothing.
    function testFuzz_claimPaysTheIncrementOnce(uint128 deposit, uint128 first, uint128 second) public {
        if (deposit == 0) return;
        first = uint128(within(first, 1, deposit));
        second = uint128(within(second, first, deposit));
        address payer = vm.addr(PAYER_KEY);
        uint256 id = tokenize(owner, 0, 0);
        mint(payer, uint256(deposit) * 2);
        vm.startPrank(payer);
        soa.approve(address(escrow), type(uint256).max);
        escrow.deposit(uint256(deposit) * 2);
        uint256 ch = escrow.openChannel(id, deposit, uint64(block.timestamp + 1 days), payer);
        uint256 other = escrow.openChannel(id, deposit, uint64(block.timestamp + 1 days), payer);
        vm.stopPrank();

        escrow.claim(ch, first, _sign(ch, first));
        eq(soa.balanceOf(owner) + soa.balanceOf(treasury), first, "first claim");
        try escrow.claim(ch, first, _sign(ch, first)) {
            revert("the same voucher paid twice");
        } catch {}
        try escrow.claim(other, second, _sign(ch, second)) {
            revert("a voucher of another channel paid");
        } catch {}
        if (second > first) escrow.claim(ch, second, _sign(ch, second));
        eq(soa.balanceOf(owner) + soa.balanceOf(treasury), second, "claims in all");
        eq(soa.balanceOf(treasury), uint256(first) * FEE_BPS / BPS + uint256(second - first) * FEE_BPS / BPS, "fees");
        UsageEscrow.Channel memory c = escrow.channel(ch);
        eq(c.claimed, second, "claimed");
    }

    function _sign(uint256 ch, uint256 cumulative) private returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(PAYER_KEY, escrow.voucherDigest(ch, cumulative));
        return abi.encodePacked(r, s, v);
    }
}
