package io.soa.catalog.repository;

import io.smallrye.mutiny.Uni;
import io.soa.catalog.api.MarketViews.Listing;
import io.soa.catalog.api.MarketViews.Sale;
import io.soa.platform.chain.ChainContracts;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads of the market tables straight from the pool: listings with keyset pagination (each page
 * continues after the last row's sort key and event id), a model's listings and sales, its tiers
 * with what is sold of each and whether its terms are published.
 */
@ApplicationScoped
public class MarketQueries {
  private final Pool pool;
  private final ChainContracts chain;

  public MarketQueries(Pool pool, ChainContracts chain) {
    this.pool = pool;
    this.chain = chain;
  }

  /** How listings are ordered; each ends with the listing's event id for a total order. */
  public enum Sort {
    PRICE("l.price", "numeric", false),
    NEWEST("l.listed_block", "bigint", true),
    OLDEST("l.listed_block", "bigint", false);

    final String key;
    final String type;
    final boolean descending;

    Sort(String key, String type, boolean descending) {
      this.key = key;
      this.type = type;
      this.descending = descending;
    }
  }

  /**
   * A validated listing search; null fields do not filter. {@code modelToken} is the on-chain id of
   * the model asked for; {@code active} true for open listings only, false for closed ones only.
   */
  public record ListingSearch(
      String kind,
      String modelToken,
      String seller,
      BigInteger minPrice,
      BigInteger maxPrice,
      Boolean active,
      Sort sort,
      int limit,
      String afterKey,
      String afterId) {}

  /** One page: the listings, and the sort key and event id of the last when more follow. */
  public record Page(List<Listing> items, String lastKey, String lastId) {}

  private static final String LISTING_COLUMNS =
      "l.listing_id::text, l.chain_id, l.marketplace, l.kind, l.collection, l.token_id::text,"
          + " m.id, l.seller, l.price::text, l.status, COALESCE(l.seller = CASE WHEN l.kind ="
          + " 'model' THEN m.token_owner ELSE (SELECT c.holder FROM chain_licence c WHERE"
          + " c.chain_id = l.chain_id AND c.license_id = l.token_id ORDER BY c.event_id LIMIT 1)"
          + " END, false), l.listed_at, l.listed_tx, l.listed_block, l.closed_at";

  private static final String LISTING_FROM =
      " FROM market_listing l LEFT JOIN model m ON m.token_chain_id = l.chain_id AND"
          + " m.token_contract = $1 AND m.token_id = l.model_token_id WHERE l.chain_id = $2 AND"
          + " l.marketplace = $3";

  public Uni<Page> listings(ListingSearch s) {
    List<Object> params =
        new ArrayList<>(List.of(chain.modelRegistry(), chain.chainId(), chain.marketplace()));
    StringBuilder where = new StringBuilder();
    if (s.kind() != null) {
      params.add(s.kind());
      where.append(" AND l.kind = $").append(params.size());
    }
    if (s.modelToken() != null) {
      params.add(s.modelToken());
      where.append(" AND l.model_token_id = $").append(params.size()).append("::text::numeric");
    }
    if (s.seller() != null) {
      params.add(s.seller());
      where.append(" AND l.seller = $").append(params.size());
    }
    if (s.minPrice() != null) {
      params.add(s.minPrice().toString());
      where.append(" AND l.price >= $").append(params.size()).append("::text::numeric");
    }
    if (s.maxPrice() != null) {
      params.add(s.maxPrice().toString());
      where.append(" AND l.price <= $").append(params.size()).append("::text::numeric");
    }
    if (s.active() != null) {
      where.append(s.active() ? " AND l.status = 'active'" : " AND l.status <> 'active'");
    }
    Sort sort = s.sort();
    String dir = sort.descending ? "DESC" : "ASC";
    if (s.afterKey() != null) {
      params.add(s.afterKey());
      params.add(s.afterId());
      where
          .append(" AND (")
          .append(sort.key)
          .append(", l.event_id) ")
          .append(sort.descending ? "<" : ">")
          .append(" ($")
          .append(params.size() - 1)
          .append("::text::")
          .append(sort.type)
          .append(", $")
          .append(params.size())
          .append(")");
    }
    params.add(s.limit() + 1);
    String sql =
        "SELECT "
            + LISTING_COLUMNS
            + ", "
            + sort.key
            + "::text, l.event_id"
            + LISTING_FROM
            + where
            + " ORDER BY "
            + sort.key
            + " "
            + dir
            + ", l.event_id "
            + dir
            + " LIMIT $"
            + params.size();
    return pool.preparedQuery(sql)
        .execute(Tuple.from(params))
        .map(
            rows -> {
              List<Listing> items = new ArrayList<>();
              String lastKey = null;
              String lastId = null;
              for (Row r : rows) {
                if (items.size() == s.limit()) {
                  return new Page(items, lastKey, lastId);
                }
                items.add(listing(r));
                lastKey = r.getString(15);
                lastId = r.getString(16);
              }
              return new Page(items, null, null);
            });
  }

  /** The open listings of a model's token and of its licences, cheapest first. */
  public Uni<List<Listing>> openListings(String modelToken) {
    return pool.preparedQuery(
            "SELECT "
                + LISTING_COLUMNS
                + LISTING_FROM
                + " AND l.model_token_id = $4::text::numeric AND l.status = 'active' ORDER BY l.price,"
                + " l.event_id")
        .execute(Tuple.of(chain.modelRegistry(), chain.chainId(), chain.marketplace(), modelToken))
        .map(rows -> map(rows, MarketQueries::listing));
  }

  /** The sales of a model's token and of its licences, newest first, at most {@code limit}. */
  public Uni<List<Sale>> sales(String modelToken, int limit) {
    return pool.preparedQuery(
            "SELECT listing_id::text, kind, collection, token_id::text, seller, buyer,"
                + " price::text, royalty_receiver, royalty::text, fee::text, tx_hash,"
                + " block_number, sold_at FROM market_sale WHERE chain_id = $1 AND marketplace ="
                + " $2 AND model_token_id = $3::text::numeric ORDER BY block_number DESC, log_index"
                + " DESC LIMIT $4")
        .execute(Tuple.of(chain.chainId(), chain.marketplace(), modelToken, limit))
        .map(
            rows ->
                map(
                    rows,
                    r ->
                        new Sale(
                            r.getString(0),
                            r.getString(1),
                            r.getString(2),
                            r.getString(3),
                            r.getString(4),
                            r.getString(5),
                            r.getString(6),
                            r.getString(7),
                            r.getString(8),
                            r.getString(9),
                            r.getString(10),
                            r.getLong(11),
                            time(r.getOffsetDateTime(12)))));
  }

  /** A tier of the chain, with how many of its licences exist and whether its terms are up. */
  public record TierRow(
      String tierId,
      String price,
      String duration,
      String callQuota,
      long maxSupply,
      long sold,
      boolean transferable,
      boolean active,
      String featuresJson,
      String termsDigest,
      boolean termsPublished) {}

  public Uni<List<TierRow>> tiers(UUID modelId, String modelToken) {
    return pool.preparedQuery(
            "SELECT t.tier_id::text, t.price::text, t.duration::text, t.call_quota::text,"
                + " t.max_supply, (SELECT count(*) FROM chain_licence c WHERE c.chain_id ="
                + " t.chain_id AND c.tier_id = t.tier_id AND c.model_token_id = t.model_token_id),"
                + " t.transferable, t.active, t.features, t.terms_digest, EXISTS (SELECT 1 FROM"
                + " terms_document d WHERE d.model_id = $3 AND d.digest = t.terms_digest) FROM"
                + " chain_tier t WHERE t.chain_id = $1 AND t.model_token_id = $2::text::numeric ORDER BY"
                + " t.tier_id, t.created_block")
        .execute(Tuple.of(chain.chainId(), modelToken, modelId))
        .map(
            rows ->
                map(
                    rows,
                    r ->
                        new TierRow(
                            r.getString(0),
                            r.getString(1),
                            r.getString(2),
                            r.getString(3),
                            r.getLong(4),
                            r.getLong(5),
                            r.getBoolean(6),
                            r.getBoolean(7),
                            r.getString(8),
                            r.getString(9),
                            r.getBoolean(10))));
  }

  /** The on-chain model id of a catalog model tokenized on this chain's registry, or null. */
  public Uni<String> modelToken(UUID modelId) {
    return pool.preparedQuery(
            "SELECT token_id::text FROM model WHERE id = $1 AND token_chain_id = $2 AND"
                + " token_contract = $3")
        .execute(Tuple.of(modelId, chain.chainId(), chain.modelRegistry()))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
  }

  private static Listing listing(Row r) {
    UUID model = r.getUUID(6);
    return new Listing(
        r.getString(0),
        r.getLong(1),
        r.getString(2),
        r.getString(3),
        r.getString(4),
        r.getString(5),
        model == null ? null : model.toString(),
        r.getString(7),
        r.getString(8),
        r.getString(9),
        r.getBoolean(10),
        time(r.getOffsetDateTime(11)),
        r.getString(12),
        r.getLong(13),
        time(r.getOffsetDateTime(14)));
  }

  private static String time(OffsetDateTime t) {
    return t == null ? null : DateTimeFormatter.ISO_INSTANT.format(t.toInstant());
  }

  private static <T> List<T> map(Iterable<Row> rows, java.util.function.Function<Row, T> f) {
    List<T> out = new ArrayList<>();
    rows.forEach(r -> out.add(f.apply(r)));
    return out;
  }
}
