// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {IERC2981} from "@openzeppelin/contracts/interfaces/IERC2981.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";

/// @title ModelRegistry
/// @notice One ERC-721 model token per catalog entry. Whoever holds the token owns the model:
/// royalties (ERC-2981), licence revenue and pay-per-use payouts all go to the *current* holder.
/// The owner sets the model's metadata, royalty and per-feature pay-per-use prices.
/// A catalog id is public, so it is bound to the account that tokenizes it: anyone may mint a
/// token for any catalog id, but only under their own address, and the catalog accepts only the
/// token minted by the model's registered developer. A stranger's earlier mint blocks nobody.
contract ModelRegistry is ERC721, IERC2981 {
    /// @notice The highest royalty an owner can set: 25% of a resale.
    uint96 public constant MAX_ROYALTY_BPS = 2_500;

    struct Model {
        bytes32 catalogId;
        bytes32 artifactDigest;
        uint96 royaltyBps;
        string metadataUri;
    }

    uint256 public modelCount;
    mapping(uint256 modelId => Model) private _models;
    /// @notice The model minted by `minter` for `catalogId` (0 = none).
    mapping(address minter => mapping(bytes32 catalogId => uint256 modelId)) public modelIdOf;
    /// @notice Price in $SOA base units of one call of a feature; 0 = not offered per call.
    mapping(uint256 modelId => mapping(bytes32 feature => uint256 pricePerCall)) public usagePrice;

    event ModelTokenized(
        uint256 indexed modelId,
        bytes32 indexed catalogId,
        address indexed owner,
        string metadataUri,
        bytes32 artifactDigest,
        uint96 royaltyBps
    );
    event ModelMetadataUpdated(uint256 indexed modelId, string metadataUri, bytes32 artifactDigest);
    event RoyaltySet(uint256 indexed modelId, uint96 royaltyBps);
    event UsagePriceSet(uint256 indexed modelId, bytes32 indexed feature, uint256 pricePerCall);

    error AlreadyTokenized(bytes32 catalogId, uint256 modelId);
    error RoyaltyTooHigh(uint96 royaltyBps);
    error EmptyCatalogId();
    error NotModelOwner(uint256 modelId, address caller);

    constructor() ERC721("SOA Model", "SOAM") {}

    modifier onlyModelOwner(uint256 modelId) {
        if (ownerOf(modelId) != msg.sender) revert NotModelOwner(modelId, msg.sender);
        _;
    }

    /// @notice Mints the caller's model token of `catalogId` (one per caller and catalog id).
    function tokenize(bytes32 catalogId, string calldata metadataUri, bytes32 artifactDigest, uint96 royaltyBps)
        external
        returns (uint256 modelId)
    {
        if (catalogId == bytes32(0)) revert EmptyCatalogId();
        if (royaltyBps > MAX_ROYALTY_BPS) revert RoyaltyTooHigh(royaltyBps);
        uint256 existing = modelIdOf[msg.sender][catalogId];
        if (existing != 0) revert AlreadyTokenized(catalogId, existing);
        modelId = ++modelCount;
        modelIdOf[msg.sender][catalogId] = modelId;
        _models[modelId] = Model(catalogId, artifactDigest, royaltyBps, metadataUri);
        _safeMint(msg.sender, modelId);
        emit ModelTokenized(modelId, catalogId, msg.sender, metadataUri, artifactDigest, royaltyBps);
    }

    function setMetadata(uint256 modelId, string calldata metadataUri, bytes32 artifactDigest)
        external
        onlyModelOwner(modelId)
    {
        Model storage m = _models[modelId];
        m.metadataUri = metadataUri;
        m.artifactDigest = artifactDigest;
        emit ModelMetadataUpdated(modelId, metadataUri, artifactDigest);
    }

    function setRoyalty(uint256 modelId, uint96 royaltyBps) external onlyModelOwner(modelId) {
        if (royaltyBps > MAX_ROYALTY_BPS) revert RoyaltyTooHigh(royaltyBps);
        _models[modelId].royaltyBps = royaltyBps;
        emit RoyaltySet(modelId, royaltyBps);
    }

    /// @notice Sets the per-call price of `feature`; 0 removes the feature from pay-per-use.
    function setUsagePrice(uint256 modelId, bytes32 feature, uint256 pricePerCall) external onlyModelOwner(modelId) {
        usagePrice[modelId][feature] = pricePerCall;
        emit UsagePriceSet(modelId, feature, pricePerCall);
    }

    function model(uint256 modelId) external view returns (Model memory) {
        _requireOwned(modelId);
        return _models[modelId];
    }

    function tokenURI(uint256 modelId) public view override returns (string memory) {
        _requireOwned(modelId);
        return _models[modelId].metadataUri;
    }

    /// @notice ERC-2981: the royalty of a sale of anything of `modelId` goes to its current owner.
    function royaltyInfo(uint256 modelId, uint256 salePrice) external view returns (address, uint256) {
        address owner = _ownerOf(modelId);
        if (owner == address(0)) return (address(0), 0);
        return (owner, salePrice * _models[modelId].royaltyBps / 10_000);
    }

    function supportsInterface(bytes4 interfaceId) public view override(ERC721, IERC165) returns (bool) {
        return interfaceId == type(IERC2981).interfaceId || super.supportsInterface(interfaceId);
    }
}
