package dev.cloakroom.support;

import dev.cloakroom.event.ClientChange;
import dev.cloakroom.event.ClientChangeListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link ClientChangeListener} with a public no-argument constructor, for the {@code clientChangeListener}
 * parameter: it notes each change as {@code principal changed=[...] session=present|none} in a list
 * shared by every instance (the container makes the instance, the test reads the list).
 */
public final class RecordingClientChangeListener implements ClientChangeListener {

  /** What every instance heard, oldest first. */
  public static final List<String> HEARD = new CopyOnWriteArrayList<>();

  @Override
  public void clientChanged(ClientChange change) {
    HEARD.add(change.principal() + " changed=" + change.changed().stream().sorted().toList() + " session="
        + (change.request().getSession(false) != null ? "present" : "none"));
  }
}
