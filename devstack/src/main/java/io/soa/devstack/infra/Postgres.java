package io.soa.devstack.infra;

import io.soa.devchain.Processes;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The PostgreSQL server of the local stack: the one named by {@code SOA_PG_HOST}/{@code
 * SOA_PG_PORT}, else the local server on 127.0.0.1:5432 when it answers, else an embedded
 * PostgreSQL (zonky) started in this JVM.
 */
public final class Postgres implements AutoCloseable {
  private final String host;
  private final int port;
  private final String user;
  private final String password;
  private final EmbeddedPostgres embedded;

  private Postgres(String host, int port, String user, String password, EmbeddedPostgres embedded) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
    this.embedded = embedded;
  }

  /** A server run by someone else (in tests: Testcontainers'), as given. */
  public static Postgres at(String host, int port, String user, String password) {
    return new Postgres(host, port, user, password, null);
  }

  /** Finds or starts a server; {@code embeddedDir} holds an embedded server's data. */
  public static Postgres ensure(Path embeddedDir) {
    String host = env("SOA_PG_HOST", "127.0.0.1");
    int port = Integer.parseInt(env("SOA_PG_PORT", "5432"));
    String user = env("SOA_PG_USER", "postgres");
    String password = env("SOA_PG_PASSWORD", "");
    Postgres external = new Postgres(host, port, user, password, null);
    if (external.answers()) {
      return external;
    }
    if (System.getenv("SOA_PG_PORT") != null) {
      throw new IllegalStateException(
          "no PostgreSQL answers at "
              + host
              + ":"
              + port
              + " as "
              + user
              + " (SOA_PG_PORT is set, so no embedded server is started)");
    }
    try {
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setDataDirectory(embeddedDir)
              .setCleanDataDirectory(true)
              .setPort(io.soa.devchain.Processes.freePort())
              .start();
      return new Postgres("127.0.0.1", pg.getPort(), "postgres", "", pg);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
    }
  }

  private boolean answers() {
    if (!Processes.portOpen(port) && "127.0.0.1".equals(host)) {
      return false;
    }
    try (Connection c = connect("postgres")) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  public boolean embedded() {
    return embedded != null;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  public String reactiveUrl(String database) {
    return "postgresql://" + host + ":" + port + "/" + database;
  }

  /** Quarkus datasource settings (Flyway over JDBC, the app over the reactive client). */
  public Map<String, String> quarkusConfig(String database) {
    return Map.of(
        "quarkus.datasource.reactive.url",
        reactiveUrl(database),
        "quarkus.datasource.jdbc.url",
        jdbcUrl(database),
        "quarkus.datasource.username",
        user,
        "quarkus.datasource.password",
        password);
  }

  /** The same settings as environment variables, for a packaged service. */
  public Map<String, String> quarkusEnv(String database) {
    return Map.of(
        "QUARKUS_DATASOURCE_REACTIVE_URL",
        reactiveUrl(database),
        "QUARKUS_DATASOURCE_JDBC_URL",
        jdbcUrl(database),
        "QUARKUS_DATASOURCE_USERNAME",
        user,
        "QUARKUS_DATASOURCE_PASSWORD",
        password);
  }

  /** Drops {@code database} if present (closing its sessions) and creates it empty. */
  public void recreateDatabase(String database) {
    requireName(database);
    try (Connection c = connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + database);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot recreate database " + database + ": " + e.getMessage(), e);
    }
  }

  public void createDatabaseIfMissing(String database) {
    requireName(database);
    try (Connection c = connect("postgres");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
      if (!rs.next()) {
        s.execute("CREATE DATABASE " + database);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot create database " + database + ": " + e.getMessage(), e);
    }
  }

  private static void requireName(String database) {
    if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("bad database name " + database);
    }
  }

  /** A JDBC connection to {@code database} (tests and benches read and set up state with it). */
  public Connection connect(String database) throws SQLException {
    java.util.Properties p = new java.util.Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    p.setProperty("connectTimeout", "3");
    return DriverManager.getConnection(jdbcUrl(database), p);
  }

  private static String env(String name, String def) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? def : v;
  }

  @Override
  public void close() {
    if (embedded != null) {
      try {
        embedded.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
