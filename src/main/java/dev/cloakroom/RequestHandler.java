package dev.cloakroom;

import dev.cloakroom.event.SessionEvent;
import dev.cloakroom.store.Breaker;
import dev.cloakroom.store.StoreException;
import dev.cloakroom.store.StoreUnavailableException;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request through the filter: wrap, run the chain, commit; and the answer when the store is down.
 * Every dispatch of a request (forward, include, error, async) shares one {@link Exchange}; the
 * outermost one commits. Sessions that end outside any request are the {@link Sweeper}'s.
 *
 * <p>Thread-safe: holds only the shared {@link Backend}.
 */
final class RequestHandler {

  /** Seconds a client is asked to wait when the store is down, unless an open breaker knows better. */
  static final int RETRY_AFTER_SECONDS = 5;

  private static final Logger log = LoggerFactory.getLogger(RequestHandler.class);

  private final Backend backend;

  /** The handler of the requests of the filter whose shared parts are {@code backend}. */
  RequestHandler(Backend backend) {
    this.backend = backend;
  }

  /** Runs {@code chain} with the session wrappers, and commits the session when the request is done. */
  void handle(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    Exchange x = (Exchange) request.getAttribute(Exchange.ATTRIBUTE);
    if (x == null) {
      x = new Exchange(backend, request, response);
      request.setAttribute(Exchange.ATTRIBUTE, x);
    }
    SessionResponse wrappedResponse = new SessionResponse(response, x);
    SessionRequest wrappedRequest = new SessionRequest(request, x, wrappedResponse);
    x.appRequest(wrappedRequest);
    x.enter();
    Correlation.Scope scope = Correlation.open(x); // the idTag in the MDC for this dispatch, off again after
    Throwable failure = null;
    try {
      try {
        chain.doFilter(wrappedRequest, wrappedResponse);
      } catch (IOException | ServletException | RuntimeException | Error e) {
        failure = e;
      }
      if (x.exit()) {
        failure = finish(x, request, response, wrappedResponse, failure);
      } else if (failure == null && request.getDispatcherType() == DispatcherType.FORWARD) {
        // the container finishes the response as soon as a forward returns (Tomcat 11 even past every
        // wrapper), before the outermost dispatch could commit: commit what the forwarded servlet changed
        wrappedResponse.beforeBody();
      }
    } finally {
      scope.close();
    }
    rethrow(failure);
  }

  private Throwable finish(Exchange x, HttpServletRequest request, HttpServletResponse response,
      SessionResponse wrapped, Throwable failure) throws IOException {
    if (unavailable(failure) != null) {
      storeDown(response, unavailable(failure));
      return null;
    }
    if (request.isAsyncStarted()) {
      request.getAsyncContext().addListener(new CommitOnEnd(wrapped, x));
      return failure;
    }
    try {
      wrapped.commitSession();
    } catch (StoreUnavailableException e) {
      if (failure == null) {
        storeDown(response, e);
      }
    } catch (StoreException e) {
      backend.metrics().record(SessionEvent.STORE_ERROR);
      log.error("session not saved reason=store-error", e);
      if (failure == null && !response.isCommitted()) {
        response.reset();
        response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
      }
    }
    return failure;
  }

  /**
   * 503 with Retry-After: never a fresh empty session in place of one we could not read. Sent with
   * {@code sendError}, so the app's {@code <error-page>} for 503 renders it (the headers stay); without
   * one, the container's own error page does.
   */
  private void storeDown(HttpServletResponse response, StoreUnavailableException e) throws IOException {
    backend.metrics().record(SessionEvent.STORE_ERROR);
    log.warn("session store unavailable reason={}", e.getMessage());
    if (response.isCommitted()) {
      return;
    }
    response.reset();
    response.setHeader("Retry-After", String.valueOf(retryAfterSeconds()));
    response.setHeader("Cache-Control", "no-store");
    response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Service temporarily unavailable");
  }

  /** The rest of an open breaker's cool-down, else {@link #RETRY_AFTER_SECONDS}. */
  private long retryAfterSeconds() {
    return TimedRepository.unwrap(backend.repository()) instanceof Breaker b && b.state() != Breaker.State.CLOSED
        ? b.retryAfter().toSeconds() : RETRY_AFTER_SECONDS;
  }

  private static StoreUnavailableException unavailable(Throwable t) {
    for (int depth = 0; t != null && depth < 8; depth++, t = t.getCause()) {
      if (t instanceof StoreUnavailableException e) {
        return e;
      }
    }
    return null;
  }

  private static void rethrow(Throwable failure) throws IOException, ServletException {
    if (failure == null) {
      return;
    }
    if (failure instanceof IOException e) {
      throw e;
    }
    if (failure instanceof ServletException e) {
      throw e;
    }
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    throw (Error) failure;
  }

  /** Saves what an async request changed after its last commit point. */
  private final class CommitOnEnd implements AsyncListener {
    private final SessionResponse response;
    private final Exchange exchange;

    CommitOnEnd(SessionResponse response, Exchange exchange) {
      this.response = response;
      this.exchange = exchange;
    }

    private void commit() {
      Correlation.Scope scope = Correlation.open(exchange); // a container thread: the tag for the log
      try {
        response.commitSession();
      } catch (StoreException e) {
        backend.metrics().record(SessionEvent.STORE_ERROR);
        log.error("session not saved after async request reason=store-error", e);
      } finally {
        scope.close();
      }
    }

    @Override
    public void onComplete(AsyncEvent event) {
      commit();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      commit();
    }

    @Override
    public void onError(AsyncEvent event) {
      commit();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
      event.getAsyncContext().addListener(this);
    }
  }
}
