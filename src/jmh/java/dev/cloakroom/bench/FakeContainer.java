package dev.cloakroom.bench;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.SessionTrackingMode;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * The container's side of a filter's start, for benchmarks without a container: a {@link FilterConfig}
 * and a {@link ServletContext} answering exactly what {@code SessionFilter.init} asks (init parameters,
 * the app's session config, the context path for the MBean name) as a root-context app with a default
 * {@code <session-config>} would. Any other call throws {@link UnsupportedOperationException} naming the
 * method, so a core change that starts asking more shows up here instead of being answered wrongly.
 *
 * <p>Proxies are fine here: these are called once, at {@code init}, never per request.
 */
final class FakeContainer {

  private FakeContainer() {}

  /** A filter config named {@code name} carrying {@code params}, in a root-context app. */
  static FilterConfig filterConfig(String name, Map<String, String> params) {
    ServletContext context = servletContext();
    return proxy(FilterConfig.class, (method, args) -> switch (method) {
      case "getFilterName" -> name;
      case "getInitParameterNames" -> Collections.enumeration(params.keySet());
      case "getInitParameter" -> params.get((String) args[0]);
      case "getServletContext" -> context;
      default -> unsupported(FilterConfig.class, method);
    });
  }

  /** A root-context app with no session cookie config, a 30-minute session-timeout and cookie tracking. */
  static ServletContext servletContext() {
    return proxy(ServletContext.class, (method, args) -> switch (method) {
      case "getContextPath" -> "";
      case "getSessionCookieConfig" -> null; // allowed by AppSessionConfig: nothing configured
      case "getSessionTimeout" -> 30;          // what Jetty and Tomcat report by default
      case "getEffectiveSessionTrackingModes", "getDefaultSessionTrackingModes" ->
          Set.of(SessionTrackingMode.COOKIE);
      case "toString" -> "FakeContainer.ServletContext";
      case "hashCode" -> 0;
      case "equals" -> Boolean.FALSE;
      default -> unsupported(ServletContext.class, method);
    });
  }

  /** Every method throws, naming itself: the delegate of the fake request and response. */
  static <T> T unsupported(Class<T> type) {
    return proxy(type, (method, args) -> switch (method) {
      case "toString" -> "FakeContainer.unsupported(" + type.getSimpleName() + ")";
      case "hashCode" -> 0;
      case "equals" -> Boolean.FALSE;
      default -> unsupported(type, method);
    });
  }

  private interface Answer {
    Object answer(String method, Object[] args);
  }

  private static Object unsupported(Class<?> type, String method) {
    throw new UnsupportedOperationException(type.getSimpleName() + "." + method
        + " is not faked: the benchmark's fakes answer only what the filter calls");
  }

  private static <T> T proxy(Class<T> type, Answer answer) {
    return type.cast(Proxy.newProxyInstance(FakeContainer.class.getClassLoader(), new Class<?>[] {type},
        (p, m, args) -> answer.answer(m.getName(), args)));
  }
}
