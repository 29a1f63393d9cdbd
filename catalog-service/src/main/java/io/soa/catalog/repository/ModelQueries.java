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
 * Reads of model documents straight from the pool (no ORM session): one indexed row for a
 * model, and the search with keyset pagination (each page continues after the last row's sort
 * key and id, so pages never skip or repeat rows while others are inserted).
 */
@ApplicationScoped
public class ModelQueries {
  private final Pool pool;

  public ModelQueries(Pool pool) {
    this.pool = pool;
  }

  /** A model's stored document and version (its ETag). */
  public record Document(String json, long version) {}

  public Uni<Document> document(UUID id) {
    return pool.preparedQuery("SELECT document, version FROM model WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> {
          var it = rows.iterator();
          if (!it.hasNext()) {
            return null;
          }
          Row r = it.next();
          return new Document(r.getString(0), r.getLong(1));
        });
  }

  public Uni<UUID> idBySlug(String slug) {
    return pool.preparedQuery("SELECT id FROM model WHERE slug = $1").execute(Tuple.of(slug))
        .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getUUID(0) : null);
  }

  /** How search results are ordered; each ends with the id for a stable total order. */
  public enum Sort {
    RELEVANCE("ts_rank(search, query)", "real", true),
    NEWEST("created_at", "timestamptz", true),
    OLDEST("created_at", "timestamptz", false),
    NAME("lower(name)", "text", false),
    PRICE("min_usage_price", "numeric", false);

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
  public record Search(String q, String task, String framework, String modality, String tag,
      String owner, ModelState state, Boolean payPerUse, BigInteger minPrice, BigInteger maxPrice,
      Sort sort, int limit, String afterKey, UUID afterId) {}

  /** One page: the documents, and the sort key and id of the last row when more follow. */
  public record Page(List<String> documents, String lastKey, UUID lastId) {}

  public Uni<Page> search(Search s) {
    List<Object> params = new ArrayList<>();
    StringBuilder where = new StringBuilder();
    String from = "model";
    if (s.q() != null) {
      params.add(s.q());
      from = "model, websearch_to_tsquery('english', $" + params.size() + ") query";
      where.append(" AND search @@ query");
    }
    eq(where, params, "task", s.task());
    eq(where, params, "framework", s.framework());
    eq(where, params, "modality", s.modality());
    eq(where, params, "owner", s.owner());
    if (s.tag() != null) {
      params.add("[\"" + s.tag().replace("\\", "\\\\").replace("\"", "\\\"") + "\"]");
      where.append(" AND tags::jsonb @> $").append(params.size()).append("::text::jsonb");
    }
    if (s.state() != null) {
      eq(where, params, "state", s.state().name());
    } else {
      where.append(" AND state <> 'DELISTED'"); // delisted models only when asked for
    }
    if (Boolean.TRUE.equals(s.payPerUse()) || s.sort() == Sort.PRICE) {
      where.append(" AND min_usage_price IS NOT NULL");
    } else if (Boolean.FALSE.equals(s.payPerUse())) {
      where.append(" AND min_usage_price IS NULL");
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
      where.append(" AND (").append(sort.key).append(", id) ").append(sort.descending ? "<" : ">")
          .append(" ($").append(params.size() - 1).append("::text::").append(sort.type)
          .append(", $").append(params.size()).append(")");
    }
    params.add(s.limit() + 1);
    // The inner query sorts only (key, id) (a small top-N sort, or an index walk); documents
    // are fetched for the page's rows alone. The key is aliased so ORDER BY means the column.
    String sql = "SELECT m.document, k.sort_key::text, k.id FROM (SELECT id, " + sort.key
        + " AS sort_key FROM " + from + " WHERE true" + where + " ORDER BY " + sort.key + " "
        + dir + ", id " + dir + " LIMIT $" + params.size() + ") k JOIN model m ON m.id = k.id"
        + " ORDER BY k.sort_key " + dir + ", k.id " + dir;
    return pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> page(rows, s.limit()));
  }

  private static void eq(StringBuilder where, List<Object> params, String column, String value) {
    if (value != null) {
      params.add(value);
      where.append(" AND ").append(column).append(" = $").append(params.size());
    }
  }

  private static Page page(RowSet<Row> rows, int limit) {
    List<String> docs = new ArrayList<>(limit);
    String lastKey = null;
    UUID lastId = null;
    boolean more = false;
    for (Row r : rows) {
      if (docs.size() == limit) {
        more = true;
        break;
      }
      docs.add(r.getString(0));
      lastKey = r.getString(1);
      lastId = r.getUUID(2);
    }
    return more ? new Page(docs, lastKey, lastId) : new Page(docs, null, null);
  }
}
