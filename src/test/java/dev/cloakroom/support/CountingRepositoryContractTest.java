package dev.cloakroom.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.store.RepositoryContract;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionRepository;
import dev.cloakroom.store.memory.MemoryRepository;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The counting wrapper keeps the contract of the store it wraps, and counts. */
class CountingRepositoryContractTest extends RepositoryContract {

  @AutoClose
  private final CountingRepository repository = new CountingRepository(new MemoryRepository(1000));

  @Override
  protected SessionRepository repository() {
    return repository;
  }

  @Test
  void callsCountedPerOperation() {
    SessionRecord record = created();
    repository.load(record.key());
    repository.load(record.key());
    repository.save(record.key(), touch(record, clock.instant()));
    repository.delete(record.key());

    assertThat(repository.calls("create")).isEqualTo(1);
    assertThat(repository.calls("load")).isEqualTo(2);
    assertThat(repository.calls("save")).isEqualTo(1);
    assertThat(repository.calls("delete")).isEqualTo(1);
    assertThat(repository.calls("changeKey")).isZero();
    assertThat(repository.total()).isEqualTo(5);
  }
}
