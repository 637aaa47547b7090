package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * Issue 11, item 4: the idTag is in the MDC on the threads that run a request, and off again after on
 * every one of them. A one-thread pool stands in for the container's: what its next task sees is what
 * the thread kept.
 */
class CorrelationTest {

  private final ExecutorService pool = Executors.newSingleThreadExecutor();
  private final AtomicReference<String> tag = new AtomicReference<>("tag-a");
  private final Correlation.Source exchange = tag::get;

  @AfterEach
  void stop() {
    pool.shutdownNow();
    MDC.remove(Correlation.KEY);
  }

  private String mdcOnThePoolThread() throws Exception {
    return pool.submit(() -> MDC.get(Correlation.KEY)).get(5, TimeUnit.SECONDS);
  }

  @Test
  void wrappedTaskThenTagOnItsThreadWhileItRunsAndNoneAfter() throws Exception {
    AtomicReference<String> seen = new AtomicReference<>();

    pool.submit(Correlation.wrap(exchange, () -> seen.set(MDC.get(Correlation.KEY)))).get(5, TimeUnit.SECONDS);

    assertThat(seen.get()).isEqualTo("tag-a");
    assertThat(mdcOnThePoolThread()).isNull();
  }

  @Test
  void wrappedTaskThrowsThenTagStillOffAfter() throws Exception {
    Future<?> failed = pool.submit(Correlation.wrap(exchange, () -> {
      throw new IllegalStateException("app failure");
    }));

    assertThatThrownBy(() -> failed.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
    assertThat(mdcOnThePoolThread()).isNull();
  }

  @Test
  void idChangedInsideTheTaskThenTheMdcFollowsAndIsOffAfter() throws Exception {
    AtomicReference<String> seen = new AtomicReference<>();

    pool.submit(Correlation.wrap(exchange, () -> {
      tag.set("tag-b");
      Correlation.changed(exchange, "tag-b");
      seen.set(MDC.get(Correlation.KEY));
    })).get(5, TimeUnit.SECONDS);

    assertThat(seen.get()).isEqualTo("tag-b");
    assertThat(mdcOnThePoolThread()).isNull();
  }

  @Test
  void sessionFoundOnAThreadOfTheAppsOwnThenItsMdcIsNeverTouched() throws Exception {
    pool.submit(() -> Correlation.changed(exchange, "tag-a")).get(5, TimeUnit.SECONDS);

    assertThat(mdcOnThePoolThread()).isNull();
  }

  @Test
  void nestedScopeClosesThenTheOuterOneShowsItsSessionAsItIsNow() {
    Correlation.Scope outer = Correlation.open(exchange);
    Correlation.Scope inner = Correlation.open(exchange);
    tag.set("tag-b"); // the forwarded servlet changed the id
    Correlation.changed(exchange, "tag-b");

    inner.close();

    assertThat(MDC.get(Correlation.KEY)).isEqualTo("tag-b");
    outer.close();
    assertThat(MDC.get(Correlation.KEY)).isNull();
  }

  @Test
  void scopeOfARequestWithoutSessionYetThenNoTagUntilOneIsFound() {
    tag.set(null);
    Correlation.Scope scope = Correlation.open(exchange);
    assertThat(MDC.get(Correlation.KEY)).isNull();

    Correlation.changed(exchange, "tag-c");

    assertThat(MDC.get(Correlation.KEY)).isEqualTo("tag-c");
    scope.close();
    assertThat(MDC.get(Correlation.KEY)).isNull();
  }

  @Test
  void outermostScopeClosesThenTheThreadGetsBackWhatItHadBefore() {
    MDC.put(Correlation.KEY, "the app's own");

    Correlation.open(exchange).close();

    assertThat(MDC.get(Correlation.KEY)).isEqualTo("the app's own");
  }
}
