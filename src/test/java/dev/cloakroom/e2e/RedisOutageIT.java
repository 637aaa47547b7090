package dev.cloakroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.SessionFilter;
import dev.cloakroom.Settings;
import dev.cloakroom.e2e.app.TestServlets;
import dev.cloakroom.store.Breaker;
import dev.cloakroom.store.redis.RedisEndpoints;
import dev.cloakroom.store.redis.RedisStoreFactory;
import dev.cloakroom.support.CountingRepository;
import dev.cloakroom.support.FakeClock;
import dev.cloakroom.support.RedisProcess;
import dev.cloakroom.support.Services;
import io.restassured.response.Response;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Store outage: a Jetty app on a private {@code redis-server} that this test stops and starts again on
 * the same port. The store is wired as {@code StoreLocator} wires a Redis URI (a {@link Breaker} with
 * the default threshold and cool-down around the Redis repository), with a call counter between the
 * two so the test can see which requests reach the store.
 */
class RedisOutageIT {

  private RedisProcess redis;
  private CountingRepository store;
  private Breaker breaker;
  /** The breaker's time: it stays open until the test moves it, however slow the machine is. */
  private final FakeClock breakerClock = new FakeClock();
  private AppServer app;

  @BeforeEach
  void start() throws Exception {
    Services.requireRedisServer();
    redis = RedisProcess.start();
    store = new CountingRepository(RedisStoreFactory.open(RedisEndpoints.parse(redis.uri()), "cloakroom-outage",
        Duration.ofSeconds(2), Clock.systemUTC(), Duration.ofMinutes(2)));
    breaker = new Breaker(store, breakerClock, Breaker.DEFAULT_THRESHOLD, Breaker.DEFAULT_COOL_DOWN);
    Settings settings = Settings.builder().store(breaker).principalAttribute(TestServlets.USER).build();
    app = AppServer.Kind.JETTY_EE10.start(new Deployment.Code(new SessionFilter(settings), TestServlets.all()));
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void redisWhenStoppedAndStartedAgainThen503FastThenRecoversWithTheSameSession() {
    String id = SetCookies.issuedId(app.http().get("/counter"));
    assertThat(app.http(id).get("/counter").asString()).isEqualTo("2");
    redis.command("SAVE"); // a Redis with persistence: the restart below loads it
    redis.stop();

    for (int i = 0; i < Breaker.DEFAULT_THRESHOLD; i++) {
      Response down = app.http(id).get("/counter");
      assertThat(down.getStatusCode()).isEqualTo(503);
      assertThat(down.getHeader("Retry-After")).matches("[1-9][0-9]*");
      assertThat(down.getHeader("Set-Cookie")).isNull();
    }
    assertThat(breaker.state()).isEqualTo(Breaker.State.OPEN);
    int storeCalls = store.total();
    Response fast = app.http(id).get("/whoami");
    Response noSession = app.http(id).get("/filters");

    assertThat(fast.getStatusCode()).isEqualTo(503);
    assertThat(Integer.parseInt(fast.getHeader("Retry-After")))
        .isBetween(1, (int) Breaker.DEFAULT_COOL_DOWN.toSeconds());
    assertThat(fast.getHeader("Set-Cookie")).isNull();
    assertThat(store.total()).as("store calls while the breaker is open").isEqualTo(storeCalls);
    assertThat(noSession.getStatusCode()).isEqualTo(200);
    assertThat(noSession.asString()).isEqualTo("1");

    redis.restart();
    RedisProcess.awaitTrue("the app serves the session again", Duration.ofSeconds(60), () -> {
      breakerClock.advance(Breaker.DEFAULT_COOL_DOWN); // the cool-down passes: the next call is a trial
      return app.http(id).get("/whoami").getStatusCode() == 200;
    });
    Response back = app.http(id).get("/counter");

    assertThat(back.asString()).as("the same session, not an empty one").isEqualTo("3");
    assertThat(back.getHeader("Set-Cookie")).isNull();
    assertThat(breaker.state()).isEqualTo(Breaker.State.CLOSED);
  }
}
