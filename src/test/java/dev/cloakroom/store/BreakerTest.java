package dev.cloakroom.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.support.CountingRepository;
import dev.cloakroom.support.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BreakerTest {

  private final FakeClock clock = new FakeClock();
  private final CountingRepository store = new CountingRepository(new MemoryRepository(10));
  private final Breaker breaker = new Breaker(store, clock, 3, Duration.ofSeconds(5));

  /** Every later load fails as if the network were down. */
  private void down() {
    store.failOn("load", () -> new StoreUnavailableException("down"));
  }

  /** Loads answer again (from an empty store). */
  private void up() {
    store.healed();
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
    store.failOn("load", () -> new StoreException("corrupt record"));

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
