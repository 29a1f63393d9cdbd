// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

/// @title ModelRegistry
/// @notice One ERC-721 model token per catalog entry. Whoever holds the token owns the model
/// and receives its payouts. (Minimal surface of the foundation; tiers, prices and royalties
/// come with the full contract set.)
contract ModelRegistry is ERC721 {
    uint96 public constant MAX_ROYALTY_BPS = 10_000;

    struct Model {
        bytes32 catalogId;
        bytes32 artifactDigest;
        uint96 royaltyBps;
        string metadataUri;
    }

    uint256 public modelCount;
    mapping(uint256 modelId => Model) private _models;
    mapping(bytes32 catalogId => uint256 modelId) public modelIdOf;

    event ModelTokenized(
        uint256 indexed modelId,
        bytes32 indexed catalogId,
        address indexed owner,
        string metadataUri,
        bytes32 artifactDigest,
        uint96 royaltyBps
    );

    error AlreadyTokenized(bytes32 catalogId, uint256 modelId);
    error RoyaltyTooHigh(uint96 royaltyBps);
    error EmptyCatalogId();

    constructor() ERC721("SOA Model", "SOAM") {}

    /// @notice Mints the model token of `catalogId` to the caller.
    function tokenize(bytes32 catalogId, string calldata metadataUri, bytes32 artifactDigest, uint96 royaltyBps)
        external
        returns (uint256 modelId)
    {
        if (catalogId == bytes32(0)) revert EmptyCatalogId();
        if (royaltyBps > MAX_ROYALTY_BPS) revert RoyaltyTooHigh(royaltyBps);
        uint256 existing = modelIdOf[catalogId];
        if (existing != 0) revert AlreadyTokenized(catalogId, existing);
        modelId = ++modelCount;
        modelIdOf[catalogId] = modelId;
        _models[modelId] = Model(catalogId, artifactDigest, royaltyBps, metadataUri);
        _safeMint(msg.sender, modelId);
        emit ModelTokenized(modelId, catalogId, msg.sender, metadataUri, artifactDigest, royaltyBps);
    }

    function model(uint256 modelId) external view returns (Model memory) {
        _requireOwned(modelId);
        return _models[modelId];
    }

    function tokenURI(uint256 modelId) public view override returns (string memory) {
        _requireOwned(modelId);
        return _models[modelId].metadataUri;
    }
}
