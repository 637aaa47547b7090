package dev.cloakroom.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloakroom.Internals;
import dev.cloakroom.SessionFilter;
import dev.cloakroom.Settings;
import dev.cloakroom.codec.shop.Cart;
import dev.cloakroom.e2e.AppServer;
import dev.cloakroom.e2e.Deployment;
import dev.cloakroom.e2e.SetCookies;
import dev.cloakroom.event.SessionEvent;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.CountingRepository;
import dev.cloakroom.support.FakeClock;
import io.restassured.response.Response;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Switching the codec of a live store, both ways: the filter restarted with another {@code codec} on
 * the same store finds values the other codec wrote. With both codecs listed it reads them (behind the
 * other codec's own allow-list) and rewrites them with the first codec when their bytes change; with one
 * codec it drops them, counted, and the session lives.
 */
class CodecSwitchTest {

  private static final String SHOP = "dev.cloakroom.codec.shop.*";

  private final FakeClock clock = new FakeClock();
  private final MemoryRepository memory = new MemoryRepository(100);
  private SessionFilter filter;
  private AppServer app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  /** (Re)starts the app on the same store with these parameters. */
  private void start(String... params) throws Exception {
    if (app != null) {
      app.close();
    }
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < params.length; i += 2) {
      map.put(params[i], params[i + 1]);
    }
    Settings settings = Settings.fromParams(map).toBuilder().store(new CountingRepository(memory)).clock(clock).build();
    filter = new SessionFilter(settings);
    app = AppServer.Kind.JETTY_EE10.start(Deployment.Code.of(filter, Map.of(
        "/set", (req, res) -> {
          req.getSession().setAttribute("list", new ArrayList<>(List.of("tea", "cake")));
          req.getSession().setAttribute("name", "ann");
        },
        "/read", (req, res) -> {
          HttpSession s = req.getSession(false);
          res.getWriter().print(s == null ? "no session" : s.getAttribute("list") + " " + s.getAttribute("name"));
        })));
  }

  private byte[] stored(String id, String name) {
    return memory.load(Internals.storeKey(id)).orElseThrow().attributes().get(name);
  }

  @Test
  void switchToJsonWhenBothListedThenJavaValuesStillRead() throws Exception {
    start();
    String id = SetCookies.issuedId(app.http().get("/set"));

    start("codec", "json,java");

    assertThat(app.http(id).get("/read").asString()).isEqualTo("[tea, cake] ann");
  }

  @Test
  void switchToJsonWhenBothListedThenAMutableValueReadIsRewrittenAsJson() throws Exception {
    start();
    String id = SetCookies.issuedId(app.http().get("/set"));
    assertThat(Formats.isJavaSerialization(stored(id, "list"))).isTrue();
    start("codec", "json,java");

    app.http(id).get("/read");

    assertThat(new String(stored(id, "list"), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("{\"t\":\"java.util.List\",\"v\":[\"tea\",\"cake\"]}");
  }

  @Test
  void switchToJsonWhenBothListedThenAnImmutableValueReadStaysJavaUntilSetAgain() throws Exception {
    start();
    String id = SetCookies.issuedId(app.http().get("/set"));
    start("codec", "json,java");

    app.http(id).get("/read");

    assertThat(Formats.isJavaSerialization(stored(id, "name"))).isTrue(); // a String read is never re-encoded
  }

  @Test
  void switchToJsonAloneWhenJavaValuesStoredThenDroppedCountedAndTheSessionLives() throws Exception {
    start();
    String id = SetCookies.issuedId(app.http().get("/set"));
    start("codec", "json");

    Response r = app.http(id).get("/read");

    assertThat(r.asString()).isEqualTo("null null");
    assertThat(r.getHeader("Set-Cookie")).isNull(); // the same session, not a new one
    assertThat(filter.metrics().count(SessionEvent.ATTRIBUTE_DROPPED)).isEqualTo(2);
  }

  @Test
  void switchBackWhenJavaThenJsonListedThenJsonValuesReadAndRewrittenByJavaSerialization() throws Exception {
    start("codec", "json");
    String id = SetCookies.issuedId(app.http().get("/set"));
    start("codec", "java,json");

    assertThat(app.http(id).get("/read").asString()).isEqualTo("[tea, cake] ann");
    assertThat(Formats.isJavaSerialization(stored(id, "list"))).isTrue();
  }

  @Test
  void switchBackWhenJavaAloneThenJsonValuesDroppedAndCounted() throws Exception {
    start("codec", "json");
    String id = SetCookies.issuedId(app.http().get("/set"));
    start();

    assertThat(app.http(id).get("/read").asString()).isEqualTo("null null");
    assertThat(filter.metrics().count(SessionEvent.ATTRIBUTE_DROPPED)).isEqualTo(2);
  }

  // ---- the codecs alone

  @Test
  void openWhenJsonThenJavaListedThenNewValuesWrittenAsJson() {
    AttributeCodec codec = Codecs.open(List.of("json", "java"), null, null);

    assertThat(Formats.isJson(codec.encode("x"))).isTrue();
  }

  @Test
  void openWhenJavaThenJsonListedThenNewValuesWrittenByJavaSerialization() {
    AttributeCodec codec = Codecs.open(List.of("java", "json"), null, null);

    assertThat(Formats.isJavaSerialization(codec.encode("x"))).isTrue();
  }

  @Test
  void decodeWhenBothListedAndJavaValueOfAClassOffTheSerializationFilterThenStillRefused() {
    AttributeCodec codec = Codecs.open(List.of("json", "java"), null, Codecs.json(SHOP));
    byte[] javaBytes = new SerializationCodec(SHOP).encode(new Cart("ann", List.of(), null, null));

    assertThatThrownBy(() -> codec.decode(javaBytes, getClass().getClassLoader()))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot decode an attribute: class " + Cart.class.getName() + " is not allowed (add it to"
            + " serializationFilter if it is safe)");
  }

  @Test
  void decodeWhenJavaCodecAloneMeetsJsonThenCodecExceptionSaysWhichCodecWroteIt() {
    byte[] json = new JsonCodec(JsonTypes.NONE).encode("hello");

    assertThatThrownBy(() -> new SerializationCodec(null).decode(json, getClass().getClassLoader()))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot decode an attribute: it was written by the JSON codec (codec=json); codec=java,json"
            + " reads such values while they are migrated");
  }
}
