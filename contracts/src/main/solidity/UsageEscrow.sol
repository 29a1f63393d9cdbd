// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {ModelRegistry} from "./ModelRegistry.sol";
import {PlatformFee} from "./PlatformFee.sol";

/// @title UsageEscrow
/// @notice Deposits and unidirectional payment channels for pay-per-use. A user locks $SOA in a
/// channel for one model; each call is paid by a signed cumulative voucher
/// `Voucher(channelId, cumulativeAmount)` (EIP-712, domain bound to chain id and this contract).
/// Anyone may claim the newest voucher: it pays `cumulativeAmount - claimed` to the model's
/// *current* owner minus the platform fee. Claims work until the channel is closed, and it can
/// be closed only once its claim window after expiry has passed, so the payee always has time
/// to claim the last voucher; closing returns the rest to the payer, and a closed channel stays
/// closed.
contract UsageEscrow is PlatformFee, ReentrancyGuard, EIP712 {
    using SafeERC20 for IERC20;

    bytes32 public constant VOUCHER_TYPEHASH = keccak256("Voucher(uint256 channelId,uint256 cumulativeAmount)");

    /// @dev Two slots: what a claim reads (signer, model, amounts) and what the payer owns.
    struct Channel {
        address signer;
        uint96 modelId;
        uint128 deposit;
        uint128 claimed;
        address payer;
        uint64 expiresAt;
        bool closed;
    }

    /// @notice One entry of {claimBatch}: a voucher with its EIP-2098 compact signature.
    struct Claim {
        uint256 channelId;
        uint256 cumulativeAmount;
        bytes32 r;
        bytes32 vs;
    }

    IERC20 public immutable soa;
    ModelRegistry public immutable registry;

    /// @notice Bounds of the claim window the admin can set.
    uint64 public constant MIN_CLAIM_WINDOW = 1 hours;
    uint64 public constant MAX_CLAIM_WINDOW = 30 days;

    /// @notice How long after a channel's expiry its payee can still claim before anyone may close it.
    uint64 public claimWindow;
    uint256 public channelCount;
    mapping(address account => uint256) public balanceOf;
    mapping(uint256 channelId => Channel) private _channels;

    event Deposited(address indexed account, uint256 amount, uint256 balance);
    event Withdrawn(address indexed account, uint256 amount, uint256 balance);
    event ChannelOpened(
        uint256 indexed channelId,
        address indexed payer,
        uint256 indexed modelId,
        address signer,
        uint256 deposit,
        uint64 expiresAt
    );
    event ChannelExtended(uint256 indexed channelId, uint256 added, uint256 deposit, uint64 expiresAt);
    event ChannelClaimed(
        uint256 indexed channelId,
        uint256 indexed modelId,
        address indexed payee,
        uint256 cumulativeAmount,
        uint256 paid,
        uint256 fee
    );
    /// @notice A {claimBatch} entry that paid nothing, and why (see the error selectors).
    event ClaimSkipped(uint256 indexed channelId, bytes4 reason);
    event ChannelClosed(uint256 indexed channelId, address indexed payer, uint256 refund, uint256 claimed);
    event ClaimWindowChanged(uint64 oldClaimWindow, uint64 newClaimWindow);

    error ZeroAmount();
    error InsufficientBalance(uint256 balance, uint256 needed);
    error ExpiryInPast(uint64 expiresAt);
    error UnknownChannel(uint256 channelId);
    error NotPayer(uint256 channelId, address caller);
    error ExpiryEarlier(uint64 current, uint64 requested);
    error InvalidSignature(uint256 channelId);
    error ClaimAboveDeposit(uint256 channelId, uint256 cumulativeAmount, uint256 deposit);
    error NothingToClaim(uint256 channelId, uint256 cumulativeAmount, uint256 claimed);
    error ClaimWindowOpen(uint256 channelId, uint256 closableAt);
    error ChannelIsClosed(uint256 channelId);
    error ClaimWindowOutOfRange(uint64 claimWindow);
    error ModelIdTooLarge(uint256 modelId);
    error AmountTooLarge();

    constructor(IERC20 soa_, ModelRegistry registry_, address admin, address treasury_, uint16 feeBps_)
        PlatformFee(admin, treasury_, feeBps_)
        EIP712("SOA UsageEscrow", "1")
    {
        soa = soa_;
        registry = registry_;
        _setClaimWindow(1 days);
    }

    /// @notice Sets the claim window of every channel not yet closed (1 hour to 30 days).
    function setClaimWindow(uint64 newClaimWindow) external onlyOwner {
        _setClaimWindow(newClaimWindow);
    }

    function _setClaimWindow(uint64 newClaimWindow) private {
        if (newClaimWindow < MIN_CLAIM_WINDOW || newClaimWindow > MAX_CLAIM_WINDOW) {
            revert ClaimWindowOutOfRange(newClaimWindow);
        }
        emit ClaimWindowChanged(claimWindow, newClaimWindow);
        claimWindow = newClaimWindow;
    }

    // ------------------------------------------------------------------ deposits

    function deposit(uint256 amount) public nonReentrant {
        if (amount == 0) revert ZeroAmount();
        soa.safeTransferFrom(msg.sender, address(this), amount);
        uint256 balance = balanceOf[msg.sender] + amount;
        balanceOf[msg.sender] = balance;
        emit Deposited(msg.sender, amount, balance);
    }

    function depositWithPermit(uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external {
        // A permit already used (front-run from the mempool) fails, yet its allowance stands.
        // solhint-disable-next-line no-empty-blocks
        try IERC20Permit(address(soa)).permit(msg.sender, address(this), amount, deadline, v, r, s) {} catch {}
        deposit(amount);
    }

    /// @notice Takes back `amount` of the deposit not locked in a channel.
    function withdraw(uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        uint256 balance = balanceOf[msg.sender];
        if (balance < amount) revert InsufficientBalance(balance, amount);
        balanceOf[msg.sender] = balance - amount;
        emit Withdrawn(msg.sender, amount, balance - amount);
        soa.safeTransfer(msg.sender, amount);
    }

    // ------------------------------------------------------------------ channels

    /// @notice Locks `amount` from the caller's deposit in a channel for `modelId`, paid by
    /// vouchers signed by `signer` (the caller or a delegated hot key), claimable until closed.
    function openChannel(uint256 modelId, uint256 amount, uint64 expiresAt, address signer)
        external
        nonReentrant
        returns (uint256 channelId)
    {
        if (amount == 0) revert ZeroAmount();
        if (amount > type(uint128).max) revert AmountTooLarge();
        if (expiresAt <= block.timestamp) revert ExpiryInPast(expiresAt);
        if (modelId > type(uint96).max) revert ModelIdTooLarge(modelId);
        if (signer == address(0)) revert ZeroAddress();
        registry.ownerOf(modelId); // reverts for a model that does not exist
        _debit(msg.sender, amount);
        channelId = ++channelCount;
        _channels[channelId] = Channel(signer, uint96(modelId), uint128(amount), 0, msg.sender, expiresAt, false);
        emit ChannelOpened(channelId, msg.sender, modelId, signer, amount, expiresAt);
    }

    /// @notice Adds `addAmount` from the payer's deposit and/or pushes the expiry later.
    function extend(uint256 channelId, uint256 addAmount, uint64 newExpiresAt) external nonReentrant {
        Channel storage c = _channel(channelId);
        if (c.payer != msg.sender) revert NotPayer(channelId, msg.sender);
        if (c.closed) revert ChannelIsClosed(channelId);
        if (newExpiresAt < c.expiresAt) revert ExpiryEarlier(c.expiresAt, newExpiresAt);
        uint256 newDeposit = uint256(c.deposit) + addAmount;
        if (newDeposit > type(uint128).max) revert AmountTooLarge();
        if (addAmount != 0) _debit(msg.sender, addAmount);
        c.deposit = uint128(newDeposit);
        c.expiresAt = newExpiresAt;
        emit ChannelExtended(channelId, addAmount, newDeposit, newExpiresAt);
    }

    /// @notice Pays the voucher's increment over what was claimed to the model's owner.
    function claim(uint256 channelId, uint256 cumulativeAmount, bytes calldata signature) external nonReentrant {
        Channel storage c = _channel(channelId);
        bytes4 problem = _check(c, channelId, cumulativeAmount, ECDSA.recover(_voucherDigest(channelId, cumulativeAmount), signature));
        if (problem != bytes4(0)) _revertWith(problem, channelId, cumulativeAmount, c);
        (address payee, uint256 paid, uint256 fee) = _settle(c, channelId, cumulativeAmount);
        if (fee != 0) soa.safeTransfer(treasury, fee);
        soa.safeTransfer(payee, paid - fee);
    }

    /// @notice Claims many channels in one transaction with one $SOA transfer per distinct payee
    /// (and one for the fees). Entries that cannot pay are skipped with {ClaimSkipped}, so one bad
    /// voucher never blocks a settlement batch.
    function claimBatch(Claim[] calldata claims) external nonReentrant {
        address[] memory payees = new address[](claims.length);
        uint256[] memory owed = new uint256[](claims.length);
        uint256 nPayees;
        uint256 fees;
        for (uint256 i; i < claims.length; ++i) {
            Claim calldata k = claims[i];
            Channel storage c = _channels[k.channelId];
            if (c.payer == address(0)) {
                emit ClaimSkipped(k.channelId, UnknownChannel.selector);
                continue;
            }
            (address recovered, ECDSA.RecoverError err,) =
                ECDSA.tryRecover(_voucherDigest(k.channelId, k.cumulativeAmount), k.r, k.vs);
            bytes4 problem = err == ECDSA.RecoverError.NoError
                ? _check(c, k.channelId, k.cumulativeAmount, recovered)
                : InvalidSignature.selector;
            if (problem != bytes4(0)) {
                emit ClaimSkipped(k.channelId, problem);
                continue;
            }
            (address payee, uint256 paid, uint256 fee) = _settle(c, k.channelId, k.cumulativeAmount);
            fees += fee;
            uint256 j;
            while (j < nPayees && payees[j] != payee) ++j;
            if (j == nPayees) payees[nPayees++] = payee;
            owed[j] += paid - fee;
        }
        if (fees != 0) soa.safeTransfer(treasury, fees);
        for (uint256 j; j < nPayees; ++j) {
            if (owed[j] != 0) soa.safeTransfer(payees[j], owed[j]);
        }
    }

    /// @notice Once the claim window after expiry has passed, returns what was not claimed to the
    /// payer and closes the channel for good. Anyone may call it; the refund goes to the payer.
    function closeExpired(uint256 channelId) external nonReentrant {
        Channel storage c = _channel(channelId);
        if (c.closed) revert ChannelIsClosed(channelId);
        uint256 closableAt = uint256(c.expiresAt) + claimWindow;
        if (block.timestamp < closableAt) revert ClaimWindowOpen(channelId, closableAt);
        uint256 refund = c.deposit - c.claimed;
        c.closed = true;
        c.deposit = c.claimed; // nothing left to claim either way
        emit ChannelClosed(channelId, c.payer, refund, c.claimed);
        if (refund != 0) soa.safeTransfer(c.payer, refund);
    }

    function channel(uint256 channelId) external view returns (Channel memory) {
        return _channel(channelId);
    }

    /// @notice The EIP-712 digest a channel's signer signs for a voucher.
    function voucherDigest(uint256 channelId, uint256 cumulativeAmount) external view returns (bytes32) {
        return _voucherDigest(channelId, cumulativeAmount);
    }

    // ------------------------------------------------------------------ internals

    function _debit(address account, uint256 amount) private {
        uint256 balance = balanceOf[account];
        if (balance < amount) revert InsufficientBalance(balance, amount);
        balanceOf[account] = balance - amount;
    }

    function _channel(uint256 channelId) private view returns (Channel storage c) {
        c = _channels[channelId];
        if (c.payer == address(0)) revert UnknownChannel(channelId);
    }

    function _voucherDigest(uint256 channelId, uint256 cumulativeAmount) private view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(VOUCHER_TYPEHASH, channelId, cumulativeAmount)));
    }

    /// @dev The selector of the error that stops this claim, or 0 when it can pay.
    function _check(Channel storage c, uint256, uint256 cumulativeAmount, address recovered)
        private
        view
        returns (bytes4)
    {
        if (c.closed) return ChannelIsClosed.selector;
        if (recovered != c.signer) return InvalidSignature.selector;
        if (cumulativeAmount > c.deposit) return ClaimAboveDeposit.selector;
        if (cumulativeAmount <= c.claimed) return NothingToClaim.selector;
        return bytes4(0);
    }

    function _revertWith(bytes4 problem, uint256 channelId, uint256 cumulativeAmount, Channel storage c) private view {
        if (problem == ChannelIsClosed.selector) revert ChannelIsClosed(channelId);
        if (problem == InvalidSignature.selector) revert InvalidSignature(channelId);
        if (problem == ClaimAboveDeposit.selector) revert ClaimAboveDeposit(channelId, cumulativeAmount, c.deposit);
        revert NothingToClaim(channelId, cumulativeAmount, c.claimed);
    }

    function _settle(Channel storage c, uint256 channelId, uint256 cumulativeAmount)
        private
        returns (address payee, uint256 paid, uint256 fee)
    {
        paid = cumulativeAmount - c.claimed;
        c.claimed = uint128(cumulativeAmount);
        uint256 modelId = c.modelId;
        payee = registry.ownerOf(modelId);
        fee = _feeOf(paid);
        emit ChannelClaimed(channelId, modelId, payee, cumulativeAmount, paid, fee);
    }
}
