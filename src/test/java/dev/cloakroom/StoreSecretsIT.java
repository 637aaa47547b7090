package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.e2e.AppServer;
import dev.cloakroom.e2e.Deployment;
import dev.cloakroom.support.CapturedLogs;
import dev.cloakroom.support.Services;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, case 10, at start-up: the filter's init log line names the store with its password hidden,
 * a password holding {@code /} and {@code @} included: a Redis URI (on the machine's Redis, whose
 * default user has no password, so any password for it is accepted) and a JDBC URL (embedded H2).
 */
class StoreSecretsIT {

  @Test
  void initWhenRedisPasswordHoldsSlashAndAtThenNoLogLineHoldsIt() throws Exception {
    Services.requireRedis();
    String store = "redis://default:Qx1/Qx2@Qx3@" + Services.REDIS_HOST + ":" + Services.REDIS_PORT + "/0";
    List<String> lines;
    try (CapturedLogs logs = new CapturedLogs();
        AppServer app = AppServer.Kind.JETTY_EE10.start(Deployment.Code.of(
            new SessionFilter(Settings.builder().store(store).redisNamespace("secrets-it").build()),
            Map.of("/touch", (req, res) -> req.getSession().invalidate())))) {
      assertThat(app.http().get("/touch").statusCode()).isEqualTo(200);
      lines = logs.lines();
    }

    assertThat(lines).anyMatch(l -> l.contains(" cloakroom started ") && l.contains(
        " store=redis://***@" + Services.REDIS_HOST + ":" + Services.REDIS_PORT + "/0 "));
    assertThat(lines).noneMatch(l -> l.contains("Qx"));
  }

  @Test
  void initWhenJdbcPasswordParameterHoldsSlashAndAtThenNoLogLineHoldsIt() throws Exception {
    String store = "jdbc:h2:mem:secrets-it;DB_CLOSE_DELAY=-1;USER=sa;PASSWORD=Qx1/Qx2@Qx3";
    List<String> lines;
    try (CapturedLogs logs = new CapturedLogs();
        AppServer app = AppServer.Kind.JETTY_EE10.start(Deployment.Code.of(
            new SessionFilter(Settings.fromParams(Map.of("store", store, "jdbcCreateSchema", "true"))),
            Map.of("/touch", (req, res) -> req.getSession().invalidate())))) {
      assertThat(app.http().get("/touch").statusCode()).isEqualTo(200);
      lines = logs.lines();
    }

    assertThat(lines).anyMatch(l -> l.contains(" cloakroom started ")
        && l.contains(" store=jdbc:h2:mem:secrets-it;DB_CLOSE_DELAY=-1;USER=sa;PASSWORD=*** "));
    assertThat(lines).noneMatch(l -> l.contains("Qx"));
  }
}
