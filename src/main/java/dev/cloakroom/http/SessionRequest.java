package dev.cloakroom.http;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;

/**
 * The request wrapper: the container's session methods answered with Cloakroom sessions. The
 * container's own session manager is never asked, so it never issues a {@code JSESSIONID}.
 *
 * <p>Session ids come only from the cookie, never from the URL. {@code startAsync()} keeps these
 * wrappers in the async context, so async writes still commit the session first.
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
    return exchange.changeId(false);
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
    exchange.loggedIn(getUserPrincipal());
  }

  @Override
  public void logout() throws ServletException {
    super.logout();
    exchange.loggedOut();
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

  /** The async context, committing the session before {@code complete()} lets the response go. */
  private final class Async implements AsyncContext {
    private final AsyncContext inner;

    Async(AsyncContext inner) {
      this.inner = inner;
    }

    @Override
    public void complete() {
      response.commitSession();
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

    @Override
    public void start(Runnable run) {
      inner.start(run);
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
