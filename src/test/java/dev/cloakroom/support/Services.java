package dev.cloakroom.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outside services integration tests need, and what happens when one is missing: the test is
 * skipped with a message naming it, except under {@code CI=true}, where it fails (nothing is skipped
 * silently in CI).
 */
public final class Services {

  /** The machine's Redis, shared by everyone: tests use their own namespace and clean it up. */
  public static final String REDIS_HOST = "127.0.0.1";
  public static final int REDIS_PORT = 6379;
  /** The machine's Redis as a {@code store} URI. */
  public static final String REDIS_URL = "redis://" + REDIS_HOST + ":" + REDIS_PORT;

  private static final Logger log = LoggerFactory.getLogger(Services.class);

  private Services() {}

  /** Requires the machine's Redis at 127.0.0.1:6379 to answer PING. */
  public static void requireRedis() {
    if (!Resp.answers(REDIS_HOST, REDIS_PORT)) {
      missing("a Redis server at " + REDIS_HOST + ":" + REDIS_PORT + " (start one, e.g. `redis-server`)");
    }
  }

  /** The machine's PostgreSQL (trust auth), database {@code test}. */
  public static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  /** The machine's MariaDB (root, empty password), database {@code test}. */
  public static final String MARIADB_URL = "jdbc:mariadb://127.0.0.1:3306/test?user=root&password=";

  /** Requires the machine's PostgreSQL at 127.0.0.1:5432 to accept a connection to database test. */
  public static void requirePostgres() {
    requireJdbc(POSTGRES_URL, "a PostgreSQL server at 127.0.0.1:5432 with a database test that user postgres"
        + " may use without a password (trust auth)");
  }

  /** Requires the machine's MariaDB (or MySQL) at 127.0.0.1:3306 to accept root with no password. */
  public static void requireMariaDb() {
    requireJdbc(MARIADB_URL, "a MariaDB or MySQL server at 127.0.0.1:3306 with a database test that root may"
        + " use with an empty password");
  }

  private static void requireJdbc(String url, String what) {
    java.sql.DriverManager.setLoginTimeout(3);
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url)) {
      c.isValid(3);
    } catch (java.sql.SQLException e) {
      missing(what + " (" + e.getMessage() + ")");
    }
  }

  /** Requires {@code redis-server} and {@code redis-cli} on the PATH, for private servers and clusters. */
  public static void requireRedisServer() {
    for (String binary : new String[] {"redis-server", "redis-cli"}) {
      if (onPath(binary) == null) {
        missing("`" + binary + "` on the PATH (install Redis, e.g. `apt-get install redis-server`)");
      }
    }
  }

  /** Requires the executable file {@code path}; {@code what} names it and says how to install it. */
  public static void requireExecutable(Path path, String what) {
    if (!Files.isExecutable(path)) {
      missing(what + " at " + path);
    }
  }

  /** The executable {@code name} on the PATH, or null. */
  public static Path onPath(String name) {
    return onPath(name, System.getenv("PATH"));
  }

  /** The executable {@code name} in one of the directories of {@code path} (a PATH value; null: none), or null. */
  public static Path onPath(String name, String path) {
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /** Whether the tests run in CI (environment variable {@code CI=true}). */
  public static boolean inCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  private static void missing(String what) {
    String message = "needs " + what;
    if (inCi()) {
      fail("CI=true and this test " + message);
    }
    // surefire drops the reason of a class aborted in @BeforeAll from its report: log it as well
    log.warn("skipped: this test {} (set CI=true to make this a failure)", message);
    Assumptions.abort("skipped: this test " + message);
  }

  /** A minimal RESP client for fixtures: enough for PING, INFO, CLUSTER INFO, MEMORY USAGE. */
  public static final class Resp {
    private Resp() {}

    /** Whether a server at host:port answers PING with PONG. */
    public static boolean answers(String host, int port) {
      try {
        return "PONG".equals(command(host, port, "PING"));
      } catch (IOException e) {
        return false;
      }
    }

    /** Sends one command and returns the reply as text (simple, error, integer or bulk replies). */
    public static String command(String host, int port, String... args) throws IOException {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(host, port), 500);
        s.setSoTimeout(5000);
        StringBuilder req = new StringBuilder("*" + args.length + "\r\n");
        for (String a : args) {
          req.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        OutputStream out = s.getOutputStream();
        out.write(req.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        InputStream in = s.getInputStream();
        String line = readLine(in);
        char type = line.charAt(0);
        String rest = line.substring(1);
        if (type == '$') {
          int n = Integer.parseInt(rest);
          if (n < 0) {
            return null;
          }
          byte[] body = in.readNBytes(n + 2);
          return new String(body, 0, n, StandardCharsets.UTF_8);
        }
        if (type == '-') {
          throw new IOException("redis error: " + rest);
        }
        return rest;
      }
    }

    private static String readLine(InputStream in) throws IOException {
      StringBuilder sb = new StringBuilder();
      int c;
      while ((c = in.read()) != -1) {
        if (c == '\r') {
          in.read();
          break;
        }
        sb.append((char) c);
      }
      if (sb.isEmpty()) {
        throw new IOException("connection closed");
      }
      return sb.toString();
    }
  }
}
