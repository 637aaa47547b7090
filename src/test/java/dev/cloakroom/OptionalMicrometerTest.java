package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Micrometer is an optional dependency: the library's classes, loaded where no Micrometer class can be
 * found, start, serve a request that makes a session (timed store calls, anomaly signals, a written
 * cookie) and stop; and {@code micrometer=global} fails {@code init} naming the missing dependency.
 */
class OptionalMicrometerTest {

  /** Hides Micrometer, and the library itself so that the child loader defines its classes anew. */
  private static final class WithoutMicrometer extends ClassLoader {
    final Set<String> asked = ConcurrentHashMap.newKeySet();

    WithoutMicrometer(ClassLoader parent) {
      super(parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.startsWith("io.micrometer.")) {
        asked.add(name);
        throw new ClassNotFoundException(name);
      }
      if (name.startsWith("dev.cloakroom.")) {
        throw new ClassNotFoundException(name);
      }
      return super.loadClass(name, resolve);
    }
  }

  private final WithoutMicrometer parent = new WithoutMicrometer(getClass().getClassLoader());

  private Filter isolatedFilter() throws Exception {
    URL classes = SessionFilter.class.getProtectionDomain().getCodeSource().getLocation();
    URLClassLoader loader = new URLClassLoader(new URL[] {classes}, parent);
    Class<?> type = loader.loadClass(SessionFilter.class.getName());
    assertThat(type.getClassLoader()).isSameAs(loader);
    return (Filter) type.getConstructor().newInstance();
  }

  @Test
  void micrometerAbsentAndNotAskedForThenFilterStartsServesAndStopsWithoutLookingForIt() throws Exception {
    Filter filter = isolatedFilter();
    filter.init(config(Map.of()));
    Map<String, List<String>> headers = new HashMap<>();

    filter.doFilter(request(), response(headers), (FilterChain) (req, res) -> ((HttpServletRequest) req).getSession());
    filter.destroy();

    assertThat(headers.get("Set-Cookie")).singleElement().asString().startsWith("SID=");
    assertThat(parent.asked).isEmpty();
  }

  @Test
  void micrometerGlobalWhenAbsentThenInitFailsNamingTheDependency() throws Exception {
    Filter filter = isolatedFilter();

    ServletException e = org.junit.jupiter.api.Assertions.assertThrows(ServletException.class,
        () -> filter.init(config(Map.of("micrometer", "global"))));

    assertThat(e).hasMessage("Cloakroom filter isolated: micrometer=global needs io.micrometer:micrometer-core 1.x"
        + " on the class path (an optional dependency of Cloakroom); add it to the application");
  }

  // ---- a container made of proxies: fixed answers for what the filter asks, defaults for the rest

  private static <T> T proxy(Class<T> type, Map<String, java.util.function.Function<Object[], Object>> answers) {
    return type.cast(Proxy.newProxyInstance(OptionalMicrometerTest.class.getClassLoader(), new Class<?>[] {type},
        (p, method, args) -> {
          var answer = answers.get(method.getName());
          if (answer != null) {
            return answer.apply(args);
          }
          Class<?> r = method.getReturnType();
          if (r == boolean.class) {
            return false;
          }
          if (r == int.class || r == long.class) {
            return r == int.class ? (Object) 0 : (Object) 0L;
          }
          if (r == Enumeration.class) {
            return Collections.emptyEnumeration();
          }
          if (Collection.class.isAssignableFrom(r)) {
            return List.of();
          }
          return null;
        }));
  }

  private static FilterConfig config(Map<String, String> params) {
    ServletContext context = proxy(ServletContext.class, Map.of(
        "getContextPath", a -> "",
        "getClassLoader", a -> OptionalMicrometerTest.class.getClassLoader()));
    return proxy(FilterConfig.class, Map.of(
        "getFilterName", a -> "isolated",
        "getServletContext", a -> context,
        "getInitParameterNames", a -> Collections.enumeration(params.keySet()),
        "getInitParameter", a -> params.get((String) a[0])));
  }

  private static HttpServletRequest request() {
    Map<String, Object> attributes = new HashMap<>();
    return proxy(HttpServletRequest.class, Map.of(
        "getAttribute", a -> attributes.get((String) a[0]),
        "setAttribute", a -> attributes.put((String) a[0], a[1]),
        "removeAttribute", a -> attributes.remove((String) a[0]),
        "getDispatcherType", a -> DispatcherType.REQUEST,
        "getRemoteAddr", a -> "127.0.0.1",
        "getContextPath", a -> "",
        "getServletPath", a -> "/x",
        "getRequestURI", a -> "/x",
        "getMethod", a -> "GET"));
  }

  private static HttpServletResponse response(Map<String, List<String>> headers) {
    return proxy(HttpServletResponse.class, Map.of(
        "addHeader", a -> headers.computeIfAbsent((String) a[0], k -> new ArrayList<>()).add((String) a[1]),
        "setHeader", a -> headers.put((String) a[0], new ArrayList<>(List.of((String) a[1]))),
        "getHeaders", a -> headers.getOrDefault((String) a[0], List.of()),
        "getHeader", a -> headers.containsKey((String) a[0]) ? headers.get((String) a[0]).get(0) : null));
  }
}
