package io.soa.platform.persistence;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** What repositories make of a result: its first row, or every row, as records. */
public final class Rows {
  private Rows() {}

  /** The first row as {@code map} makes it, or empty when there is none. */
  public static <T> Optional<T> first(RowSet<Row> rows, Function<Row, T> map) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(map.apply(rows.iterator().next()));
  }

  /** The first row as {@code map} makes it, or null when there is none. */
  public static <T> T firstOrNull(RowSet<Row> rows, Function<Row, T> map) {
    return first(rows, map).orElse(null);
  }

  /** Every row as {@code map} makes it, in order. */
  public static <T> List<T> all(RowSet<Row> rows, Function<Row, T> map) {
    List<T> out = new ArrayList<>(rows.size());
    rows.forEach(r -> out.add(map.apply(r)));
    return out;
  }
}
