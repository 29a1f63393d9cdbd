package io.soa.catalog.repository;

import io.smallrye.mutiny.Uni;
import io.soa.catalog.domain.ModelState;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads of model documents straight from the pool (no ORM session): one indexed row for a model,
 * and the search with keyset pagination (each page continues after the last row's sort key and id,
 * so pages never skip or repeat rows while others are inserted).
 */
@ApplicationScoped
public class ModelQueries {
  private final Pool pool;

  public ModelQueries(Pool pool) {
    this.pool = pool;
  }

  /**
   * A model's stored document and version (its ETag), and who may see its endpoint: the developer
   * and the token's owner.
   */
  public record Document(
      String json, long version, String endpointUrl, String developer, String tokenOwner) {}

  public Uni<Document> document(UUID id) {
    return pool.preparedQuery(
            "SELECT document, version, endpoint_url, developer, token_owner FROM model"
                + " WHERE id = $1")
        .execute(Tuple.of(id))
        .map(
            rows -> {
              var it = rows.iterator();
              if (!it.hasNext()) {
                return null;
              }
              Row r = it.next();
              return new Document(
                  r.getString(0), r.getLong(1), r.getString(2), r.getString(3), r.getString(4));
            });
  }

  public Uni<UUID> idBySlug(String slug) {
    return pool.preparedQuery("SELECT id FROM model WHERE slug = $1")
        .execute(Tuple.of(slug))
        .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getUUID(0) : null);
  }

  /** How search results are ordered; each ends with the id for a stable total order. */
  public enum Sort {
    RELEVANCE("ts_rank(search, query)", "real", true),
    NEWEST("created_at", "timestamptz", true),
    OLDEST("created_at", "timestamptz", false),
    NAME("lower(name)", "text", false),
    PRICE("min_usage_price", "numeric", false),
    LAST_SALE_PRICE("last_sale_price", "numeric", false);

    final String key;
    final String type;
    final boolean descending;

    Sort(String key, String type, boolean descending) {
      this.key = key;
      this.type = type;
      this.descending = descending;
    }
  }

  /** A validated search. Null fields do not filter. */
  public record Search(
      String q,
      String task,
      String framework,
      String modality,
      String tag,
      String owner,
      ModelState state,
      Boolean payPerUse,
      Boolean forSale,
      BigInteger minPrice,
      BigInteger maxPrice,
      Sort sort,
      int limit,
      String afterKey,
      UUID afterId) {}

  /** One page: the documents, and the sort key and id of the last row when more follow. */
  public record Page(List<String> documents, String lastKey, UUID lastId) {}

  public Uni<Page> search(Search s) {
    if (!headTermsApply(s)) {
      Statement ranked = rankedSql(s, false);
      return pool.preparedQuery(ranked.sql())
          .execute(Tuple.from(ranked.params()))
          .map(rows -> page(rows, List.of(), s.limit()));
    }
    // One word, by relevance, unfiltered: models with the word in a head field come first
    // and in exact rank order from model_search_term (V4); the models with it only in their
    // description are ranked at query time, and only when the page reaches past the others.
    Statement head = headSql(s);
    return pool.preparedQuery(head.sql())
        .execute(Tuple.from(head.params()))
        .flatMap(
            rows -> {
              if (rows.size() > s.limit()) {
                return Uni.createFrom().item(page(rows, List.of(), s.limit()));
              }
              Statement rest = rankedSql(s, true);
              return pool.preparedQuery(rest.sql())
                  .execute(Tuple.from(rest.params()))
                  .map(more -> page(rows, more, s.limit()));
            });
  }

  private record Statement(String sql, List<Object> params) {}

  /**
   * Whether a search can start from the head-term index: one word (several never parse to a single
   * term, so they skip the try), by relevance, with no filter but state.
   */
  private static boolean headTermsApply(Search s) {
    return s.q() != null
        && s.q().chars().noneMatch(Character::isWhitespace)
        && s.sort() == Sort.RELEVANCE
        && s.task() == null
        && s.framework() == null
        && s.modality() == null
        && s.owner() == null
        && s.tag() == null
        && s.payPerUse() == null
        && s.forSale() == null
        && s.minPrice() == null
        && s.maxPrice() == null;
  }

  private static Statement headSql(Search s) {
    List<Object> params = new ArrayList<>();
    params.add(s.q());
    StringBuilder where =
        new StringBuilder(
            " WHERE t.term = (SELECT query::text FROM"
                + " websearch_to_tsquery('english', $1) query WHERE numnode(query) = 1)");
    stateFilter(where, params, s.state());
    if (s.afterKey() != null) {
      params.add(s.afterKey());
      params.add(s.afterId());
      where
          .append(" AND (t.rank, t.model_id) < ($")
          .append(params.size() - 1)
          .append("::text::real, $")
          .append(params.size())
          .append(")");
    }
    params.add(s.limit() + 1);
    String sql =
        "SELECT m.document, k.sort_key::text, k.id FROM (SELECT t.model_id AS id,"
            + " t.rank AS sort_key FROM model_search_term t JOIN model ON model.id = t.model_id"
            + where
            + " ORDER BY t.rank DESC, t.model_id DESC LIMIT $"
            + params.size()
            + ") k"
            + " JOIN model m ON m.id = k.id ORDER BY k.sort_key DESC, k.id DESC";
    return new Statement(sql, params);
  }

  /**
   * The search ranked at query time. With {@code descriptionOnly} a one-word query leaves out the
   * models that have the word in a head field (weights A-C), which {@link #headSql} served.
   */
  private static Statement rankedSql(Search s, boolean descriptionOnly) {
    List<Object> params = new ArrayList<>();
    StringBuilder where = new StringBuilder();
    String from = "model";
    if (s.q() != null) {
      params.add(s.q());
      from = "model, websearch_to_tsquery('english', $" + params.size() + ") query";
      where.append(" AND search @@ query");
      if (descriptionOnly) {
        where.append(
            " AND NOT (numnode(query) = 1 AND search @@ (query::text || ':ABC')::tsquery)");
      }
    }
    eq(where, params, "task", s.task());
    eq(where, params, "framework", s.framework());
    eq(where, params, "modality", s.modality());
    eq(where, params, "owner", s.owner());
    if (s.tag() != null) {
      params.add("[\"" + s.tag().replace("\\", "\\\\").replace("\"", "\\\"") + "\"]");
      where.append(" AND tags::jsonb @> $").append(params.size()).append("::text::jsonb");
    }
    stateFilter(where, params, s.state());
    if (Boolean.TRUE.equals(s.payPerUse()) || s.sort() == Sort.PRICE) {
      where.append(" AND min_usage_price IS NOT NULL");
    } else if (Boolean.FALSE.equals(s.payPerUse())) {
      where.append(" AND min_usage_price IS NULL");
    }
    if (Boolean.TRUE.equals(s.forSale())) {
      where.append(" AND for_sale");
    } else if (Boolean.FALSE.equals(s.forSale())) {
      where.append(" AND NOT for_sale");
    }
    if (s.sort() == Sort.LAST_SALE_PRICE) {
      where.append(" AND last_sale_price IS NOT NULL");
    }
    if (s.minPrice() != null) {
      params.add(s.minPrice().toString());
      where.append(" AND min_usage_price >= $").append(params.size()).append("::text::numeric");
    }
    if (s.maxPrice() != null) {
      params.add(s.maxPrice().toString());
      where.append(" AND min_usage_price <= $").append(params.size()).append("::text::numeric");
    }
    Sort sort = s.sort();
    String dir = sort.descending ? "DESC" : "ASC";
    if (s.afterKey() != null) {
      params.add(s.afterKey());
      params.add(s.afterId());
      where
          .append(" AND (")
          .append(sort.key)
          .append(", id) ")
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
    // The inner query sorts only (key, id) (a small top-N sort, or an index walk); documents
    // are fetched for the page's rows alone. The key is aliased so ORDER BY means the column.
    String sql =
        "SELECT m.document, k.sort_key::text, k.id FROM (SELECT id, "
            + sort.key
            + " AS sort_key FROM "
            + from
            + " WHERE true"
            + where
            + " ORDER BY "
            + sort.key
            + " "
            + dir
            + ", id "
            + dir
            + " LIMIT $"
            + params.size()
            + ") k JOIN model m ON m.id = k.id"
            + " ORDER BY k.sort_key "
            + dir
            + ", k.id "
            + dir;
    return new Statement(sql, params);
  }

  private static void stateFilter(StringBuilder where, List<Object> params, ModelState state) {
    if (state != null) {
      eq(where, params, "state", state.name());
    } else {
      where.append(" AND state <> 'DELISTED'"); // delisted models only when asked for
    }
  }

  private static void eq(StringBuilder where, List<Object> params, String column, String value) {
    if (value != null) {
      params.add(value);
      where.append(" AND ").append(column).append(" = $").append(params.size());
    }
  }

  /**
   * The page from rows in order: {@code first}, then {@code then}; more follow past {@code limit}.
   */
  private static Page page(RowSet<Row> first, Iterable<Row> then, int limit) {
    List<String> docs = new ArrayList<>(limit);
    String lastKey = null;
    UUID lastId = null;
    for (Iterable<Row> rows : List.of(first, then)) {
      for (Row r : rows) {
        if (docs.size() == limit) {
          return new Page(docs, lastKey, lastId);
        }
        docs.add(r.getString(0));
        lastKey = r.getString(1);
        lastId = r.getUUID(2);
      }
    }
    return new Page(docs, null, null);
  }
}
