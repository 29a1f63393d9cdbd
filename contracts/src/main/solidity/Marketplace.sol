// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {ModelRegistry} from "./ModelRegistry.sol";
import {LicenseToken} from "./LicenseToken.sol";
import {PlatformFee} from "./PlatformFee.sol";

/// @title Marketplace
/// @notice Fixed-price listings of model tokens and licence tokens, paid in $SOA. Tokens stay
/// with the seller until sold (the marketplace needs their approval). A sale pays the model's
/// ERC-2981 royalty to its current owner, the platform fee to the treasury and the rest to the
/// seller, and moves the token, all in one transaction. The royalty and fee rates are fixed when
/// a token is listed, so nobody can cut a seller's proceeds between `list` and `buy`; an
/// expired licence can be neither listed nor bought.
contract Marketplace is PlatformFee, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @dev One slot for what `buy` checks first: seller, state and the rates fixed at listing.
    struct Listing {
        address seller;
        bool active;
        uint16 royaltyBps;
        uint16 feeBps;
        address collection;
        uint256 tokenId;
        uint256 price;
    }

    IERC20 public immutable soa;
    ModelRegistry public immutable registry;
    LicenseToken public immutable licenses;

    uint256 public listingCount;
    mapping(uint256 listingId => Listing) private _listings;

    event Listed(
        uint256 indexed listingId, address indexed collection, uint256 indexed tokenId, address seller, uint256 price
    );
    event ListingCancelled(uint256 indexed listingId, address indexed collection, uint256 indexed tokenId);
    event Sold(
        uint256 indexed listingId,
        address indexed collection,
        uint256 indexed tokenId,
        address seller,
        address buyer,
        uint256 price,
        address royaltyReceiver,
        uint256 royalty,
        uint256 fee
    );

    error UnsupportedCollection(address collection);
    error NotTokenOwner(address collection, uint256 tokenId, address caller);
    error NotApproved(address collection, uint256 tokenId);
    error NotTransferable(uint256 tokenId);
    error ZeroPrice();
    error NotSeller(uint256 listingId, address caller);
    error ListingNotActive(uint256 listingId);
    error SellerNoLongerOwns(uint256 listingId);
    error LicenseExpired(uint256 tokenId);

    constructor(IERC20 soa_, ModelRegistry registry_, LicenseToken licenses_, address admin, address treasury_, uint16 feeBps_)
        PlatformFee(admin, treasury_, feeBps_)
    {
        soa = soa_;
        registry = registry_;
        licenses = licenses_;
    }

    function list(address collection, uint256 tokenId, uint256 price) external returns (uint256 listingId) {
        if (collection != address(registry) && collection != address(licenses)) {
            revert UnsupportedCollection(collection);
        }
        if (price == 0) revert ZeroPrice();
        IERC721 nft = IERC721(collection);
        if (nft.ownerOf(tokenId) != msg.sender) revert NotTokenOwner(collection, tokenId, msg.sender);
        if (!nft.isApprovedForAll(msg.sender, address(this)) && nft.getApproved(tokenId) != address(this)) {
            revert NotApproved(collection, tokenId);
        }
        uint256 modelId = tokenId;
        if (collection == address(licenses)) {
            if (!licenses.isTransferable(tokenId)) revert NotTransferable(tokenId);
            if (!licenses.isValid(tokenId)) revert LicenseExpired(tokenId);
            modelId = licenses.modelOf(tokenId);
        }
        (, uint256 royaltyBps) = registry.royaltyInfo(modelId, BPS); // at most MAX_ROYALTY_BPS
        listingId = ++listingCount;
        _listings[listingId] = Listing(msg.sender, true, uint16(royaltyBps), feeBps, collection, tokenId, price);
        emit Listed(listingId, collection, tokenId, msg.sender, price);
    }

    function cancel(uint256 listingId) external {
        Listing storage entry = _listings[listingId];
        if (!entry.active) revert ListingNotActive(listingId);
        if (entry.seller != msg.sender) revert NotSeller(listingId, msg.sender);
        entry.active = false;
        emit ListingCancelled(listingId, entry.collection, entry.tokenId);
    }

    function buy(uint256 listingId) external nonReentrant {
        Listing storage entry = _listings[listingId];
        if (!entry.active) revert ListingNotActive(listingId);
        entry.active = false;
        (address seller, address collection, uint256 tokenId, uint256 price) = (entry.seller, entry.collection, entry.tokenId, entry.price);
        if (IERC721(collection).ownerOf(tokenId) != seller) revert SellerNoLongerOwns(listingId);

        uint256 modelId = tokenId;
        if (collection == address(licenses)) {
            if (!licenses.isValid(tokenId)) revert LicenseExpired(tokenId);
            modelId = licenses.modelOf(tokenId);
        }
        // The receiver is the model's owner now; the rates are those the seller listed at.
        (address royaltyReceiver,) = registry.royaltyInfo(modelId, 0);
        uint256 royalty = price * entry.royaltyBps / BPS;
        uint256 fee = price * entry.feeBps / BPS; // royalty + fee <= 35% of the price
        uint256 toSeller = price - fee - royalty;
        if (royaltyReceiver == seller) {
            (toSeller, royalty) = (toSeller + royalty, 0); // one transfer when the owner sells
        }
        emit Sold(listingId, collection, tokenId, seller, msg.sender, price, royaltyReceiver, royalty, fee);

        if (fee != 0) soa.safeTransferFrom(msg.sender, treasury, fee);
        if (royalty != 0) soa.safeTransferFrom(msg.sender, royaltyReceiver, royalty);
        if (toSeller != 0) soa.safeTransferFrom(msg.sender, seller, toSeller);
        IERC721(collection).safeTransferFrom(seller, msg.sender, tokenId);
    }

    function listing(uint256 listingId) external view returns (Listing memory) {
        return _listings[listingId];
    }
}
