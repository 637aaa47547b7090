package dev.cloakroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.Internals;
import dev.cloakroom.SessionFilter;
import dev.cloakroom.Settings;
import dev.cloakroom.event.SessionEvent;
import dev.cloakroom.store.SessionDelta;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.FakeClock;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.util.Map;
import java.util.Set;

/**
 * Issue 7, case 13, through the filter: a stored value over the decoding bounds (here 2 MiB of text,
 * as only a crafted store entry can hold) is dropped like any value that no longer decodes; the session
 * and its other attributes live, and the drop is counted; on every container.
 */
class DecodeBoundsIT {

  @EveryContainer
  void readWhenStoredValueOverTheBoundsThenDroppedCountedAndSessionLives(AppServer.Kind kind) throws Exception {
    MemoryRepository memory = new MemoryRepository(100);
    // encoded, as a remote store keeps values: only stored bytes are ever decoded
    SessionFilter filter = new SessionFilter(Settings.builder().store(memory).memoryEncoding(true)
        .clock(new FakeClock()).build());
    try (AppServer app = kind.start(Deployment.Code.of(filter, Map.of(
        "/set", (req, res) -> req.getSession().setAttribute("n", "kept"),
        "/read", (req, res) -> res.getWriter().print(req.getSession().getAttribute("big") + " "
            + req.getSession().getAttribute("n")))))) {
      String id = SetCookies.issuedId(app.http().get("/set"));
      String key = Internals.storeKey(id);
      ByteArrayOutputStream big = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(big)) {
        out.writeObject("x".repeat(2 * 1_048_576));
      }
      SessionRecord rec = memory.load(key).orElseThrow();
      memory.save(key, new SessionDelta(Map.of("big", big.toByteArray()), Set.of(), null, null, null,
          rec.expiresAt()));

      Response r = app.http(id).get("/read");

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.asString()).isEqualTo("null kept");
      assertThat(filter.metrics().count(SessionEvent.ATTRIBUTE_DROPPED)).isEqualTo(1);
    }
  }
}
