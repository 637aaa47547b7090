package dev.cloakroom.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A point where a request waits until the test lets it go, to stage a race without sleeping: the test
 * {@link #start}s the request, which runs until it calls {@link #here()} (in a servlet after it loaded the
 * session, say, or in a store's {@code load}); the test sends the racing request, then {@link #release}s
 * the held one. Every wait is bounded (10 s). One held request at a time.
 */
public final class Hold {

  private static final long SECONDS = 10;

  private volatile CountDownLatch reached = new CountDownLatch(1);
  private volatile CountDownLatch released = new CountDownLatch(1);

  /** For the held code: says it got here, then waits until the test releases it. */
  public void here() {
    reached.countDown();
    try {
      if (!released.await(SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException("not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Starts {@code request} and returns it once it waits {@link #here()}. */
  public <T> CompletableFuture<T> start(Supplier<CompletableFuture<T>> request) throws InterruptedException {
    reached = new CountDownLatch(1);
    released = new CountDownLatch(1);
    CompletableFuture<T> held = request.get();
    assertThat(reached.await(SECONDS, TimeUnit.SECONDS)).as("the held request got to its hold").isTrue();
    return held;
  }

  /** Lets the held request go on and returns what it ends with. */
  public <T> T release(CompletableFuture<T> held) throws Exception {
    released.countDown();
    return held.get(SECONDS, TimeUnit.SECONDS);
  }
}
