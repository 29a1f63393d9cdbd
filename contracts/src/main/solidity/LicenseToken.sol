// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {ModelRegistry} from "./ModelRegistry.sol";
import {PlatformFee} from "./PlatformFee.sol";

/// @title LicenseToken
/// @notice ERC-721 licences of models. A model's owner creates tiers (price, duration, call
/// quota, supply, transferability, terms); a purchase pulls $SOA from the buyer, pays the fee to
/// the treasury and the rest to the model's current owner in the same transaction, and mints a
/// licence carrying its tier, model, expiry and quota. A tier may cover only some of the model's
/// features (usage rights per function); an empty list covers them all.
contract LicenseToken is ERC721, PlatformFee, ReentrancyGuard {
    using SafeERC20 for IERC20;

    struct Tier {
        uint256 modelId;
        uint128 price;
        uint64 duration; // seconds; 0 = perpetual
        uint64 callQuota; // 0 = unlimited
        uint32 maxSupply; // 0 = unlimited
        uint32 sold;
        bool transferable;
        bool active;
        bytes32 termsDigest;
    }

    struct License {
        uint64 tierId;
        uint64 expiresAt; // 0 = perpetual
        uint64 callQuota;
        uint256 modelId;
    }

    IERC20 public immutable soa;
    ModelRegistry public immutable registry;

    /// @notice The most features one tier can name (keeps a tier's event and reads bounded).
    uint256 public constant MAX_TIER_FEATURES = 64;

    uint64 public tierCount;
    uint256 public licenseCount;
    mapping(uint256 tierId => Tier) private _tiers;
    mapping(uint256 licenseId => License) private _licenses;
    mapping(uint256 tierId => bytes32[] features) private _tierFeatures;

    event TierCreated(
        uint256 indexed tierId,
        uint256 indexed modelId,
        uint256 price,
        uint64 duration,
        uint64 callQuota,
        uint32 maxSupply,
        bool transferable,
        bytes32 termsDigest,
        bytes32[] features
    );
    event TierUpdated(uint256 indexed tierId, uint256 indexed modelId, bool active);
    event LicensePurchased(
        uint256 indexed licenseId,
        uint256 indexed tierId,
        uint256 indexed modelId,
        address buyer,
        address recipient,
        address payee,
        uint256 paid,
        uint256 fee,
        uint64 expiresAt,
        uint64 callQuota
    );

    error NotModelOwner(uint256 modelId, address caller);
    error UnknownTier(uint256 tierId);
    error TierInactive(uint256 tierId);
    error SoldOut(uint256 tierId, uint32 maxSupply);
    error NonTransferable(uint256 licenseId);
    error PriceTooHigh();
    error TooManyFeatures(uint256 count, uint256 max);

    constructor(IERC20 soa_, ModelRegistry registry_, address admin, address treasury_, uint16 feeBps_)
        ERC721("SOA Licence", "SOAL")
        PlatformFee(admin, treasury_, feeBps_)
    {
        soa = soa_;
        registry = registry_;
    }

    function createTier(
        uint256 modelId,
        uint256 price,
        uint64 duration,
        uint64 callQuota,
        uint32 maxSupply,
        bool transferable,
        bytes32 termsDigest,
        bytes32[] calldata features
    ) external returns (uint256 tierId) {
        if (registry.ownerOf(modelId) != msg.sender) revert NotModelOwner(modelId, msg.sender);
        if (price > type(uint128).max) revert PriceTooHigh();
        if (features.length > MAX_TIER_FEATURES) revert TooManyFeatures(features.length, MAX_TIER_FEATURES);
        tierId = ++tierCount;
        _tiers[tierId] = Tier(modelId, uint128(price), duration, callQuota, maxSupply, 0, transferable, true, termsDigest);
        if (features.length != 0) _tierFeatures[tierId] = features;
        emit TierCreated(tierId, modelId, price, duration, callQuota, maxSupply, transferable, termsDigest, features);
    }

    /// @notice Pauses (false) or resumes (true) sales of a tier; licences already sold stay valid.
    function setTierActive(uint256 tierId, bool active) external {
        Tier storage t = _tier(tierId);
        if (registry.ownerOf(t.modelId) != msg.sender) revert NotModelOwner(t.modelId, msg.sender);
        t.active = active;
        emit TierUpdated(tierId, t.modelId, active);
    }

    /// @notice Buys a licence of `tierId` for `recipient`, paying with an approval of $SOA.
    function purchase(uint256 tierId, address recipient) public nonReentrant returns (uint256 licenseId) {
        Tier storage t = _tier(tierId);
        if (!t.active) revert TierInactive(tierId);
        uint32 sold = t.sold;
        if (t.maxSupply != 0 && sold >= t.maxSupply) revert SoldOut(tierId, t.maxSupply);
        t.sold = sold + 1;

        uint256 modelId = t.modelId;
        uint256 price = t.price;
        uint64 expiresAt = t.duration == 0 ? 0 : uint64(block.timestamp) + t.duration;
        licenseId = ++licenseCount;
        _licenses[licenseId] = License(uint64(tierId), expiresAt, t.callQuota, modelId);

        // Effects above, payouts next, the mint (which may call the recipient) last.
        address payee = registry.ownerOf(modelId);
        uint256 fee = _feeOf(price);
        if (fee != 0) soa.safeTransferFrom(msg.sender, treasury, fee);
        if (price != fee) soa.safeTransferFrom(msg.sender, payee, price - fee);
        emit LicensePurchased(licenseId, tierId, modelId, msg.sender, recipient, payee, price, fee, expiresAt, t.callQuota);
        _safeMint(recipient, licenseId);
    }

    /// @notice {purchase} with an ERC-2612 permit instead of a prior approval. A permit already
    /// used (e.g. front-run) is ignored when the allowance is in place anyway.
    function purchaseWithPermit(uint256 tierId, address recipient, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external
        returns (uint256)
    {
        // A permit already used (front-run from the mempool) fails, yet its allowance stands.
        // solhint-disable-next-line no-empty-blocks
        try IERC20Permit(address(soa)).permit(msg.sender, address(this), _tier(tierId).price, deadline, v, r, s) {} catch {}
        return purchase(tierId, recipient);
    }

    function tier(uint256 tierId) external view returns (Tier memory) {
        return _tier(tierId);
    }

    /// @notice The feature keys (keccak256 of the catalog feature id) a tier covers; empty = all.
    function tierFeatures(uint256 tierId) external view returns (bytes32[] memory) {
        _tier(tierId);
        return _tierFeatures[tierId];
    }

    /// @notice True when licences of `tierId` may be used for `feature`.
    function covers(uint256 tierId, bytes32 feature) external view returns (bool) {
        _tier(tierId);
        bytes32[] storage fs = _tierFeatures[tierId];
        if (fs.length == 0) return true;
        for (uint256 i; i < fs.length; ++i) {
            if (fs[i] == feature) return true;
        }
        return false;
    }

    function license(uint256 licenseId) external view returns (License memory) {
        _requireOwned(licenseId);
        return _licenses[licenseId];
    }

    /// @notice True while the licence exists and has not expired (quota is metered off-chain).
    function isValid(uint256 licenseId) external view returns (bool) {
        if (_ownerOf(licenseId) == address(0)) return false;
        uint64 expiresAt = _licenses[licenseId].expiresAt;
        return expiresAt == 0 || block.timestamp < expiresAt;
    }

    function isTransferable(uint256 licenseId) public view returns (bool) {
        return _tiers[_licenses[licenseId].tierId].transferable;
    }

    function modelOf(uint256 licenseId) external view returns (uint256) {
        _requireOwned(licenseId);
        return _licenses[licenseId].modelId;
    }

    function _tier(uint256 tierId) private view returns (Tier storage t) {
        t = _tiers[tierId];
        if (t.modelId == 0) revert UnknownTier(tierId);
    }

    /// @dev Licences of a non-transferable tier can be minted, never moved.
    function _update(address to, uint256 tokenId, address auth) internal override returns (address from) {
        from = super._update(to, tokenId, auth);
        if (from != address(0) && to != address(0) && !isTransferable(tokenId)) revert NonTransferable(tokenId);
    }
}
