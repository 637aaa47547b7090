package dev.cloakroom.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloakroom.store.memory.MemoryRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract over the memory store, plus what only the memory store promises: the bound and size. */
class MemoryRepositoryTest extends RepositoryContract {

  private MemoryRepository repository;

  @BeforeEach
  void open() {
    repository = new MemoryRepository(1000);
  }

  @AfterEach
  void close() {
    repository.close();
  }

  @Override
  protected SessionRepository repository() {
    return repository;
  }

  private MemoryRepository full(int maxSessions) {
    repository = new MemoryRepository(maxSessions);
    for (int i = 0; i < maxSessions; i++) {
      created();
    }
    return repository;
  }

  @Test
  void constructorWhenMaxSessionsBelowOneThenRejected() {
    assertThatThrownBy(() -> new MemoryRepository(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxSessions");
  }

  @Test
  void createWhenFullThenStoreUnavailable() {
    full(2);

    assertThatThrownBy(this::created).isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("maxSessions=2");
  }

  @Test
  void createWhenFullThenExistingSessionsSurvive() {
    repository = new MemoryRepository(2);
    SessionRecord first = created();
    SessionRecord second = created();

    assertThatThrownBy(this::created).isInstanceOf(StoreUnavailableException.class);

    assertSameSession(loaded(first.key()), first);
    assertSameSession(loaded(second.key()), second);
  }

  @Test
  void createWhenFullThenRejectedSessionNotStored() {
    full(1);
    SessionRecord rejected = newRecord();

    assertThatThrownBy(() -> repository.create(rejected)).isInstanceOf(StoreUnavailableException.class);

    assertThat(repository.load(rejected.key())).isEmpty();
  }

  @Test
  void createWhenFullAndOneDeletedThenRoomAgain() {
    repository = new MemoryRepository(1);
    SessionRecord first = created();
    repository.delete(first.key());

    SessionRecord second = created();

    assertThat(repository.load(second.key())).isPresent();
  }

  @Test
  void createWhenFullAndExpiredRemovedThenRoomAgain() {
    full(2);
    clock.advance(IDLE.plusSeconds(1));
    repository.removeExpired(clock.instant(), 1);

    SessionRecord third = created();

    assertThat(repository.load(third.key())).isPresent();
  }

  @Test
  void createWhenFullAndPrincipalSignedOutThenRoomAgain() {
    repository = new MemoryRepository(1);
    String alice = newPrincipal("alice");
    created(alice);
    repository.deleteByPrincipal(alice, null);

    SessionRecord second = created();

    assertThat(repository.load(second.key())).isPresent();
  }

  @Test
  void createWhenFullAndKeyChangedThenStillFull() {
    repository = new MemoryRepository(1);
    SessionRecord first = created();
    repository.changeKey(first.key(), newKey());

    assertThatThrownBy(this::created).isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void createWhenKeyInUseThenRejectedAndSizeUnchanged() {
    SessionRecord record = created();

    assertThatThrownBy(() -> repository.create(record)).isInstanceOf(IllegalStateException.class);

    assertThat(repository.size()).isEqualTo(1);
  }

  @Test
  void createWhenConcurrentBeyondBoundThenExactlyMaxStored() throws Exception {
    repository = new MemoryRepository(50);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        tasks.add(() -> {
          int stored = 0;
          for (int i = 0; i < 20; i++) {
            try {
              created();
              stored++;
            } catch (StoreUnavailableException full) {
              // expected once the bound is reached
            }
          }
          return stored;
        });
      }

      int stored = concurrently(pool, tasks).stream().mapToInt(Integer::intValue).sum();

      assertThat(stored).isEqualTo(50);
      assertThat(repository.size()).isEqualTo(50);
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void sizeTracksCreatesAndDeletes() {
    SessionRecord first = created();
    created();
    assertThat(repository.size()).isEqualTo(2);

    repository.delete(first.key());
    repository.delete(first.key());

    assertThat(repository.size()).isEqualTo(1);
  }

  @Test
  void sizeUnchangedByChangeKey() {
    SessionRecord record = created();
    created();

    repository.changeKey(record.key(), newKey());
    repository.changeKey(record.key(), newKey());

    assertThat(repository.size()).isEqualTo(2);
  }

  @Test
  void sizeDecreasedByRemoveExpiredAndDeleteByPrincipal() {
    String alice = newPrincipal("alice");
    created(alice);
    created(alice);
    created();
    clock.advance(IDLE.plusSeconds(1));
    created();
    repository.deleteByPrincipal(alice, null);
    repository.removeExpired(clock.instant(), 100);

    assertThat(repository.size()).isEqualTo(1);
  }

  @Test
  void changeKeyWhenNewKeyInUseThenRejectedAndBothSessionsKept() {
    SessionRecord moving = created();
    SessionRecord occupant = created();

    assertThatThrownBy(() -> repository.changeKey(moving.key(), occupant.key()))
        .isInstanceOf(IllegalStateException.class);

    assertSameSession(loaded(moving.key()), moving);
    assertSameSession(loaded(occupant.key()), occupant);
    assertThat(repository.size()).isEqualTo(2);
  }
}
