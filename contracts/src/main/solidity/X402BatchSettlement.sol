// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {Multicall} from "@openzeppelin/contracts/utils/Multicall.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

/// @notice Pulls a channel deposit from its payer and hands it to the settlement contract.
interface IDepositCollector {
    function collect(address payer, address token, uint256 amount, bytes32 channelId, bytes calldata data)
        external;
}

/// @title X402BatchSettlement
/// @notice x402's `batch-settlement` scheme for EVM (x402-foundation/x402,
/// specs/schemes/batch-settlement/scheme_batch_settlement_evm.md), our own implementation of its
/// interface, EIP-712 domain ("x402 Batch Settlement", "1") and type hashes, so the official
/// clients compute the same channel ids and sign the same vouchers. A channel is an immutable
/// config whose EIP-712 hash is its id; its payer deposits once (through a collector, gas paid by
/// the facilitator) and signs cumulative vouchers per request; the receiver side claims the latest
/// voucher of many channels in one transaction (accounting only), `settle` sweeps a receiver's
/// claimed funds to it in one transfer, a cooperative refund returns what is unclaimed, and a timed
/// withdrawal is the payer's way out when the receiver side does not cooperate.
contract X402BatchSettlement is EIP712, Multicall, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    struct ChannelConfig {
        address payer;
        address payerAuthorizer;
        address receiver;
        address receiverAuthorizer;
        address token;
        uint40 withdrawDelay;
        bytes32 salt;
    }

    struct Voucher {
        ChannelConfig channel;
        uint128 maxClaimableAmount;
    }

    struct VoucherClaim {
        Voucher voucher;
        bytes signature;
        uint128 totalClaimed;
    }

    struct Channel {
        uint128 balance;
        uint128 totalClaimed;
    }

    struct PendingWithdrawal {
        uint128 amount;
        uint40 initiatedAt;
    }

    struct ReceiverTotals {
        uint128 totalClaimed;
        uint128 totalSettled;
    }

    bytes32 public constant CHANNEL_CONFIG_TYPEHASH = keccak256(
        "ChannelConfig(address payer,address payerAuthorizer,address receiver,address receiverAuthorizer,address token,uint40 withdrawDelay,bytes32 salt)"
    );
    bytes32 public constant VOUCHER_TYPEHASH = keccak256("Voucher(bytes32 channelId,uint128 maxClaimableAmount)");
    bytes32 public constant REFUND_TYPEHASH = keccak256("Refund(bytes32 channelId,uint256 nonce,uint128 amount)");
    bytes32 public constant CLAIM_ENTRY_TYPEHASH =
        keccak256("ClaimEntry(bytes32 channelId,uint128 maxClaimableAmount,uint128 totalClaimed)");
    bytes32 public constant CLAIM_BATCH_TYPEHASH = keccak256(
        "ClaimBatch(ClaimEntry[] claims)ClaimEntry(bytes32 channelId,uint128 maxClaimableAmount,uint128 totalClaimed)"
    );
    uint40 public constant MIN_WITHDRAW_DELAY = 15 minutes;
    uint40 public constant MAX_WITHDRAW_DELAY = 30 days;

    mapping(bytes32 channelId => Channel) public channels;
    mapping(bytes32 channelId => PendingWithdrawal) public pendingWithdrawals;
    mapping(bytes32 channelId => uint256) public refundNonce;
    mapping(address receiver => mapping(address token => ReceiverTotals)) public receivers;

    event ChannelCreated(bytes32 indexed channelId, ChannelConfig config);
    event ChannelClosed(bytes32 indexed channelId, ChannelConfig config);
    event Deposited(bytes32 indexed channelId, address indexed payer, address indexed collector, uint128 amount);
    event Claimed(bytes32 indexed channelId, address indexed receiver, uint128 amount, uint128 totalClaimed);
    event Settled(address indexed receiver, address indexed token, address indexed sender, uint128 amount);
    event Refunded(bytes32 indexed channelId, address indexed payer, uint128 amount, uint256 nonce);
    event WithdrawInitiated(bytes32 indexed channelId, uint128 amount, uint40 initiatedAt);
    event WithdrawFinalized(bytes32 indexed channelId, address indexed payer, uint128 amount);

    error ZeroAmount();
    error WithdrawDelayOutOfRange(uint40 withdrawDelay);
    error ZeroReceiverAuthorizer();
    error DepositNotReceived(uint256 expected, uint256 received);
    error NotReceiverSide(address caller);
    error NotPayerSide(address caller);
    error InvalidVoucherSignature(bytes32 channelId);
    error InvalidAuthorizerSignature();
    error ClaimAboveVoucher(bytes32 channelId, uint128 totalClaimed, uint128 maxClaimableAmount);
    error ClaimBelowClaimed(bytes32 channelId, uint128 totalClaimed, uint128 onchain);
    error ClaimAboveBalance(bytes32 channelId, uint128 totalClaimed, uint128 balance);
    error MixedAuthorizers();
    error RefundNonceMismatch(uint256 expected, uint256 given);
    error WithdrawAboveAvailable(uint128 amount, uint128 available);
    error NoPendingWithdrawal(bytes32 channelId);
    error WithdrawDelayNotElapsed(uint256 readyAt);

    constructor() EIP712("x402 Batch Settlement", "1") {}

    // ---- channels and deposits ----

    /// @notice The channel id of `config`: its EIP-712 hash, bound to this chain and contract.
    function getChannelId(ChannelConfig calldata config) public view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(
                    CHANNEL_CONFIG_TYPEHASH,
                    config.payer,
                    config.payerAuthorizer,
                    config.receiver,
                    config.receiverAuthorizer,
                    config.token,
                    config.withdrawDelay,
                    config.salt
                )
            )
        );
    }

    /// @notice Deposits `amount` of the channel's token into `config`'s channel, pulled from the
    /// payer by `collector` (which checks the payer's authorization); anyone may submit it, the
    /// tokens are counted as they arrive here.
    function deposit(ChannelConfig calldata config, uint128 amount, address collector, bytes calldata collectorData)
        external
        nonReentrant
    {
        if (amount == 0) revert ZeroAmount();
        if (config.withdrawDelay < MIN_WITHDRAW_DELAY || config.withdrawDelay > MAX_WITHDRAW_DELAY) {
            revert WithdrawDelayOutOfRange(config.withdrawDelay);
        }
        if (config.receiverAuthorizer == address(0)) revert ZeroReceiverAuthorizer();
        bytes32 id = getChannelId(config);
        IERC20 token = IERC20(config.token);
        uint256 before = token.balanceOf(address(this));
        IDepositCollector(collector).collect(config.payer, config.token, amount, id, collectorData);
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != amount) revert DepositNotReceived(amount, received);
        Channel storage c = channels[id];
        if (c.balance == c.totalClaimed) emit ChannelCreated(id, config); // opened, or re-opened after draining
        c.balance += amount;
        emit Deposited(id, config.payer, collector, amount);
    }

    // ---- claims and settlement ----

    /// @notice Claims the given vouchers; the caller must be each channel's receiver or receiver
    /// authorizer. Accounting only: `settle` moves the tokens.
    function claim(VoucherClaim[] calldata voucherClaims) external nonReentrant {
        for (uint256 i = 0; i < voucherClaims.length; i++) {
            ChannelConfig calldata ch = voucherClaims[i].voucher.channel;
            if (msg.sender != ch.receiver && msg.sender != ch.receiverAuthorizer) revert NotReceiverSide(msg.sender);
            _claim(voucherClaims[i]);
        }
    }

    /// @notice As `claim`, submitted by anyone with the rows' one receiver authorizer's
    /// EIP-712 `ClaimBatch` signature over all of them.
    function claimWithSignature(VoucherClaim[] calldata voucherClaims, bytes calldata authorizerSignature)
        external
        nonReentrant
    {
        if (voucherClaims.length == 0) return;
        address authorizer = voucherClaims[0].voucher.channel.receiverAuthorizer;
        for (uint256 i = 1; i < voucherClaims.length; i++) {
            if (voucherClaims[i].voucher.channel.receiverAuthorizer != authorizer) revert MixedAuthorizers();
        }
        if (!SignatureChecker.isValidSignatureNow(authorizer, getClaimBatchDigest(voucherClaims), authorizerSignature)) {
            revert InvalidAuthorizerSignature();
        }
        for (uint256 i = 0; i < voucherClaims.length; i++) {
            _claim(voucherClaims[i]);
        }
    }

    function _claim(VoucherClaim calldata vc) private {
        ChannelConfig calldata ch = vc.voucher.channel;
        bytes32 id = getChannelId(ch);
        uint128 max = vc.voucher.maxClaimableAmount;
        if (!_voucherSignedBy(ch, id, max, vc.signature)) revert InvalidVoucherSignature(id);
        Channel storage c = channels[id];
        if (vc.totalClaimed > max) revert ClaimAboveVoucher(id, vc.totalClaimed, max);
        if (vc.totalClaimed < c.totalClaimed) revert ClaimBelowClaimed(id, vc.totalClaimed, c.totalClaimed);
        if (vc.totalClaimed > c.balance) revert ClaimAboveBalance(id, vc.totalClaimed, c.balance);
        uint128 increase = vc.totalClaimed - c.totalClaimed;
        if (increase == 0) return;
        c.totalClaimed = vc.totalClaimed;
        receivers[ch.receiver][ch.token].totalClaimed += increase;
        emit Claimed(id, ch.receiver, increase, vc.totalClaimed);
    }

    /// @notice Transfers everything claimed and not yet settled for `receiver` in `token` to it.
    /// Permissionless: the tokens can only go to the receiver.
    function settle(address receiver, address token) external nonReentrant {
        ReceiverTotals storage r = receivers[receiver][token];
        uint128 amount = r.totalClaimed - r.totalSettled;
        if (amount == 0) return;
        r.totalSettled = r.totalClaimed;
        IERC20(token).safeTransfer(receiver, amount);
        emit Settled(receiver, token, msg.sender, amount);
    }

    // ---- refunds and withdrawal ----

    /// @notice Returns up to `amount` of what is unclaimed to the payer; by the receiver side.
    function refund(ChannelConfig calldata config, uint128 amount) external nonReentrant {
        if (msg.sender != config.receiver && msg.sender != config.receiverAuthorizer) revert NotReceiverSide(msg.sender);
        _refund(config, getChannelId(config), amount);
    }

    /// @notice As `refund`, submitted by anyone with the receiver authorizer's EIP-712 `Refund`
    /// signature for the channel's current refund nonce.
    function refundWithSignature(
        ChannelConfig calldata config,
        uint128 amount,
        uint256 nonce,
        bytes calldata receiverAuthorizerSignature
    ) external nonReentrant {
        bytes32 id = getChannelId(config);
        if (nonce != refundNonce[id]) revert RefundNonceMismatch(refundNonce[id], nonce);
        if (!SignatureChecker.isValidSignatureNow(
                config.receiverAuthorizer, getRefundDigest(id, nonce, amount), receiverAuthorizerSignature
            )) revert InvalidAuthorizerSignature();
        _refund(config, id, amount);
    }

    function _refund(ChannelConfig calldata config, bytes32 id, uint128 amount) private {
        uint256 nonce = refundNonce[id]++; // first: a refund of nothing still spends its signature
        Channel storage c = channels[id];
        uint128 available = c.balance - c.totalClaimed;
        uint128 paid = amount < available ? amount : available;
        if (paid == 0) return;
        c.balance -= paid;
        PendingWithdrawal storage w = pendingWithdrawals[id];
        if (w.amount != 0) {
            if (paid >= w.amount) delete pendingWithdrawals[id];
            else w.amount -= paid;
        }
        IERC20(config.token).safeTransfer(config.payer, paid);
        emit Refunded(id, config.payer, paid, nonce);
        if (c.balance == c.totalClaimed) emit ChannelClosed(id, config);
    }

    /// @notice Starts the payer's timed withdrawal of `amount` (at most what is unclaimed now); the
    /// receiver side has `withdrawDelay` seconds to claim its vouchers first.
    function initiateWithdraw(ChannelConfig calldata config, uint128 amount) external nonReentrant {
        if (msg.sender != config.payer && msg.sender != config.payerAuthorizer) revert NotPayerSide(msg.sender);
        if (amount == 0) revert ZeroAmount();
        bytes32 id = getChannelId(config);
        Channel storage c = channels[id];
        uint128 available = c.balance - c.totalClaimed;
        if (amount > available) revert WithdrawAboveAvailable(amount, available);
        pendingWithdrawals[id] = PendingWithdrawal(amount, uint40(block.timestamp));
        emit WithdrawInitiated(id, amount, uint40(block.timestamp));
    }

    /// @notice Completes a timed withdrawal after its delay: pays what is still unclaimed, up to the
    /// amount asked for.
    function finalizeWithdraw(ChannelConfig calldata config) external nonReentrant {
        if (msg.sender != config.payer && msg.sender != config.payerAuthorizer) revert NotPayerSide(msg.sender);
        bytes32 id = getChannelId(config);
        PendingWithdrawal memory w = pendingWithdrawals[id];
        if (w.amount == 0) revert NoPendingWithdrawal(id);
        uint256 readyAt = uint256(w.initiatedAt) + config.withdrawDelay;
        if (block.timestamp < readyAt) revert WithdrawDelayNotElapsed(readyAt);
        delete pendingWithdrawals[id];
        Channel storage c = channels[id];
        uint128 available = c.balance - c.totalClaimed;
        uint128 paid = w.amount < available ? w.amount : available;
        c.balance -= paid;
        if (paid != 0) IERC20(config.token).safeTransfer(config.payer, paid);
        emit WithdrawFinalized(id, config.payer, paid);
        if (c.balance == c.totalClaimed) emit ChannelClosed(id, config);
    }

    // ---- digests ----

    function getVoucherDigest(bytes32 channelId, uint128 maxClaimableAmount) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(VOUCHER_TYPEHASH, channelId, maxClaimableAmount)));
    }

    function getRefundDigest(bytes32 channelId, uint256 nonce, uint128 amount) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(REFUND_TYPEHASH, channelId, nonce, amount)));
    }

    function getClaimBatchDigest(VoucherClaim[] calldata voucherClaims) public view returns (bytes32) {
        bytes32[] memory entries = new bytes32[](voucherClaims.length);
        for (uint256 i = 0; i < voucherClaims.length; i++) {
            entries[i] = keccak256(
                abi.encode(
                    CLAIM_ENTRY_TYPEHASH,
                    getChannelId(voucherClaims[i].voucher.channel),
                    voucherClaims[i].voucher.maxClaimableAmount,
                    voucherClaims[i].totalClaimed
                )
            );
        }
        return _hashTypedDataV4(keccak256(abi.encode(CLAIM_BATCH_TYPEHASH, keccak256(abi.encodePacked(entries)))));
    }

    /// @dev A non-zero payer authorizer signs by ECDSA (checked without a call); else the payer,
    /// which may be a contract wallet (ERC-1271).
    function _voucherSignedBy(ChannelConfig calldata ch, bytes32 id, uint128 max, bytes calldata sig)
        private
        view
        returns (bool)
    {
        bytes32 digest = getVoucherDigest(id, max);
        if (ch.payerAuthorizer != address(0)) {
            (address signer, ECDSA.RecoverError err,) = ECDSA.tryRecover(digest, sig);
            return err == ECDSA.RecoverError.NoError && signer == ch.payerAuthorizer;
        }
        return SignatureChecker.isValidSignatureNow(ch.payer, digest, sig);
    }
}
