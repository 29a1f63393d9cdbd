// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Cheats, Deployed} from "./Suite.sol";
import {SOAToken} from "../../main/solidity/SOAToken.sol";
import {UsageEscrow} from "../../main/solidity/UsageEscrow.sol";

/// @dev What the fuzzer does to the escrow: deposits, withdrawals, channels opened, extended,
/// claimed (one by one and in batches, with honest, forged, stale and excessive vouchers), time
/// passing and channels closed. It keeps the ghost figures the invariants compare with the chain.
contract EscrowHandler is Cheats {
    SOAToken internal immutable soa;
    UsageEscrow internal immutable escrow;
    uint256 internal immutable modelId;

    // anvil's well-known dev accounts 6 to 8 (public test keys, never for value)
    uint256[3] internal keys = [
        0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e,
        0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356,
        0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97
    ];
    // anvil's dev account 9: signs forged vouchers
    uint256 internal constant STRANGER = 0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6;

    address[] public payers;
    uint256[] public channels;
    mapping(uint256 channelId => address) public payerOf;
    mapping(uint256 channelId => uint256) public lastClaimed;
    mapping(uint256 channelId => bool) public seenClosed;
    mapping(uint256 channelId => uint256) public claimedAtClose;

    uint256 public claimedDecreased; // times a channel's claimed went down
    uint256 public paidByClosed; // $SOA a closed channel paid out
    uint256 public paidBeyondDeposit; // $SOA paid above a channel's deposit
    uint256 public paidByForgery; // $SOA paid for vouchers the channel's signer did not sign
    uint256 public paidOtherThanIncrement; // claims that paid other than cumulative - claimed
    uint256 public paidOut; // everything claims paid (to owners and the treasury)
    uint256 public refunded; // everything closes returned to payers
    uint256 public claimsPaid; // claims that paid something (the runs do reach them)

    constructor(SOAToken soa_, UsageEscrow escrow_, uint256 modelId_) {
        soa = soa_;
        escrow = escrow_;
        modelId = modelId_;
        for (uint256 i; i < keys.length; ++i) {
            address p = vm.addr(keys[i]);
            payers.push(p);
            vm.prank(p);
            soa.approve(address(escrow), type(uint256).max);
        }
    }

    function payerCount() external view returns (uint256) {
        return payers.length;
    }

    function channelCount() external view returns (uint256) {
        return channels.length;
    }

    // ------------------------------------------------------------------ actions

    function deposit(uint256 who, uint256 amount) external {
        address p = payers[who % payers.length];
        uint256 held = soa.balanceOf(p);
        if (held == 0) return;
        vm.prank(p);
        escrow.deposit(within(amount, 1, held));
        _observe();
    }

    function withdraw(uint256 who, uint256 amount) external {
        address p = payers[who % payers.length];
        uint256 free = escrow.balanceOf(p);
        if (free == 0) return;
        vm.prank(p);
        escrow.withdraw(within(amount, 1, free));
        _observe();
    }

    function open(uint256 who, uint256 amount, uint256 life) external {
        uint256 k = who % payers.length;
        address p = payers[k];
        uint256 free = escrow.balanceOf(p);
        if (free == 0) return;
        vm.prank(p);
        uint256 id = escrow.openChannel(modelId, within(amount, 1, free), uint64(block.timestamp + within(life, 1, 3 days)), p);
        channels.push(id);
        payerOf[id] = p;
        _observe();
    }

    function extend(uint256 ch, uint256 amount, uint256 later) external {
        if (channels.length == 0) return;
        uint256 id = channels[ch % channels.length];
        UsageEscrow.Channel memory c = escrow.channel(id);
        uint256 free = escrow.balanceOf(c.payer);
        vm.prank(c.payer);
        try escrow.extend(id, within(amount, 0, free), c.expiresAt + uint64(within(later, 0, 1 days))) {} catch {}
        _observe();
    }

    /// An honest voucher for any amount: below what was claimed, within the deposit or above it.
    function claim(uint256 ch, uint256 amount) external {
        if (channels.length == 0) return;
        uint256 id = channels[ch % channels.length];
        UsageEscrow.Channel memory c = escrow.channel(id);
        uint256 cumulative = within(amount, 0, uint256(c.deposit) + 1e18);
        _claim(id, c, cumulative, _keyOf(c.payer), false);
    }

    /// A voucher signed by a key that is not the channel's signer.
    function forge(uint256 ch, uint256 amount) external {
        if (channels.length == 0) return;
        uint256 id = channels[ch % channels.length];
        UsageEscrow.Channel memory c = escrow.channel(id);
        if (c.deposit == 0) return;
        _claim(id, c, within(amount, 1, uint256(c.deposit)), STRANGER, true);
    }

    /// Up to four vouchers in one {claimBatch}, honest or forged, the same channel possibly twice.
    function claimBatch(uint256 seed) external {
        if (channels.length == 0) return;
        uint256 n = within(seed, 1, 4);
        UsageEscrow.Claim[] memory batch = new UsageEscrow.Claim[](n);
        uint256[] memory ids = new uint256[](n);
        UsageEscrow.Channel[] memory before = new UsageEscrow.Channel[](n);
        for (uint256 i; i < n; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            ids[i] = channels[r % channels.length];
            before[i] = escrow.channel(ids[i]);
            uint256 cumulative = within(r >> 64, 0, uint256(before[i].deposit) + 1);
            uint256 key = (r >> 200) % 5 == 0 ? STRANGER : _keyOf(before[i].payer);
            (uint8 v, bytes32 rr, bytes32 s) = vm.sign(key, escrow.voucherDigest(ids[i], cumulative));
            batch[i] = UsageEscrow.Claim(ids[i], cumulative, rr, bytes32(uint256(s) | (uint256(v - 27) << 255)));
        }
        uint256 held = soa.balanceOf(address(escrow));
        escrow.claimBatch(batch);
        uint256 paid = held - soa.balanceOf(address(escrow));
        // what the batch may pay: each channel's best valid voucher over what it had claimed
        uint256 allowed;
        for (uint256 i; i < n; ++i) {
            UsageEscrow.Channel memory c = escrow.channel(ids[i]);
            if (before[i].closed) paidByClosed += c.claimed - before[i].claimed;
            le(c.claimed, c.deposit, "claimed above deposit");
            bool counted;
            for (uint256 j; j < i; ++j) counted = counted || ids[j] == ids[i];
            if (!counted) allowed += c.claimed - before[i].claimed;
        }
        if (paid != allowed) paidOtherThanIncrement++;
        paidOut += paid;
        if (paid != 0) claimsPaid++;
        _observe();
    }

    function warp(uint256 secs) external {
        vm.warp(block.timestamp + within(secs, 1, 2 days));
        _observe();
    }

    function close(uint256 ch) external {
        if (channels.length == 0) return;
        uint256 id = channels[ch % channels.length];
        UsageEscrow.Channel memory c = escrow.channel(id);
        uint256 held = soa.balanceOf(address(escrow));
        try escrow.closeExpired(id) {
            refunded += held - soa.balanceOf(address(escrow));
            le(c.claimed, c.deposit, "claimed above deposit at close");
            if (held - soa.balanceOf(address(escrow)) != c.deposit - c.claimed) paidOtherThanIncrement++;
            seenClosed[id] = true;
            claimedAtClose[id] = c.claimed;
        } catch {}
        _observe();
    }

    // ------------------------------------------------------------------ internals

    function _claim(uint256 id, UsageEscrow.Channel memory c, uint256 cumulative, uint256 key, bool forged) private {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, escrow.voucherDigest(id, cumulative));
        uint256 held = soa.balanceOf(address(escrow));
        try escrow.claim(id, cumulative, abi.encodePacked(r, s, v)) {
            uint256 paid = held - soa.balanceOf(address(escrow));
            paidOut += paid;
            claimsPaid++;
            if (c.closed) paidByClosed += paid;
            if (forged) paidByForgery += paid;
            if (cumulative > c.deposit) paidBeyondDeposit += paid;
            if (paid != cumulative - c.claimed) paidOtherThanIncrement++;
        } catch {}
        _observe();
    }

    function _keyOf(address payer) private view returns (uint256) {
        for (uint256 i; i < payers.length; ++i) {
            if (payers[i] == payer) return keys[i];
        }
        revert("not a payer");
    }

    /// Claimed never goes down, on any channel, after any action.
    function _observe() private {
        for (uint256 i; i < channels.length; ++i) {
            uint256 claimed = escrow.channel(channels[i]).claimed;
            if (claimed < lastClaimed[channels[i]]) claimedDecreased++;
            lastClaimed[channels[i]] = claimed;
        }
    }
}

/// @dev The escrow's promises after every sequence of actions the fuzzer finds (bounded runs,
/// fixed seed in foundry.toml).
contract UsageEscrowInvariants is Deployed {
    uint256 internal constant MINTED_EACH = 1_000e18;

    EscrowHandler internal h;
    address internal owner = address(0x0B0B);

    function setUp() public {
        deploy();
        uint256 modelId = tokenize(owner, 0, 0);
        h = new EscrowHandler(soa, escrow, modelId);
        for (uint256 i; i < h.payerCount(); ++i) {
            mint(h.payers(i), MINTED_EACH);
        }
    }

    /// The handler's paths do reach paying claims, single and batched, and a close.
    function test_handlerClaimsAndCloses() public {
        h.deposit(0, 100e18 - 1);
        h.open(0, 60e18 - 1, 1 hours - 1);
        h.claim(0, 10e18);
        h.claimBatch(7);
        h.warp(2 days - 1);
        h.close(0);
        le(1, h.claimsPaid(), "claims that paid");
        le(1, h.refunded(), "refunded at close");
        eq(soa.balanceOf(owner) + soa.balanceOf(treasury), h.paidOut(), "paid out");
    }

    function targetContracts() public view returns (address[] memory t) {
        t = new address[](1);
        t[0] = address(h);
    }

    /// $SOA is conserved: the escrow holds exactly the free deposits plus what channels still lock.
    function invariant_escrowHoldsDepositsPlusLocked() public view {
        uint256 owed;
        for (uint256 i; i < h.payerCount(); ++i) {
            owed += escrow.balanceOf(h.payers(i));
        }
        for (uint256 i; i < h.channelCount(); ++i) {
            UsageEscrow.Channel memory c = escrow.channel(h.channels(i));
            owed += c.deposit - c.claimed;
        }
        eq(soa.balanceOf(address(escrow)), owed, "escrow balance against deposits + locked");
    }

    /// Every wei minted is somewhere: with the payers, in the escrow, with the owner or treasury;
    /// and what the owner and treasury hold is exactly what claims paid.
    function invariant_everyWeiAccounted() public view {
        uint256 n = h.payerCount();
        uint256 sum = soa.balanceOf(address(escrow)) + soa.balanceOf(owner) + soa.balanceOf(treasury);
        for (uint256 i; i < n; ++i) {
            sum += soa.balanceOf(h.payers(i));
        }
        eq(soa.totalSupply(), MINTED_EACH * n, "supply");
        eq(sum, soa.totalSupply(), "balances against supply");
        eq(soa.balanceOf(owner) + soa.balanceOf(treasury), h.paidOut(), "paid out against claims");
    }

    function invariant_noChannelPaysBeyondItsDeposit() public view {
        for (uint256 i; i < h.channelCount(); ++i) {
            UsageEscrow.Channel memory c = escrow.channel(h.channels(i));
            le(c.claimed, c.deposit, "claimed against deposit");
        }
        eq(h.paidBeyondDeposit(), 0, "paid for vouchers above the deposit");
        eq(h.paidOtherThanIncrement(), 0, "claims that paid other than the increment");
    }

    function invariant_claimedOnlyGrows() public view {
        eq(h.claimedDecreased(), 0, "times claimed went down");
        for (uint256 i; i < h.channelCount(); ++i) {
            uint256 id = h.channels(i);
            le(h.lastClaimed(id), escrow.channel(id).claimed, "claimed against last seen");
        }
    }

    function invariant_closedChannelPaysNothing() public view {
        eq(h.paidByClosed(), 0, "paid by closed channels");
        for (uint256 i; i < h.channelCount(); ++i) {
            uint256 id = h.channels(i);
            UsageEscrow.Channel memory c = escrow.channel(id);
            if (!h.seenClosed(id)) continue;
            eq(c.closed ? 1 : 0, 1, "closed stays closed");
            eq(c.claimed, h.claimedAtClose(id), "claimed after close");
            eq(c.deposit, c.claimed, "deposit after close");
        }
    }

    function invariant_forgedVouchersPayNothing() public view {
        eq(h.paidByForgery(), 0, "paid for forged vouchers");
    }
}
