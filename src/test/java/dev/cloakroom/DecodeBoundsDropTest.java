package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.event.SessionEvent;
import dev.cloakroom.id.SessionIds;
import dev.cloakroom.store.SessionDelta;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.Clients;
import dev.cloakroom.support.FakeClock;
import dev.cloakroom.support.TestApp;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, case 13, through the filter: a stored value over the decoding bounds (here 2 MiB of text,
 * as only a crafted store entry can hold) is dropped like any value that no longer decodes; the session
 * and its other attributes live, and the drop is counted.
 */
class DecodeBoundsDropTest {

  private final MemoryRepository memory = new MemoryRepository(100);
  private TestApp app;

  @AfterEach
  void stop() throws Exception {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void readWhenStoredValueOverTheBoundsThenDroppedCountedAndSessionLives() throws Exception {
    // encoded, as a remote store keeps values: only stored bytes are ever decoded
    app = TestApp.start(Settings.builder().store(memory).memoryEncoding(true).clock(new FakeClock()).build(), Map.of(
        "/set", (req, res) -> req.getSession().setAttribute("n", "kept"),
        "/read", (req, res) -> res.getWriter().print(req.getSession().getAttribute("big") + " "
            + req.getSession().getAttribute("n"))));
    String id = Clients.sessionId(Clients.get(app.url(), "/set", null));
    String key = SessionIds.storeKey(id);
    ByteArrayOutputStream big = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(big)) {
      out.writeObject("x".repeat(2 * 1_048_576));
    }
    SessionRecord rec = memory.load(key).orElseThrow();
    memory.save(key, new SessionDelta(Map.of("big", big.toByteArray()), Set.of(), null, null, null, rec.expiresAt()));

    Response r = Clients.get(app.url(), "/read", id);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.asString()).isEqualTo("null kept");
    assertThat(app.filter().metrics().count(SessionEvent.ATTRIBUTE_DROPPED)).isEqualTo(1);
  }
}
