package dev.cloakroom;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/**
 * The request wrapper: the container's session methods answered with Cloakroom sessions. The
 * container's own session manager is never asked, so it never issues a {@code JSESSIONID}.
 *
 * <p>Session ids come only from the cookie, never from the URL. {@code startAsync()} keeps these
 * wrappers in the async context, so async writes still commit the session first, and runs
 * {@code AsyncContext.start} tasks with the session's idTag in the MDC ({@link Correlation}); a forward
 * through {@code getRequestDispatcher} commits it first too.
 *
 * <p>Not thread-safe, like the request.
 */
final class SessionRequest extends HttpServletRequestWrapper {

  private final Exchange exchange;
  private final SessionResponse response;

  SessionRequest(HttpServletRequest request, Exchange exchange, SessionResponse response) {
    super(request);
    this.exchange = exchange;
    this.response = response;
  }

  @Override
  public HttpSession getSession(boolean create) {
    HttpSession existing = exchange.session(false);
    if (existing != null || !create) {
      return existing;
    }
    if (response.isCommitted()) {
      // the cookie could never reach the client: the spec's answer, as containers give it
      throw new IllegalStateException("getSession: cannot create a session after the response has been committed");
    }
    return exchange.session(true);
  }

  @Override
  public HttpSession getSession() {
    return getSession(true);
  }

  @Override
  public String changeSessionId() {
    return exchange.rotation().change(false, null);
  }

  @Override
  public String getRequestedSessionId() {
    return exchange.requestedSessionId();
  }

  @Override
  public boolean isRequestedSessionIdValid() {
    return exchange.requestedSessionIdValid();
  }

  @Override
  public boolean isRequestedSessionIdFromCookie() {
    return exchange.requestedSessionIdFromCookie();
  }

  @Override
  public boolean isRequestedSessionIdFromURL() {
    return false;
  }

  @Override
  public void login(String username, String password) throws ServletException {
    super.login(username, password);
    try {
      SignIn.loggedIn(exchange, getUserPrincipal());
    } catch (SessionLimitException e) {
      super.logout(); // the container's login is undone too: the request is as anonymous as its session
      throw e;
    }
  }

  @Override
  public void logout() throws ServletException {
    super.logout();
    exchange.loggedOut();
  }

  /**
   * The container's dispatcher, committing the session before a forward: the container finishes the
   * response as soon as the forward returns, before this filter could commit it.
   */
  @Override
  public RequestDispatcher getRequestDispatcher(String path) {
    RequestDispatcher inner = super.getRequestDispatcher(path);
    return inner == null ? null : new Dispatcher(inner);
  }

  @Override
  public AsyncContext startAsync() {
    return new Async(super.startAsync(this, response));
  }

  @Override
  public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
    return new Async(super.startAsync(request, response));
  }

  @Override
  public AsyncContext getAsyncContext() {
    AsyncContext context = super.getAsyncContext();
    return context instanceof Async ? context : new Async(context);
  }

  private final class Dispatcher implements RequestDispatcher {
    private final RequestDispatcher inner;

    Dispatcher(RequestDispatcher inner) {
      this.inner = inner;
    }

    @Override
    public void forward(ServletRequest request, ServletResponse response) throws ServletException, IOException {
      SessionRequest.this.response.beforeBody();
      inner.forward(request, response);
    }

    @Override
    public void include(ServletRequest request, ServletResponse response) throws ServletException, IOException {
      inner.include(request, response);
    }
  }

  /** The async context, committing the session before {@code complete()} lets the response go. */
  private final class Async implements AsyncContext {
    private final AsyncContext inner;

    Async(AsyncContext inner) {
      this.inner = inner;
    }

    @Override
    public void complete() {
      Correlation.wrap(exchange, response::commitSession).run(); // maybe a thread of the app's: off again after
      inner.complete();
    }

    @Override
    public ServletRequest getRequest() {
      return inner.getRequest();
    }

    @Override
    public ServletResponse getResponse() {
      return inner.getResponse();
    }

    @Override
    public boolean hasOriginalRequestAndResponse() {
      return inner.hasOriginalRequestAndResponse();
    }

    @Override
    public void dispatch() {
      inner.dispatch();
    }

    @Override
    public void dispatch(String path) {
      inner.dispatch(path);
    }

    @Override
    public void dispatch(ServletContext context, String path) {
      inner.dispatch(context, path);
    }

    /** Runs {@code run} with the session's idTag in the MDC, taken off again when it ends. */
    @Override
    public void start(Runnable run) {
      inner.start(Correlation.wrap(exchange, run));
    }

    @Override
    public void addListener(AsyncListener listener) {
      inner.addListener(listener);
    }

    @Override
    public void addListener(AsyncListener listener, ServletRequest request, ServletResponse response) {
      inner.addListener(listener, request, response);
    }

    @Override
    public <T extends AsyncListener> T createListener(Class<T> clazz) throws ServletException {
      return inner.createListener(clazz);
    }

    @Override
    public void setTimeout(long timeout) {
      inner.setTimeout(timeout);
    }

    @Override
    public long getTimeout() {
      return inner.getTimeout();
    }
  }
}
