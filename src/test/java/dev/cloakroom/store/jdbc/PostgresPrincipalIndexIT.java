package dev.cloakroom.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.Internals;
import com.zaxxer.hikari.HikariDataSource;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.support.Services;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "Your devices" and "sign out everywhere else" look sessions up by principal through an index, not a
 * table scan: PostgreSQL's plan for the lookup, over 3,000 sessions of 300 users, uses the principal
 * index (issue 9, item 5).
 */
class PostgresPrincipalIndexIT {

  private HikariDataSource pool;
  private JdbcRepository repository;

  @BeforeEach
  void start() throws Exception {
    Services.requirePostgres();
    pool = JdbcTables.pool(Services.POSTGRES_URL);
    repository = (JdbcRepository) JdbcTables.create(pool, JdbcTables.prefix("plan"), Duration.ofSeconds(10));
  }

  @AfterEach
  void stop() throws Exception {
    if (repository != null) {
      JdbcTables.drop(pool, repository);
    }
    if (pool != null) {
      pool.close();
    }
  }

  @Test
  void findByPrincipalWhenManyUsersThenPlanUsesThePrincipalIndex() throws Exception {
    SecureRandom random = new SecureRandom();
    Instant now = Instant.now();
    for (int i = 0; i < 3000; i++) {
      repository.create(new SessionRecord(Internals.storeKey(Internals.newId(random)), now, now, now,
          Duration.ofMinutes(30), Duration.ofHours(8), "user" + (i % 300), Map.of("cart", new byte[] {1})));
    }
    String sessions = repository.tables().get(0);
    List<String> plan = new ArrayList<>();
    try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
      st.execute("ANALYZE " + sessions);
      try (ResultSet rs = st.executeQuery("EXPLAIN SELECT s.row_id FROM " + sessions + " s WHERE s.principal ="
          + " 'user7' AND s.expires_at > " + now.toEpochMilli())) {
        while (rs.next()) {
          plan.add(rs.getString(1));
        }
      }
    }

    assertThat(String.join("\n", plan)).contains(sessions + "_principal").doesNotContain("Seq Scan");
    assertThat(repository.findByPrincipal("user7", now)).hasSize(10);
  }
}
