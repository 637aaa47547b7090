package dev.cloakroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.SessionFilter;
import dev.cloakroom.Settings;
import dev.cloakroom.e2e.app.TestServlets;
import dev.cloakroom.store.redis.RedisEndpoints;
import dev.cloakroom.store.redis.RedisStoreFactory;
import dev.cloakroom.support.CountingRepository;
import dev.cloakroom.support.FakeClock;
import dev.cloakroom.support.RedisProcess;
import dev.cloakroom.support.Services;
import io.restassured.response.Response;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many nodes: an embedded Jetty and an embedded Tomcat, each with its own filter (code door), sharing
 * one private {@code redis-server} that this class starts on a free port (and stops after), under a
 * namespace of its own per test.
 */
class RedisNodesIT {

  private static final SecureRandom RANDOM = new SecureRandom();
  @AutoClose
  private static RedisProcess redis;
  private String namespace;
  private final List<AppServer> servers = new ArrayList<>();
  private AppServer jetty;
  private AppServer tomcat;

  @BeforeAll
  static void startRedis() {
    Services.requireRedisServer();
    redis = RedisProcess.start();
  }

  @BeforeEach
  void pickNamespace() {
    namespace = "cloakroom-nodes-" + Long.toHexString(RANDOM.nextLong() & 0xffffffffL);
  }

  @AfterEach
  void stopServersAndDropKeys() {
    servers.forEach(AppServer::close);
    redis.command("EVAL", "for _, k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) end", "0",
        namespace + ":*");
  }

  /** The code door's settings, without a store. */
  private static Settings.Builder settings() {
    return Settings.builder()
        .idleTimeout(Duration.ofMinutes(30))
        .principalAttribute(TestServlets.USER)
        .cookieSameSite(Settings.SameSite.LAX);
  }

  private AppServer start(AppServer.Kind kind, Settings settings) throws Exception {
    AppServer server = kind.start(new Deployment.Code(new SessionFilter(settings), TestServlets.all()));
    servers.add(server);
    return server;
  }

  private AppServer start(AppServer.Kind kind) throws Exception {
    return start(kind, settings().store(redis.uri()).redisNamespace(namespace).build());
  }

  private AppServer restart(AppServer server, AppServer.Kind kind) throws Exception {
    server.close();
    servers.remove(server);
    return start(kind);
  }

  /** Starts the two nodes on the code door's settings; a new session on Jetty, its counter at 1. */
  private String startNodesWithASessionOnJetty() throws Exception {
    jetty = start(AppServer.Kind.JETTY_EE10);
    tomcat = start(AppServer.Kind.TOMCAT);
    return SetCookies.issuedId(jetty.http().get("/counter"));
  }

  private static Response post(AppServer server, String path, String sessionId, String user) {
    var spec = server.http(sessionId);
    if (user != null) {
      spec = spec.formParam(TestServlets.USER, user);
    }
    return spec.post(path);
  }

  private static String body(AppServer server, String path, String sessionId) {
    Response r = server.http(sessionId).get(path);
    assertThat(r.getStatusCode()).as(server + " " + path).isEqualTo(200);
    return r.asString();
  }

  @Test
  void sessionWhenCreatedOnJettyThenUsedOnTomcatAndBack() throws Exception {
    String id = startNodesWithASessionOnJetty();

    Response onTomcat = tomcat.http(id).get("/counter");

    assertThat(onTomcat.asString()).isEqualTo("2");
    assertThat(onTomcat.getHeader("Set-Cookie")).isNull();
    assertThat(body(jetty, "/counter", id)).isEqualTo("3");
  }

  @Test
  void loginWhenOnOneNodeThenOldIdDeadOnBothAndNewIdLiveOnBoth() throws Exception {
    String oldId = startNodesWithASessionOnJetty();

    String newId = SetCookies.issuedId(post(tomcat, "/login", oldId, "alice"));

    assertThat(newId).isNotEqualTo(oldId);
    assertThat(body(jetty, "/whoami", oldId)).isEqualTo("anonymous");
    assertThat(body(tomcat, "/whoami", oldId)).isEqualTo("anonymous");
    assertThat(body(jetty, "/whoami", newId)).isEqualTo("alice");
    assertThat(body(tomcat, "/whoami", newId)).isEqualTo("alice");
    assertThat(body(jetty, "/counter", newId)).isEqualTo("2");
  }

  @Test
  void logoutWhenOnOneNodeThenSeenOnTheOther() throws Exception {
    String anonymous = startNodesWithASessionOnJetty();
    String id = SetCookies.issuedId(post(jetty, "/login", anonymous, "bob"));

    Response bye = post(tomcat, "/logout", id, null);

    assertThat(bye.asString()).isEqualTo("bye");
    assertThat(body(jetty, "/whoami", id)).isEqualTo("anonymous");
    assertThat(jetty.http(id).get("/counter").asString()).isEqualTo("1"); // a new, empty session
  }

  @Test
  void restartWhenJettyThenTomcatInTurnThenNoSessionLost() throws Exception {
    String id = startNodesWithASessionOnJetty();
    assertThat(body(tomcat, "/counter", id)).isEqualTo("2");

    jetty = restart(jetty, AppServer.Kind.JETTY_EE10);
    assertThat(body(tomcat, "/counter", id)).isEqualTo("3"); // served by the other node meanwhile
    assertThat(body(jetty, "/counter", id)).isEqualTo("4");
    tomcat = restart(tomcat, AppServer.Kind.TOMCAT);
    assertThat(body(jetty, "/counter", id)).isEqualTo("5");

    assertThat(body(tomcat, "/counter", id)).isEqualTo("6");
  }

  /** Records the principal of each destroyed session; shared by both nodes (one JVM). */
  static final class Destroyed implements HttpSessionListener {
    final List<String> users = new CopyOnWriteArrayList<>();

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
      users.add(String.valueOf(event.getSession().getAttribute(TestServlets.USER)));
    }
  }

  @Test
  void expiryWhenSessionsDieOnTwoNodesThenDestroyedFiresOncePerSession() throws Exception {
    FakeClock clock = new FakeClock();
    Destroyed destroyed = new Destroyed();
    UnaryOperator<Settings.Builder> shared = b -> b.clock(clock).sweepInterval(Duration.ofMillis(100))
        .listener(destroyed);
    CountingRepository jettyStore = counting(clock);
    CountingRepository tomcatStore = counting(clock);
    jetty = start(AppServer.Kind.JETTY_EE10, shared.apply(settings()).store(jettyStore).build());
    tomcat = start(AppServer.Kind.TOMCAT, shared.apply(settings()).store(tomcatStore).build());
    String carol = SetCookies.issuedId(post(jetty, "/login",
        SetCookies.issuedId(jetty.http().get("/counter")), "carol"));
    SetCookies.issuedId(post(tomcat, "/login",
        SetCookies.issuedId(tomcat.http().get("/counter")), "dan")); // never used again

    clock.advance(Duration.ofMinutes(31));
    Response late = tomcat.http(carol).get("/whoami"); // expiry on access, or a sweep was first
    RedisProcess.awaitTrue("both sessions destroyed", Duration.ofSeconds(20), () -> destroyed.users.size() >= 2);
    int jettySweeps = jettyStore.calls("removeExpired");
    int tomcatSweeps = tomcatStore.calls("removeExpired");
    RedisProcess.awaitTrue("two more sweeps on each node", Duration.ofSeconds(20),
        () -> jettyStore.calls("removeExpired") >= jettySweeps + 2 && tomcatStore.calls("removeExpired") >= tomcatSweeps + 2);

    assertThat(late.asString()).isEqualTo("anonymous");
    assertThat(destroyed.users).containsExactlyInAnyOrder("carol", "dan");
  }

  private CountingRepository counting(FakeClock clock) {
    return new CountingRepository(RedisStoreFactory.open(RedisEndpoints.parse(redis.uri()), namespace,
        Duration.ofSeconds(2), clock, Duration.ofMinutes(2)));
  }
}
