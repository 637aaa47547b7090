package dev.cloakroom.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloakroom.Settings;
import dev.cloakroom.codec.shop.Cart;
import dev.cloakroom.event.SessionEvent;
import dev.cloakroom.id.SessionIds;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.Clients;
import dev.cloakroom.support.CountingRepository;
import dev.cloakroom.support.FakeClock;
import dev.cloakroom.support.TestApp;
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
  private TestApp app;

  @AfterEach
  void stop() throws Exception {
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
    app = TestApp.start(settings, Map.of(
        "/set", (req, res) -> {
          req.getSession().setAttribute("list", new ArrayList<>(List.of("tea", "cake")));
          req.getSession().setAttribute("name", "ann");
        },
        "/read", (req, res) -> {
          HttpSession s = req.getSession(false);
          res.getWriter().print(s == null ? "no session" : s.getAttribute("list") + " " + s.getAttribute("name"));
        }));
  }

  private Response get(String path, String id) {
    return Clients.get(app.url(), path, id);
  }

  private byte[] stored(String id, String name) {
    return memory.load(SessionIds.storeKey(id)).orElseThrow().attributes().get(name);
  }

  @Test
  void switchToJsonWhenBothListedThenJavaValuesStillRead() throws Exception {
    start();
    String id = Clients.sessionId(get("/set", null));

    start("codec", "json,java");

    assertThat(get("/read", id).asString()).isEqualTo("[tea, cake] ann");
  }

  @Test
  void switchToJsonWhenBothListedThenAMutableValueReadIsRewrittenAsJson() throws Exception {
    start();
    String id = Clients.sessionId(get("/set", null));
    assertThat(Formats.isJavaSerialization(stored(id, "list"))).isTrue();
    start("codec", "json,java");

    get("/read", id);

    assertThat(new String(stored(id, "list"), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("{\"t\":\"java.util.List\",\"v\":[\"tea\",\"cake\"]}");
  }

  @Test
  void switchToJsonWhenBothListedThenAnImmutableValueReadStaysJavaUntilSetAgain() throws Exception {
    start();
    String id = Clients.sessionId(get("/set", null));
    start("codec", "json,java");

    get("/read", id);

    assertThat(Formats.isJavaSerialization(stored(id, "name"))).isTrue(); // a String read is never re-encoded
  }

  @Test
  void switchToJsonAloneWhenJavaValuesStoredThenDroppedCountedAndTheSessionLives() throws Exception {
    start();
    String id = Clients.sessionId(get("/set", null));
    start("codec", "json");

    Response r = get("/read", id);

    assertThat(r.asString()).isEqualTo("null null");
    assertThat(r.getHeader("Set-Cookie")).isNull(); // the same session, not a new one
    assertThat(app.filter().metrics().count(SessionEvent.ATTRIBUTE_DROPPED)).isEqualTo(2);
  }

  @Test
  void switchBackWhenJavaThenJsonListedThenJsonValuesReadAndRewrittenByJavaSerialization() throws Exception {
    start("codec", "json");
    String id = Clients.sessionId(get("/set", null));
    start("codec", "java,json");

    assertThat(get("/read", id).asString()).isEqualTo("[tea, cake] ann");
    assertThat(Formats.isJavaSerialization(stored(id, "list"))).isTrue();
  }

  @Test
  void switchBackWhenJavaAloneThenJsonValuesDroppedAndCounted() throws Exception {
    start("codec", "json");
    String id = Clients.sessionId(get("/set", null));
    start();

    assertThat(get("/read", id).asString()).isEqualTo("null null");
    assertThat(app.filter().metrics().count(SessionEvent.ATTRIBUTE_DROPPED)).isEqualTo(2);
  }

  // ---- the codecs alone

  @Test
  void openWhenJsonThenJavaListedThenNewValuesWrittenAsJson() {
    AttributeCodec codec = Codecs.open(Settings.fromParams(Map.of("codec", "json,java")));

    assertThat(Formats.isJson(codec.encode("x"))).isTrue();
  }

  @Test
  void openWhenJavaThenJsonListedThenNewValuesWrittenByJavaSerialization() {
    AttributeCodec codec = Codecs.open(Settings.fromParams(Map.of("codec", "java,json")));

    assertThat(Formats.isJavaSerialization(codec.encode("x"))).isTrue();
  }

  @Test
  void decodeWhenBothListedAndJavaValueOfAClassOffTheSerializationFilterThenStillRefused() {
    AttributeCodec codec = Codecs.open(Settings.fromParams(Map.of("codec", "json,java", "jsonTypes", SHOP)));
    byte[] javaBytes = new SerializationCodec(SHOP).encode(new Cart("ann", List.of(), null, null));

    assertThatThrownBy(() -> codec.decode(javaBytes, getClass().getClassLoader()))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot decode an attribute: class " + Cart.class.getName() + " is not allowed (add it to"
            + " serializationFilter if it is safe)");
  }

  @Test
  void decodeWhenJavaCodecAloneMeetsJsonThenCodecExceptionSaysWhichCodecWroteIt() {
    byte[] json = new JsonCodec(null).encode("hello");

    assertThatThrownBy(() -> new SerializationCodec(null).decode(json, getClass().getClassLoader()))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot decode an attribute: it was written by the JSON codec (codec=json); codec=java,json"
            + " reads such values while they are migrated");
  }
}
