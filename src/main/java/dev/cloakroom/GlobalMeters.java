package dev.cloakroom;

import dev.cloakroom.event.SessionMetrics;
import java.lang.reflect.InvocationTargetException;
import java.util.Collection;

/**
 * {@code micrometer=global}: binds the filter's metrics to Micrometer's global registry. Micrometer is
 * an optional dependency, so the binder is loaded by name, and only when the parameter asks for it:
 * without it, no Micrometer class is ever loaded.
 *
 * <p>Every meter carries {@code context} (the context path, {@code /} for the root) and {@code filter}
 * (the filter's name), the two parts of the JMX name: two filters in one JVM, whether in one app or in
 * several apps whose Micrometer sits in a shared class loader, then have meters of their own. Both come
 * from the deployment, never from a request, so each filter adds one set of series.
 */
final class GlobalMeters {

  private static final String BINDER = "dev.cloakroom.metrics.CloakroomMeterBinder";
  private static final String METRICS = "io.micrometer.core.instrument.Metrics";
  private static final String REGISTRY = "io.micrometer.core.instrument.MeterRegistry";
  /** A meter every binding registers: if the registry holds it with our tags, another filter does. */
  private static final String PROBE = "cloakroom.sessions.created";

  private GlobalMeters() {}

  /**
   * Registers {@code metrics} with {@code Metrics.globalRegistry}, tagged with the filter's context path
   * and name.
   *
   * @param contextPath the context path ({@code ""} or null for the root)
   * @param filterName  the filter's name
   * @return closes the registration (removes the meters)
   * @throws SettingsException naming the parameter when Micrometer is not on the class path, or when
   *     the global registry already holds a Cloakroom filter's meters with the same context and name
   */
  static AutoCloseable bind(SessionMetrics metrics, String contextPath, String filterName) {
    ClassLoader loader = GlobalMeters.class.getClassLoader();
    Object global;
    Class<?> registryType;
    try {
      global = Class.forName(METRICS, true, loader).getField("globalRegistry").get(null);
      registryType = Class.forName(REGISTRY, false, loader);
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new SettingsException(Param.MICROMETER.key() + "=global needs io.micrometer:micrometer-core 1.x on the"
          + " class path (an optional dependency of Cloakroom); add it to the application", e);
    }
    String[] tags = tags(contextPath, filterName);
    try {
      Class<?> type = Class.forName(BINDER, true, loader);
      Object binder = type.getConstructor(SessionMetrics.class, String[].class).newInstance(metrics, tags);
      // one filter at a time checks and binds; the lock is the registry, shared by every app that shares it
      synchronized (global) {
        if (taken(global, registryType, tags)) {
          throw new SettingsException(Param.MICROMETER.key() + "=global: Micrometer's global registry already"
              + " holds the meters of a Cloakroom filter with context=" + tags[1] + " and filter=" + tags[3]
              + "; give each filter its own filter-name");
        }
        type.getMethod("bindTo", registryType).invoke(binder, global);
      }
      return (AutoCloseable) binder;
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("binding the metrics to Micrometer's global registry failed: " + e.getCause(),
          e.getCause());
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalStateException("binding the metrics to Micrometer's global registry failed: " + e, e);
    }
  }

  /** The tags of a filter's meters: {@code context} (the JMX name's, {@code /} for the root) and {@code filter}. */
  static String[] tags(String contextPath, String filterName) {
    String context = contextPath == null || contextPath.isEmpty() ? "/" : contextPath;
    return new String[] {"context", context, "filter", filterName == null ? "" : filterName};
  }

  /** Whether {@code registry} holds a {@value #PROBE} meter carrying {@code tags}: {@code registry.find(…).tags(…).meters()}. */
  private static boolean taken(Object registry, Class<?> registryType, String[] tags)
      throws ReflectiveOperationException {
    Object search = registryType.getMethod("find", String.class).invoke(registry, PROBE);
    search = search.getClass().getMethod("tags", String[].class).invoke(search, (Object) tags);
    return !((Collection<?>) search.getClass().getMethod("meters").invoke(search)).isEmpty();
  }
}
