// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Cheats, Deployed} from "./Suite.sol";
import {SOAToken} from "../../main/solidity/SOAToken.sol";
import {ModelRegistry} from "../../main/solidity/ModelRegistry.sol";
import {LicenseToken} from "../../main/solidity/LicenseToken.sol";
import {Marketplace} from "../../main/solidity/Marketplace.sol";

/// @dev What the fuzzer does to the licences and the market: purchases, listings of licences
/// and model tokens, cancellations, sales, direct transfers (of non-transferable licences too),
/// royalty and fee changes, time passing. Every sale's payouts are checked against its price.
contract MarketHandler is Cheats {
    uint256 internal constant BPS = 10_000;

    SOAToken internal immutable soa;
    ModelRegistry internal immutable registry;
    LicenseToken internal immutable licenses;
    Marketplace internal immutable market;
    address internal immutable treasury;

    address[] public actors;
    uint256[] public tiers;
    uint256[] public models;
    uint256[] public licenceIds;
    uint256[] public listings;
    mapping(uint256 licenseId => address) public firstHolder;

    uint256 public sales;
    uint256 public badSales; // sales whose payouts were not fee + royalty + proceeds = price
    uint256 public nonTransferableMoved;
    uint256 public soldBeyondSupply;

    constructor(Deployed d, address[] memory actors_, uint256[] memory models_, uint256[] memory tiers_) {
        (soa, registry, licenses, market, treasury) = d.contracts();
        actors = actors_;
        models = models_;
        tiers = tiers_;
        for (uint256 i; i < actors.length; ++i) {
            vm.startPrank(actors[i]);
            soa.approve(address(licenses), type(uint256).max);
            soa.approve(address(market), type(uint256).max);
            licenses.setApprovalForAll(address(market), true);
            registry.setApprovalForAll(address(market), true);
            vm.stopPrank();
        }
    }

    function licenceCount() external view returns (uint256) {
        return licenceIds.length;
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    // ------------------------------------------------------------------ actions

    function purchase(uint256 who, uint256 t) external {
        address buyer = actors[who % actors.length];
        uint256 tierId = tiers[t % tiers.length];
        LicenseToken.Tier memory before = licenses.tier(tierId);
        vm.prank(buyer);
        try licenses.purchase(tierId, buyer) returns (uint256 id) {
            licenceIds.push(id);
            firstHolder[id] = buyer;
            if (before.maxSupply != 0 && before.sold >= before.maxSupply) soldBeyondSupply++;
        } catch {}
    }

    function listLicence(uint256 i, uint256 price) external {
        if (licenceIds.length == 0) return;
        uint256 id = licenceIds[i % licenceIds.length];
        address holder = licenses.ownerOf(id);
        _list(address(licenses), id, holder, price);
    }

    function listModel(uint256 i, uint256 price) external {
        uint256 id = models[i % models.length];
        _list(address(registry), id, registry.ownerOf(id), price);
    }

    function cancel(uint256 i) external {
        if (listings.length == 0) return;
        uint256 id = listings[i % listings.length];
        address seller = market.listing(id).seller;
        vm.prank(seller);
        try market.cancel(id) {} catch {}
    }

    /// A sale: the buyer pays the price, the treasury gets the fee at the listed rate, the model's
    /// owner at the time of the sale the royalty at the listed rate, the seller the rest.
    function buy(uint256 who, uint256 i) external {
        if (listings.length == 0) return;
        uint256 id = listings[i % listings.length];
        Marketplace.Listing memory l = market.listing(id);
        address buyer = actors[who % actors.length];
        uint256 modelId = l.collection == address(licenses) ? licenses.license(l.tokenId).modelId : l.tokenId;
        (address receiver,) = registry.royaltyInfo(modelId, 0);
        int256[] memory before = _balances();
        vm.prank(buyer);
        try market.buy(id) {
            sales++;
            uint256 fee = l.price * l.feeBps / BPS;
            uint256 royalty = receiver == l.seller ? 0 : l.price * l.royaltyBps / BPS;
            uint256 proceeds = l.price - fee - royalty;
            int256[] memory after_ = _balances();
            bool ok = IERC721Owner(l.collection).ownerOf(l.tokenId) == buyer;
            int256 sum;
            for (uint256 k; k < actors.length + 1; ++k) {
                address a = k < actors.length ? actors[k] : treasury;
                int256 expected;
                if (a == buyer) expected -= int256(l.price);
                if (a == treasury) expected += int256(fee);
                if (a == receiver) expected += int256(royalty);
                if (a == l.seller) expected += int256(proceeds);
                ok = ok && after_[k] - before[k] == expected;
                sum += after_[k] - before[k];
            }
            if (!ok || sum != 0 || fee + royalty + proceeds != l.price) badSales++;
        } catch {}
    }

    /// A direct transfer, of any licence: a non-transferable one must refuse.
    function transfer(uint256 i, uint256 to) external {
        if (licenceIds.length == 0) return;
        uint256 id = licenceIds[i % licenceIds.length];
        address holder = licenses.ownerOf(id);
        address recipient = actors[to % actors.length];
        bool transferable = licenses.isTransferable(id);
        vm.prank(holder);
        try licenses.transferFrom(holder, recipient, id) {
            if (!transferable && holder != recipient) nonTransferableMoved++;
        } catch {}
    }

    function setRoyalty(uint256 i, uint256 bps) external {
        uint256 id = models[i % models.length];
        uint96 royalty = uint96(within(bps, 0, registry.MAX_ROYALTY_BPS()));
        vm.prank(registry.ownerOf(id)); // the next call only: read everything before
        registry.setRoyalty(id, royalty);
    }

    function warp(uint256 secs) external {
        vm.warp(block.timestamp + within(secs, 1, 1 days));
    }

    // ------------------------------------------------------------------ internals

    function _list(address collection, uint256 id, address seller, uint256 price) private {
        uint256 asked = within(price, 1, 50e18);
        vm.prank(seller);
        try market.list(collection, id, asked) returns (uint256 listingId) {
            listings.push(listingId);
        } catch {}
    }

    function _balances() private view returns (int256[] memory b) {
        b = new int256[](actors.length + 1);
        for (uint256 k; k < actors.length; ++k) {
            b[k] = int256(soa.balanceOf(actors[k]));
        }
        b[actors.length] = int256(soa.balanceOf(treasury));
    }
}

interface IERC721Owner {
    function ownerOf(uint256 tokenId) external view returns (address);
}

/// @dev The licences' and the market's promises after every sequence the fuzzer finds.
contract MarketInvariants is Deployed {
    uint256 internal constant MINTED_EACH = 500e18;

    MarketHandler internal h;
    uint256 internal nonTransferableTier;

    function setUp() public {
        deploy();
        address[] memory actors = new address[](4);
        for (uint256 i; i < actors.length; ++i) {
            actors[i] = address(uint160(0xBEEF00 + i));
            mint(actors[i], MINTED_EACH);
        }
        // two models owned by actors (so a model token and its royalties change hands)
        uint256[] memory models = new uint256[](2);
        models[0] = tokenize(actors[0], 0, 500);
        models[1] = tokenize(actors[1], 1, 2_500);
        uint256[] memory tiers = new uint256[](4);
        bytes32[] memory none = new bytes32[](0);
        vm.startPrank(actors[0]);
        tiers[0] = licenses.createTier(models[0], 10e18, 0, 5, 0, true, bytes32(0), none);
        tiers[1] = licenses.createTier(models[0], 3e18, 0, 0, 0, false, bytes32(0), none);
        vm.stopPrank();
        vm.startPrank(actors[1]);
        tiers[2] = licenses.createTier(models[1], 7e18, 1 hours, 0, 3, true, bytes32(0), none);
        tiers[3] = licenses.createTier(models[1], 1, 0, 1, 0, true, bytes32(0), none);
        vm.stopPrank();
        nonTransferableTier = tiers[1];
        h = new MarketHandler(this, actors, models, tiers);
    }

    function targetContracts() public view returns (address[] memory t) {
        t = new address[](1);
        t[0] = address(h);
    }

    /// The handler's paths do reach sales (of a licence, a resale paying royalty, a model token).
    function test_handlerSellsLicencesAndModels() public {
        h.purchase(2, 0); // actor 2 buys a licence of model 0
        h.listLicence(0, 5e18 - 1);
        h.buy(3, 0); // actor 3 buys it: royalty to actor 0, the model's owner
        h.listModel(1, 20e18 - 1);
        h.buy(2, 1); // actor 2 buys model 1 from actor 1
        eq(h.sales(), 2, "sales");
        eq(h.badSales(), 0, "bad sales");
        eq(uint160(registry.ownerOf(2)), uint160(address(0xBEEF02)), "model 1's new owner");
    }

    function invariant_everySalePaysFeeRoyaltyAndProceedsEqualToPrice() public view {
        eq(h.badSales(), 0, "sales whose payouts differ from the price");
    }

    function invariant_nonTransferableLicenceNeverMoves() public view {
        eq(h.nonTransferableMoved(), 0, "non-transferable licences moved");
        for (uint256 i; i < h.licenceCount(); ++i) {
            uint256 id = h.licenceIds(i);
            if (licenses.license(id).tierId != nonTransferableTier) continue;
            if (licenses.ownerOf(id) != h.firstHolder(id)) revert("a non-transferable licence moved");
        }
    }

    function invariant_soaIsConserved() public view {
        uint256 sum = soa.balanceOf(treasury);
        for (uint256 i; i < h.actorCount(); ++i) {
            sum += soa.balanceOf(h.actors(i));
        }
        eq(soa.totalSupply(), MINTED_EACH * h.actorCount(), "supply");
        eq(sum, soa.totalSupply(), "balances against supply");
        eq(soa.balanceOf(address(market)) + soa.balanceOf(address(licenses)), 0, "held by contracts");
    }

    function invariant_noTierSoldBeyondItsSupply() public view {
        eq(h.soldBeyondSupply(), 0, "sold beyond supply");
        for (uint256 t = 1; t <= licenses.tierCount(); ++t) {
            LicenseToken.Tier memory tier = licenses.tier(t);
            if (tier.maxSupply != 0) le(tier.sold, tier.maxSupply, "sold against max supply");
        }
    }
}
