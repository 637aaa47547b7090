package dev.cloakroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.Internals;
import dev.cloakroom.SessionFilter;
import dev.cloakroom.codec.shop.Cart;
import dev.cloakroom.event.SessionEvent;
import dev.cloakroom.store.redis.RedisLayout;
import dev.cloakroom.support.Services;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.restassured.response.Response;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The JSON codec end to end, on every container: the filter configured by init-params ({@code codec=json},
 * {@code jsonTypes}, a Redis {@code store}) keeps a shop's cart in the machine's Redis as JSON an operator
 * can read with {@code HGET}, and the next request reads it back; a value an operator edits by hand, still
 * of the same shape, is read as edited.
 */
class JsonCodecIT {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static RedisClient client;
  private static StatefulRedisConnection<String, String> connection;
  private static RedisCommands<String, String> redis;
  private String namespace;

  @BeforeAll
  static void connect() {
    Services.requireRedis();
    client = RedisClient.create(Services.REDIS_URL);
    connection = client.connect();
    redis = connection.sync();
  }

  @AfterAll
  static void disconnect() {
    if (connection != null) {
      connection.close();
      client.shutdown();
    }
  }

  @BeforeEach
  void pickNamespace() {
    namespace = "cloakroom-json-it-" + Long.toHexString(RANDOM.nextLong() & 0xffffffffL);
  }

  @AfterEach
  void dropNamespace() {
    List<String> keys = redis.keys(namespace + ":*");
    if (!keys.isEmpty()) {
      redis.del(keys.toArray(String[]::new));
    }
  }

  private AppServer start(AppServer.Kind kind, SessionFilter filter) throws Exception {
    Map<String, String> params = Map.of(
        "store", Services.REDIS_URL,
        "redisNamespace", namespace,
        "codec", "json",
        "jsonTypes", "dev.cloakroom.codec.shop.*");
    return kind.start(new Deployment.Code(filter, params, Map.of("/add", new Add(), "/cart", new Show()), Map.of()));
  }

  /** The raw hash field Redis holds for attribute {@code name} of session {@code sessionId}. */
  private String field(String sessionId, String name) {
    return redis.hget(RedisLayout.sessionKey(namespace, Internals.storeKey(sessionId)), "a:" + name);
  }

  @EveryContainer
  void setAttributeWhenJsonCodecThenRedisHoldsReadableJsonAndTheNextRequestReadsIt(AppServer.Kind kind)
      throws Exception {
    try (AppServer app = start(kind, new SessionFilter())) {
      String id = SetCookies.issuedId(app.http().get("/add?sku=tea"));

      String stored = field(id, "cart");
      Response read = app.http(id).get("/cart");

      assertThat(stored).isEqualTo("{\"t\":\"dev.cloakroom.codec.shop.Cart\",\"v\":{\"owner\":\"ann\",\"lines\":"
          + "[{\"sku\":\"tea\",\"quantity\":1,\"price\":2.50}],\"updated\":\"2026-01-01T00:00:00Z\",\"size\":null}}");
      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(read.asString()).isEqualTo("ann: tea x1 at 2.50");
    }
  }

  @EveryContainer
  void storedJsonWhenEditedByHandInTheSameShapeThenReadAsEdited(AppServer.Kind kind) throws Exception {
    SessionFilter filter = new SessionFilter();
    try (AppServer app = start(kind, filter)) {
      String id = SetCookies.issuedId(app.http().get("/add?sku=tea"));
      String key = RedisLayout.sessionKey(namespace, Internals.storeKey(id));
      redis.hset(key, "a:cart", field(id, "cart").replace("\"quantity\":1", "\"quantity\":3")
          .replace("\"size\":null", "\"size\":null,\"giftWrap\":true")); // a property this class never had

      Response read = app.http(id).get("/cart");

      assertThat(read.asString()).isEqualTo("ann: tea x3 at 2.50");
      assertThat(filter.metrics().count(SessionEvent.ATTRIBUTE_DROPPED)).isZero();
    }
  }

  /** Adds a line for {@code sku} to the session's cart. */
  static final class Add extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) {
      HttpSession session = req.getSession();
      Cart cart = (Cart) session.getAttribute("cart");
      List<Cart.Line> lines = new ArrayList<>(cart == null ? List.of() : cart.lines());
      lines.add(new Cart.Line(req.getParameter("sku"), 1, new BigDecimal("2.50")));
      session.setAttribute("cart", new Cart("ann", lines, Instant.parse("2026-01-01T00:00:00Z"), null));
    }
  }

  /** Prints the session's cart. */
  static final class Show extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
      HttpSession session = req.getSession(false);
      Cart cart = session == null ? null : (Cart) session.getAttribute("cart");
      res.getWriter().print(cart == null ? "no cart" : cart.owner() + ": " + String.join(", ", cart.lines().stream()
          .map(l -> l.sku() + " x" + l.quantity() + " at " + l.price()).toList()));
    }
  }
}
