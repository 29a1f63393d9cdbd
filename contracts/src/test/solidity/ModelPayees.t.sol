// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Deployed} from "./Suite.sol";
import {ModelPayees} from "../../main/solidity/ModelPayees.sol";
import {ModelPayee} from "../../main/solidity/ModelPayee.sol";
import {IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";

/// @dev A model's payee: computable before it exists, paid out by anyone to whoever owns the model
/// at release, fee to the treasury, every wei accounted for.
contract ModelPayeesTest is Deployed {
    uint256 private constant BPS = 10_000;
    uint256 private constant FEE = FEE_BPS; // as uint256: a literal times a uint16 would overflow
    address private owner = address(0x0A11);
    address private buyer = address(0xB1);
    address private stranger = address(0x5744);
    uint256 private model;

    function setUp() public {
        deploy();
        model = tokenize(owner, 1, 0);
        vm.prank(admin);
        soa.mint(address(this), 1_000_000 ether);
    }

    function test_thePayeeIsKnownBeforeItExistsAndDiffersPerModel() public {
        uint256 other = tokenize(owner, 2, 0);
        address p = payees.payeeOf(model);
        if (p == payees.payeeOf(other)) revert("two models share a payee");
        eq(p.code.length, 0, "no code before the first release");
        soa.transfer(p, 1 ether);
        vm.prank(stranger);
        payees.release(model);
        if (p.code.length == 0) revert("the first release deploys the payee");
        if (payees.payeeOf(model) != p) revert("the payee moved");
    }

    function test_releasePaysTheFeeAndTheRestToTheOwnerExactly() public {
        address p = payees.payeeOf(model);
        soa.transfer(p, 3 ether + 7); // odd wei: the fee rounds down, the owner gets the rest
        vm.prank(stranger);
        (uint256 paid, uint256 fee) = payees.release(model);
        eq(fee, (3 ether + 7) * FEE / BPS, "fee");
        eq(paid + fee, 3 ether + 7, "every wei");
        eq(soa.balanceOf(owner), paid, "owner");
        eq(soa.balanceOf(treasury), fee, "treasury");
        eq(soa.balanceOf(p), 0, "payee emptied");
        eq(soa.balanceOf(stranger), 0, "the caller gets nothing");
        vm.expectRevert(abi.encodeWithSelector(ModelPayees.NothingToRelease.selector, model));
        payees.release(model);
    }

    function test_paymentsFollowTheModelWhenItChangesHands() public {
        address p = payees.payeeOf(model);
        soa.transfer(p, 1 ether);
        payees.release(model);
        vm.prank(owner);
        registry.transferFrom(owner, buyer, model);
        soa.transfer(p, 2 ether);
        payees.release(model);
        eq(soa.balanceOf(owner), 1 ether - 1 ether * FEE / BPS, "the first owner, for before");
        eq(soa.balanceOf(buyer), 2 ether - 2 ether * FEE / BPS, "the new owner, for after");
        eq(soa.balanceOf(treasury), 3 ether * FEE / BPS, "fees");
    }

    function test_noOneButPayeesMovesAPayeesFunds() public {
        address p = payees.payeeOf(model);
        soa.transfer(p, 1 ether);
        payees.release(model); // deploys it
        soa.transfer(p, 1 ether);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(ModelPayee.OnlyPayees.selector, stranger));
        ModelPayee(p).pay(soa, stranger, 1 ether);
        address impl = payees.implementation();
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(ModelPayee.OnlyPayees.selector, stranger));
        ModelPayee(impl).pay(soa, stranger, 0);
        eq(soa.balanceOf(p), 1 ether, "still held");
    }

    function test_aModelThatDoesNotExistIsNotReleased() public {
        soa.transfer(payees.payeeOf(999), 1 ether);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, 999));
        payees.release(999);
        eq(soa.balanceOf(payees.payeeOf(999)), 1 ether, "kept until the model exists");
    }

    /// Any amount at any fee up to the cap: fee + paid is what the payee held, to the wei.
    function testFuzz_everyWeiIsPaidOnce(uint256 amount, uint16 feeBps, uint8 releases) public {
        feeBps = uint16(within(feeBps, 0, 1_000));
        vm.prank(admin);
        payees.setPlatformFee(feeBps);
        uint256 total;
        uint256 fees;
        for (uint256 i = 0; i < within(releases, 1, 4); i++) {
            uint256 a = within(uint256(keccak256(abi.encode(amount, i))), 1, 100_000 ether);
            soa.transfer(payees.payeeOf(model), a);
            (uint256 paid, uint256 fee) = payees.release(model);
            eq(fee, a * feeBps / BPS, "fee");
            eq(paid + fee, a, "release");
            total += a;
            fees += fee;
        }
        eq(soa.balanceOf(owner) + soa.balanceOf(treasury), total, "every wei");
        eq(soa.balanceOf(treasury), fees, "fees");
        eq(soa.balanceOf(payees.payeeOf(model)), 0, "nothing left");
    }
}
