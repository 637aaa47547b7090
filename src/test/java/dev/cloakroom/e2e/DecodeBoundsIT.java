package dev.cloakroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.Internals;
import dev.cloakroom.SessionFilter;
import dev.cloakroom.Settings;
import dev.cloakroom.event.SessionEvent;
import dev.cloakroom.store.SessionDelta;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.Clients;
import dev.cloakroom.support.FakeClock;
import io.restassured.response.Response;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 7, case 13, through the filter: a stored value over the decoding bounds (here 2 MiB of text,
 * as only a crafted store entry can hold) is dropped like any value that no longer decodes; the session
 * and its other attributes live, and the drop is counted; on every container.
 */
class DecodeBoundsIT {

  @ParameterizedTest
  @EnumSource(AppServer.Kind.class)
  void readWhenStoredValueOverTheBoundsThenDroppedCountedAndSessionLives(AppServer.Kind kind) throws Exception {
    MemoryRepository memory = new MemoryRepository(100);
    // encoded, as a remote store keeps values: only stored bytes are ever decoded
    SessionFilter filter = new SessionFilter(Settings.builder().store(memory).memoryEncoding(true)
        .clock(new FakeClock()).build());
    try (AppServer app = kind.start(new Deployment.Code(filter, Map.of(
        "/set", servlet(false), "/read", servlet(true))))) {
      String url = app.baseUrl();
      readThroughFilter(memory, filter, url);
    }
  }

  private static void readThroughFilter(MemoryRepository memory, SessionFilter filter, String url) throws Exception {
    String id = Clients.sessionId(Clients.get(url, "/set", null));
    String key = Internals.storeKey(id);
    ByteArrayOutputStream big = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(big)) {
      out.writeObject("x".repeat(2 * 1_048_576));
    }
    SessionRecord rec = memory.load(key).orElseThrow();
    memory.save(key, new SessionDelta(Map.of("big", big.toByteArray()), Set.of(), null, null, null, rec.expiresAt()));

    Response r = Clients.get(url, "/read", id);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.asString()).isEqualTo("null kept");
    assertThat(filter.metrics().count(SessionEvent.ATTRIBUTE_DROPPED)).isEqualTo(1);
  }

  /** {@code /set} stores {@code n}; {@code /read} prints {@code big} and {@code n}. */
  private static HttpServlet servlet(boolean read) {
    return new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        if (read) {
          res.getWriter().print(req.getSession().getAttribute("big") + " " + req.getSession().getAttribute("n"));
        } else {
          req.getSession().setAttribute("n", "kept");
        }
      }
    };
  }
}
