package io.soa.testing;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes a test database directly: to check what was (not) written, or to set up states
 * an API cannot make.
 */
public final class TestDb {
  private TestDb() {}

  /** The single number {@code sql} returns in {@code database}. */
  public static long count(String database, String sql) throws Exception {
    try (var c = TestInfra.postgres().connect(database);
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The first column of every row {@code sql} returns in {@code database}, as text, in order. */
  public static List<String> column(String database, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (var c = TestInfra.postgres().connect(database);
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** Runs {@code sql} in {@code database} (to set up states the API cannot make). */
  public static void execute(String database, String sql) throws Exception {
    try (var c = TestInfra.postgres().connect(database)) {
      c.createStatement().execute(sql);
    }
  }
}
