package io.soa.catalog;

import io.soa.devstack.testing.TestInfra;
import java.sql.ResultSet;

/** Reads a test database directly, to check what was (not) written. */
public final class Db {
  private Db() {}

  /** The single number {@code sql} returns in {@code database}. */
  public static long count(String database, String sql) throws Exception {
    try (var c = TestInfra.postgres().connect(database);
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Runs {@code sql} in {@code database} (to set up states the API cannot make). */
  public static void execute(String database, String sql) throws Exception {
    try (var c = TestInfra.postgres().connect(database)) {
      c.createStatement().execute(sql);
    }
  }
}
