package io.soa.catalog;

import io.soa.devstack.testing.TestInfra;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Properties;

/** Reads a test database directly, to check what was (not) written. */
public final class Db {
  private Db() {}

  /** The single number {@code sql} returns in {@code database}. */
  public static long count(String database, String sql) throws Exception {
    var pg = TestInfra.postgres();
    Properties p = new Properties();
    p.setProperty("user", pg.user());
    p.setProperty("password", pg.password());
    try (var c = DriverManager.getConnection(pg.jdbcUrl(database), p);
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Runs {@code sql} in {@code database} (to set up states the API cannot make). */
  public static void execute(String database, String sql) throws Exception {
    var pg = TestInfra.postgres();
    Properties p = new Properties();
    p.setProperty("user", pg.user());
    p.setProperty("password", pg.password());
    try (var c = DriverManager.getConnection(pg.jdbcUrl(database), p)) {
      c.createStatement().execute(sql);
    }
  }
}
