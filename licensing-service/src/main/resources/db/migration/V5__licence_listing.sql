-- A licence listed on the marketplace is frozen (issue 26, finding 15): its calls left move with
-- the token to the buyer, so while it is for sale the seller cannot spend them. Set by the
-- marketplace's Listed, cleared by ListingCancelled or Sold (soa.chain.market.v1). A table of its
-- own, not a column of licence: a listing may be mirrored before the purchase it lists (the market
-- and licence topics are not ordered against each other).
CREATE TABLE licence_listing (
    license_id  NUMERIC(78,0) PRIMARY KEY,
    listing_id  NUMERIC(78,0) NOT NULL
);
