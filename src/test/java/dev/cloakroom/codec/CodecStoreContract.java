package dev.cloakroom.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.Internals;
import dev.cloakroom.SessionFilter;
import dev.cloakroom.Settings;
import dev.cloakroom.codec.shop.Cart;
import dev.cloakroom.codec.shop.Size;
import dev.cloakroom.e2e.AppServer;
import dev.cloakroom.e2e.Deployment;
import dev.cloakroom.e2e.SetCookies;
import dev.cloakroom.event.SessionEvent;
import dev.cloakroom.store.SessionDelta;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionRepository;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.CountingRepository;
import dev.cloakroom.support.FakeClock;
import io.restassured.response.Response;
import jakarta.servlet.http.HttpSession;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a codec must do for sessions on a store that keeps encoded values: every attribute the filter
 * stores through it comes back equal on the next request; a value read and left unchanged costs no write
 * (so its encoding is stable); a value mutated in place is saved; stored bytes that no longer decode drop
 * that attribute alone, counted; a value the codec refuses fails at {@code setAttribute}. One subclass per
 * codec and store, each running the filter on embedded Jetty against the store through a
 * {@link CountingRepository}, as Redis and JDBC hold values (and as the memory store does with
 * {@code memoryEncoding=true}: a repository that is not the bare memory store always gets encoded values).
 */
public abstract class CodecStoreContract {

  /** The values every codec stores, by name: built-in types and an application record. */
  static final Map<String, Object> SAMPLES = samples();

  protected final FakeClock clock = new FakeClock();
  private final List<Object> seen = new CopyOnWriteArrayList<>();
  private SessionRepository store;
  private CountingRepository counting;
  private SessionFilter filter;
  private AppServer app;

  /**
   * Opens the store under test, isolated for this test, reading time from {@code clock}; by default a
   * memory store of the test's own (which holds encoded values when {@link #codec} sets
   * {@code memoryEncoding}).
   */
  protected SessionRepository openStore(FakeClock clock) {
    return new MemoryRepository(100);
  }

  /** Drops what the test left in the store; the filter has closed the repository already. */
  protected void cleanStore() {}

  /** Sets the codec under test (and its allow-list, which must allow {@code dev.cloakroom.codec.shop.*}). */
  protected abstract Settings.Builder codec(Settings.Builder builder);

  /** A value this codec refuses to store. */
  protected abstract Object refusedValue();

  private static Map<String, Object> samples() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("string", "hello");
    m.put("int", 42);
    m.put("long", 1L << 40);
    m.put("decimal", new BigDecimal("9.99"));
    m.put("instant", Instant.parse("2026-01-01T10:15:30.123Z"));
    m.put("date", LocalDate.of(2026, 2, 28));
    m.put("uuid", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
    m.put("list", List.of("tea", 2, 3L));
    m.put("set", Set.of("a", "b"));
    m.put("map", Map.of("theme", "dark", "visits", 3));
    m.put("cart", new Cart("ann", List.of(new Cart.Line("tea", 2, new BigDecimal("3.50"))),
        Instant.parse("2026-01-01T10:15:30Z"), Size.SMALL));
    return m;
  }

  static Stream<String> sampleNames() {
    return SAMPLES.keySet().stream();
  }

  @BeforeEach
  void start() throws Exception {
    store = openStore(clock);
    counting = new CountingRepository(store);
    Settings settings = codec(Settings.builder().store(counting).clock(clock)).build();
    filter = new SessionFilter(settings);
    app = AppServer.Kind.JETTY_EE10.start(Deployment.Code.of(filter, Map.of(
        "/set", (req, res) -> {
          String name = req.getParameter("name");
          Object value = name.equals("refused") ? refusedValue() : SAMPLES.get(req.getParameter("sample"));
          try {
            req.getSession().setAttribute(name, value);
            res.getWriter().print("stored");
          } catch (IllegalArgumentException e) {
            res.getWriter().print("refused");
          }
        },
        "/copy", (req, res) -> req.getSession().setAttribute("list", new ArrayList<>(List.of("tea"))),
        "/append", (req, res) -> {
          @SuppressWarnings("unchecked")
          List<Object> list = (List<Object>) req.getSession().getAttribute("list");
          list.add("cake"); // no setAttribute: the commit finds the change by re-encoding
        },
        "/read", (req, res) -> {
          HttpSession s = req.getSession(false);
          Object value = s == null ? null : s.getAttribute(req.getParameter("name"));
          seen.add(value == null ? "(none)" : value);
          res.getWriter().print(value == null ? "(none)" : "found");
        })));
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (app != null) {
        app.close();
      }
    } finally {
      cleanStore();
    }
  }

  /** Stores sample {@code sample} as attribute {@code name} in a new session; returns its id. */
  private String stored(String name, String sample) {
    Response r = app.http().get("/set?name=" + name + "&sample=" + sample);
    assertThat(r.asString()).isEqualTo("stored");
    return SetCookies.issuedId(r);
  }

  private Object read(String id, String name) {
    seen.clear();
    assertThat(app.http(id).get("/read?name=" + name).statusCode()).isEqualTo(200);
    return seen.get(0);
  }

  @ParameterizedTest
  @MethodSource("sampleNames")
  void setAttributeThenNextRequestReadsAnEqualValue(String sample) {
    String id = stored("value", sample);

    assertThat(read(id, "value")).isEqualTo(SAMPLES.get(sample));
  }

  @ParameterizedTest
  @MethodSource("sampleNames")
  void readWhenValueLeftUnchangedThenNoStoreWrite(String sample) {
    String id = stored("value", sample);
    clock.advance(Duration.ofSeconds(10)); // inside the touch interval: only a changed value would write
    counting.reset();

    read(id, "value");

    assertThat(counting.calls("load")).isEqualTo(1);
    assertThat(counting.calls("save")).isZero();
  }

  @Test
  void readWhenValueMutatedInPlaceThenSavedWithoutSetAttribute() {
    String id = SetCookies.issuedId(app.http().get("/copy"));

    app.http(id).get("/append");

    assertThat(read(id, "list")).isEqualTo(List.of("tea", "cake"));
  }

  @Test
  void readWhenStoredBytesDoNotDecodeThenThatAttributeDroppedAndCountedAndTheSessionLives() {
    String id = stored("cart", "cart");
    assertThat(app.http(id).get("/set?name=n&sample=string").asString()).isEqualTo("stored");
    String key = Internals.storeKey(id);
    SessionRecord record = store.load(key).orElseThrow();
    store.save(key, new SessionDelta(Map.of("cart", new byte[] {1, 2, 3}), Set.of(), null, null, null,
        record.expiresAt()));

    Object cart = read(id, "cart");

    assertThat(cart).isEqualTo("(none)");
    assertThat(read(id, "n")).isEqualTo("hello");
    assertThat(filter.metrics().count(SessionEvent.ATTRIBUTE_DROPPED)).isEqualTo(1);
    assertThat(store.load(key).orElseThrow().attributes()).containsOnlyKeys("n");
  }

  @Test
  void setAttributeWhenCodecRefusesTheValueThenIllegalArgumentExceptionAndNothingStored() {
    Response r = app.http().get("/set?name=refused");

    assertThat(r.asString()).isEqualTo("refused");
    assertThat(read(SetCookies.issuedId(r), "refused")).isEqualTo("(none)");
  }
}
