package dev.cloakroom.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.cloakroom.Internals;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionRepository;
import dev.cloakroom.store.jdbc.JdbcTables;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Database bytes per session of the JDBC store: creates {@code n} sessions with one small attribute
 * (a 10-byte value), anonymous or signed in, under a fresh table prefix, and prints the growth of the
 * three tables with their indexes, divided by {@code n}; then drops the tables. A runnable program,
 * not a test.
 *
 * <pre>
 * mvn -q -Pbench test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *   -Dexec.args="-cp %classpath dev.cloakroom.bench.JdbcBytesPerSession 20000"
 * </pre>
 *
 * Needs the PostgreSQL (127.0.0.1:5432, database test, user postgres) and MariaDB (127.0.0.1:3306,
 * database test, root) the tests use.
 */
public final class JdbcBytesPerSession {

  private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  private static final String MARIADB = "jdbc:mariadb://127.0.0.1:3306/test?user=root&password=";

  private JdbcBytesPerSession() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    for (String url : new String[] {POSTGRES, MARIADB}) {
      for (boolean signedIn : new boolean[] {false, true}) {
        System.out.printf(Locale.ROOT, "%-10s %-10s %d sessions: %d bytes per session%n",
            url.startsWith("jdbc:postgresql") ? "PostgreSQL" : "MariaDB", signedIn ? "signed-in" : "anonymous", n,
            measure(url, n, signedIn));
      }
    }
  }

  private static long measure(String url, int n, boolean signedIn) throws Exception {
    SecureRandom random = new SecureRandom();
    try (HikariDataSource pool = new HikariDataSource()) {
      pool.setJdbcUrl(url);
      String prefix = "bytes" + Long.toHexString(random.nextLong() & 0xffffffL) + "_";
      SessionRepository repository = JdbcTables.create(pool, prefix, Duration.ofSeconds(30));
      try {
        long before = size(pool, prefix);
        Instant now = Instant.now();
        for (int i = 0; i < n; i++) {
          String key = Internals.storeKey(Internals.newId(random));
          repository.create(new SessionRecord(key, now, now, signedIn ? now : null, Duration.ofMinutes(30),
              Duration.ofHours(8), signedIn ? "user" + (i % 1000) + "@example.com" : null,
              Map.of("cart", "0123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
        }
        return (size(pool, prefix) - before) / n;
      } finally {
        JdbcTables.drop(pool, repository);
      }
    }
  }

  /** Bytes the three tables and their indexes take, after the statistics are brought up to date. */
  private static long size(HikariDataSource pool, String prefix) throws Exception {
    try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
      boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
      long total = 0;
      for (String table : new String[] {"sessions", "attributes", "moves"}) {
        String name = prefix + table;
        if (postgres) {
          st.execute("VACUUM ANALYZE " + name);
          try (ResultSet rs = st.executeQuery("SELECT pg_total_relation_size('" + name + "')")) {
            rs.next();
            total += rs.getLong(1);
          }
        } else {
          st.execute("ANALYZE TABLE " + name + " PERSISTENT FOR ALL");
          try (ResultSet rs = st.executeQuery("SELECT data_length + index_length FROM information_schema.tables"
              + " WHERE table_schema = DATABASE() AND table_name = '" + name + "'")) {
            rs.next();
            total += rs.getLong(1);
          }
        }
      }
      return total;
    }
  }
}
