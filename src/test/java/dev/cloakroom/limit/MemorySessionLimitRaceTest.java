package dev.cloakroom.limit;

import dev.cloakroom.store.SessionRepository;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.FakeClock;

/** The per-user limit under parallel sign-ins on the memory store. */
class MemorySessionLimitRaceTest extends SessionLimitRaceContract {

  @Override
  protected SessionRepository openStore(FakeClock clock) {
    return new MemoryRepository(10_000);
  }
}
