package dev.cloakroom.support;

import dev.cloakroom.event.AnomalyListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An anomaly listener that keeps what it is told, for tests: given in code as an instance, or by class
 * name to the {@code anomalyListener} parameter (then read {@link #all}).
 */
public final class RecordingAnomalyListener implements AnomalyListener {

  /** What every instance was told, in order; tests that register by class name clear it first. */
  public static final List<Anomaly> ALL = new CopyOnWriteArrayList<>();

  private final List<Anomaly> told = new CopyOnWriteArrayList<>();

  /** For the {@code anomalyListener} parameter. */
  public RecordingAnomalyListener() {}

  @Override
  public void anomaly(Anomaly anomaly) {
    told.add(anomaly);
    ALL.add(anomaly);
  }

  /** What this instance was told, in order. */
  public List<Anomaly> told() {
    return List.copyOf(told);
  }

  /** What every instance was told, in order. */
  public static List<Anomaly> all() {
    return List.copyOf(ALL);
  }
}
