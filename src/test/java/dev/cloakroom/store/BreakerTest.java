package dev.cloakroom.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloakroom.support.CountingRepository;
import dev.cloakroom.support.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BreakerTest {

  private final FakeClock clock = new FakeClock();
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private final CountingRepository store = new CountingRepository(new Failing());
  private final Breaker breaker = new Breaker(store, clock, 3, Duration.ofSeconds(5));

  /** An empty store whose {@code load} throws whatever the test puts in {@link #failure}. */
  private final class Failing implements SessionRepository {
    @Override
    public Optional<SessionRecord> load(String key) {
      RuntimeException e = failure.get();
      if (e != null) {
        throw e;
      }
      return Optional.empty();
    }

    @Override
    public void create(SessionRecord record) {}

    @Override
    public boolean save(String key, SessionDelta delta) {
      return false;
    }

    @Override
    public boolean changeKey(String oldKey, String newKey) {
      return false;
    }

    @Override
    public Optional<String> movedTo(String oldKey) {
      return Optional.empty();
    }

    @Override
    public boolean delete(String key) {
      return false;
    }

    @Override
    public List<SessionRecord> findByPrincipal(String principal, Instant now) {
      return List.of();
    }

    @Override
    public List<SessionRecord> deleteByPrincipal(String principal, String keepKey) {
      return List.of();
    }

    @Override
    public List<SessionRecord> removeExpired(Instant now, int max) {
      return List.of();
    }
  }

  private void down() {
    failure.set(new StoreUnavailableException("down"));
  }

  private void up() {
    failure.set(null);
  }

  private void failTimes(int n) {
    for (int i = 0; i < n; i++) {
      assertThatThrownBy(() -> breaker.load("k")).isInstanceOf(StoreUnavailableException.class);
    }
  }

  /** The store down for three loads in a row: the threshold. */
  private void trip() {
    down();
    failTimes(3);
  }

  /** Asserts that one load reaches the store, answers, and leaves the breaker closed. */
  private void assertLoadPassesThroughAndLeavesItClosed() {
    store.reset();

    assertThat(breaker.load("k")).isEmpty();

    assertThat(breaker.state()).isEqualTo(Breaker.State.CLOSED);
    assertThat(store.calls("load")).isEqualTo(1);
  }

  @Test
  void loadWhenStoreAnswersThenClosedAndPassedThrough() {
    assertLoadPassesThroughAndLeavesItClosed();
  }

  @ParameterizedTest(name = "{0} consecutive failures then {1}")
  @CsvSource({"2, CLOSED", "3, OPEN"})
  void loadWhenConsecutiveFailuresThenOpensAtTheThreshold(int failures, Breaker.State state) {
    down();
    failTimes(failures);

    assertThat(breaker.state()).isEqualTo(state);
  }

  @Test
  void loadWhenSuccessBetweenFailuresThenCountRestarts() {
    down();
    failTimes(2);
    up();
    breaker.load("k");
    down();
    failTimes(2);

    assertThat(breaker.state()).isEqualTo(Breaker.State.CLOSED);
  }

  @Test
  void loadWhenOpenThenFailsFastWithoutCallingTheStore() {
    trip();
    store.reset();

    assertThatThrownBy(() -> breaker.load("k")).isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("circuit open");
    assertThat(store.calls("load")).isZero();
  }

  @Test
  void retryAfterWhenOpenThenRestOfTheCoolDownInWholeSeconds() {
    trip();
    clock.advance(Duration.ofMillis(1500));

    assertThat(breaker.retryAfter()).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void loadWhenCoolDownPassedAndStoreBackThenTrialClosesTheBreaker() {
    trip();
    clock.advance(Duration.ofSeconds(5));
    up();

    assertLoadPassesThroughAndLeavesItClosed();
  }

  @Test
  void loadWhenTrialFailsThenOpenForAnotherCoolDown() {
    trip();
    clock.advance(Duration.ofSeconds(5));
    failTimes(1);
    store.reset();
    clock.advance(Duration.ofSeconds(4));

    assertThatThrownBy(() -> breaker.load("k")).isInstanceOf(StoreUnavailableException.class);
    assertThat(breaker.state()).isEqualTo(Breaker.State.OPEN);
    assertThat(store.calls("load")).isZero();
  }

  @Test
  void loadWhenCoolDownNotYetPassedThenStillFailsFast() {
    trip();
    up();
    clock.advance(Duration.ofMillis(4999));

    assertThatThrownBy(() -> breaker.load("k")).isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void loadWhenStoreFailsOtherwiseThenCountsAsAnswered() {
    down();
    failTimes(2);
    failure.set(new StoreException("corrupt record"));

    assertThatThrownBy(() -> breaker.load("k")).isInstanceOf(StoreException.class)
        .isNotInstanceOf(StoreUnavailableException.class);
    down();
    failTimes(2);
    assertThat(breaker.state()).isEqualTo(Breaker.State.CLOSED);
  }

  @Test
  void constructorWhenThresholdBelowOneThenRejected() {
    assertThatThrownBy(() -> new Breaker(store, clock, 0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold");
  }
}
