package dev.cloakroom.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The stores the peers and Cloakroom share in the side-by-side run: a Redis of the run's own (started
 * here on a free loopback port, no persistence, so nothing else counts in its memory or CPU) and the
 * machine's PostgreSQL (checked, never started; tables under a prefix of the run's own, dropped after
 * each server).
 */
final class Services implements AutoCloseable {

  /** Why a service cannot be had, or empty when it is there. */
  private final Map<Machinery.Service, String> missing = new HashMap<>();
  private Process redis;
  private int redisPort;
  private final String postgresUrl;
  private final String tablePrefix;

  private Services(String postgresUrl, String tablePrefix) {
    this.postgresUrl = postgresUrl;
    this.tablePrefix = tablePrefix;
  }

  /** Starts what the machineries need and finds out what cannot be had; never throws for a missing one. */
  static Services start(List<Machinery> machineries, String postgresUrl, Path dir) throws InterruptedException {
    String prefix = "bench" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000)) + "_";
    Services services = new Services(postgresUrl, prefix);
    if (machineries.stream().anyMatch(m -> m.service == Machinery.Service.REDIS)) {
      services.startRedis(dir);
    }
    if (machineries.stream().anyMatch(m -> m.service == Machinery.Service.POSTGRES)) {
      services.checkPostgres();
    }
    return services;
  }

  Optional<String> missing(Machinery.Service service) {
    return Optional.ofNullable(missing.get(service));
  }

  private void startRedis(Path dir) throws InterruptedException {
    try (ServerSocket probe = new ServerSocket(0)) {
      redisPort = probe.getLocalPort();
    } catch (IOException e) {
      missing.put(Machinery.Service.REDIS, "no free port: " + e.getMessage());
      return;
    }
    try {
      redis = new ProcessBuilder("redis-server", "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no", "--protected-mode", "yes")
          .redirectErrorStream(true).redirectOutput(dir.resolve("redis-server.log").toFile()).start();
    } catch (IOException e) {
      missing.put(Machinery.Service.REDIS, "redis-server could not be started (" + e.getMessage()
          + "); install Debian's redis-server");
      return;
    }
    for (int i = 0; i < 100; i++) {
      if (redisCli("PING").map("PONG"::equals).orElse(false)) {
        return;
      }
      Thread.sleep(50);
    }
    missing.put(Machinery.Service.REDIS, "redis-server did not answer PING on port " + redisPort
        + "; see " + dir.resolve("redis-server.log"));
    redis.destroy();
    redis = null;
  }

  private void checkPostgres() {
    try (Connection c = postgres()) {
      c.createStatement().execute("SELECT 1");
    } catch (SQLException e) {
      // the URL without its query, which may hold a password
      String where = postgresUrl.contains("?") ? postgresUrl.substring(0, postgresUrl.indexOf('?')) : postgresUrl;
      missing.put(Machinery.Service.POSTGRES, "no PostgreSQL at " + where + " (" + e.getMessage() + ")");
    }
  }

  private Connection postgres() throws SQLException {
    DriverManager.setLoginTimeout(3);
    return DriverManager.getConnection(postgresUrl);
  }

  String redisHostPort() {
    return "127.0.0.1:" + redisPort;
  }

  /** The JDBC URL the servers use: the given one, named so that the run can find its connections. */
  String serverPostgresUrl() {
    return postgresUrl + (postgresUrl.contains("?") ? "&" : "?") + "ApplicationName=" + applicationName();
  }

  private String applicationName() {
    return tablePrefix + "server";
  }

  String tablePrefix() {
    return tablePrefix;
  }

  /** Per PostgreSQL backend of the server's pool, its CPU so far, to difference across a cell. */
  Map<Long, Duration> storeCpuByProcess(Machinery machinery) {
    Map<Long, Duration> cpu = new HashMap<>();
    switch (machinery.service) {
      case NONE -> { }
      case REDIS -> {
        if (redis != null) {
          cpu.put(redis.pid(), Cpu.of(redis.pid()));
        }
      }
      case POSTGRES -> backendPids().forEach(pid -> cpu.put(pid, Cpu.of(pid)));
    }
    return cpu;
  }

  private List<Long> backendPids() {
    List<Long> pids = new ArrayList<>();
    try (Connection c = postgres();
        PreparedStatement s = c.prepareStatement("SELECT pid FROM pg_stat_activity WHERE application_name = ?")) {
      s.setString(1, applicationName());
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          pids.add(r.getLong(1));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("listing the server's PostgreSQL connections: " + e.getMessage(), e);
    }
    return pids;
  }

  /** Empties the store after a server: our Redis flushed, the run's tables dropped. */
  void clean(Machinery machinery) {
    switch (machinery.service) {
      case NONE -> { }
      case REDIS -> redisCli("FLUSHALL");
      case POSTGRES -> dropTables();
    }
  }

  private void dropTables() {
    try (Connection c = postgres(); Statement s = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet r = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
          + " AND tablename LIKE '" + tablePrefix.replace("_", "\\_") + "%'")) {
        while (r.next()) {
          tables.add(r.getString(1));
        }
      }
      for (String table : tables) {
        s.execute("DROP TABLE IF EXISTS " + table + " CASCADE");
      }
    } catch (SQLException e) {
      System.err.println("bench: could not drop the run's tables (" + tablePrefix + "*): " + e.getMessage());
    }
  }

  /** Redis's {@code used_memory} in bytes. */
  long redisUsedMemory() {
    String info = redisCli("INFO", "memory").orElseThrow(() -> new IllegalStateException("INFO memory failed"));
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("used_memory:")) {
        return Long.parseLong(line.substring("used_memory:".length()).trim());
      }
    }
    throw new IllegalStateException("no used_memory in INFO memory");
  }

  long redisKeys() {
    return Long.parseLong(redisCli("DBSIZE").orElse("-1").trim());
  }

  String redisVersion() {
    return redisCli("INFO", "server").map(info -> info.lines().filter(l -> l.startsWith("redis_version:"))
        .map(l -> l.substring("redis_version:".length()).trim()).findFirst().orElse("?")).orElse("?");
  }

  String postgresVersion() {
    try (Connection c = postgres(); ResultSet r = c.createStatement().executeQuery("SHOW server_version")) {
      return r.next() ? r.getString(1) : "?";
    } catch (SQLException e) {
      return "?";
    }
  }

  private Optional<String> redisCli(String... command) {
    List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(redisPort)));
    cmd.addAll(List.of(command));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (redis != null) {
      redis.destroy();
      if (!redis.waitFor(10, TimeUnit.SECONDS)) {
        redis.destroyForcibly();
      }
    }
  }
}
