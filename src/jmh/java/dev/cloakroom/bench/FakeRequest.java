package dev.cloakroom.bench;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A plain-http GET from 127.0.0.1 to a root-context app, carrying the given {@code Cookie} header. It
 * answers the calls the filter makes per request ({@code getAttribute}/{@code setAttribute} for the
 * exchange, {@code getHeaders("Cookie")}, {@code getContextPath}, {@code isSecure},
 * {@code getRemoteAddr}, {@code isAsyncStarted}) with plain field reads, as a container does; any other
 * call reaches a delegate that throws {@link UnsupportedOperationException} naming the method.
 *
 * <p>One per request, like a container's: the filter keeps its exchange in a request attribute.
 */
final class FakeRequest extends HttpServletRequestWrapper {

  private static final HttpServletRequest UNSUPPORTED = FakeContainer.unsupported(HttpServletRequest.class);

  private final List<String> cookieHeaders;
  private final Map<String, Object> attributes = new HashMap<>(4);

  /** @param cookieHeader the one {@code Cookie} header, or null for none */
  FakeRequest(String cookieHeader) {
    super(UNSUPPORTED);
    this.cookieHeaders = cookieHeader == null ? List.of() : List.of(cookieHeader);
  }

  @Override
  public Object getAttribute(String name) {
    return attributes.get(name);
  }

  @Override
  public void setAttribute(String name, Object value) {
    if (value == null) {
      attributes.remove(name);
    } else {
      attributes.put(name, value);
    }
  }

  @Override
  public void removeAttribute(String name) {
    attributes.remove(name);
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    return "Cookie".equalsIgnoreCase(name) ? Collections.enumeration(cookieHeaders) : Collections.emptyEnumeration();
  }

  @Override
  public String getHeader(String name) {
    return "Cookie".equalsIgnoreCase(name) && !cookieHeaders.isEmpty() ? cookieHeaders.get(0) : null;
  }

  @Override
  public String getMethod() {
    return "GET";
  }

  @Override
  public String getContextPath() {
    return "";
  }

  @Override
  public boolean isSecure() {
    return false;
  }

  @Override
  public String getScheme() {
    return "http";
  }

  @Override
  public String getRemoteAddr() {
    return "127.0.0.1";
  }

  @Override
  public boolean isAsyncStarted() {
    return false;
  }
}
