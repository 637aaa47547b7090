package dev.cloakroom.support;

import dev.cloakroom.store.SessionDelta;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionRepository;
import dev.cloakroom.store.StoreUnavailableException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A store whose every call fails as if the network were down. */
public final class DownRepository implements SessionRepository {

  private static StoreUnavailableException down() {
    return new StoreUnavailableException("store down (test)");
  }

  @Override public Optional<SessionRecord> load(String key) { throw down(); }
  @Override public void create(SessionRecord record) { throw down(); }
  @Override public boolean save(String key, SessionDelta delta) { throw down(); }
  @Override public boolean changeKey(String oldKey, String newKey) { throw down(); }
  @Override public Optional<String> movedTo(String oldKey) { throw down(); }
  @Override public boolean delete(String key) { throw down(); }
  @Override public List<SessionRecord> findByPrincipal(String principal, Instant now) { throw down(); }
  @Override public List<SessionRecord> deleteByPrincipal(String principal, String keepKey) { throw down(); }
  @Override public List<SessionRecord> removeExpired(Instant now, int max) { throw down(); }
}
