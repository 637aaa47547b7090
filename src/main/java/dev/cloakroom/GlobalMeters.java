package dev.cloakroom;

import dev.cloakroom.event.SessionMetrics;
import java.lang.reflect.InvocationTargetException;

/**
 * {@code micrometer=global}: binds the filter's metrics to Micrometer's global registry. Micrometer is
 * an optional dependency, so the binder is loaded by name, and only when the parameter asks for it:
 * without it, no Micrometer class is ever loaded.
 */
final class GlobalMeters {

  private static final String BINDER = "dev.cloakroom.metrics.CloakroomMeterBinder";
  private static final String METRICS = "io.micrometer.core.instrument.Metrics";
  private static final String REGISTRY = "io.micrometer.core.instrument.MeterRegistry";

  private GlobalMeters() {}

  /**
   * Registers {@code metrics} with {@code Metrics.globalRegistry}.
   *
   * @return closes the registration (removes the meters)
   * @throws SettingsException naming the parameter when Micrometer is not on the class path
   */
  static AutoCloseable bind(SessionMetrics metrics) {
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
    try {
      Class<?> type = Class.forName(BINDER, true, loader);
      Object binder = type.getConstructor(SessionMetrics.class, String[].class).newInstance(metrics, new String[0]);
      type.getMethod("bindTo", registryType).invoke(binder, global);
      return (AutoCloseable) binder;
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("binding the metrics to Micrometer's global registry failed: " + e.getCause(),
          e.getCause());
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalStateException("binding the metrics to Micrometer's global registry failed: " + e, e);
    }
  }
}
