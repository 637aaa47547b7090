package dev.cloakroom.e2e.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where test listeners write what they were told, readable by the test across the webapp class loader
 * boundary: this class is never copied into a webapp ({@code WEB-INF/classes} holds only the annotated
 * package), so every webapp loader delegates it to the test's class loader and there is one journal per
 * JVM. Entries name their source (how the listener was declared); tests pick their own sessions by id.
 *
 * <p>Thread-safe.
 */
public final class Journal {

  private record Entry(String source, String text) {}

  private static final List<Entry> ENTRIES = new CopyOnWriteArrayList<>();

  private Journal() {}

  /** Records one event told to the listener declared as {@code source}. */
  public static void record(String source, String text) {
    ENTRIES.add(new Entry(source, text));
  }

  /**
   * The events of {@code source} that mention one of the {@code aliases}' keys (session ids or store
   * keys), in order, each key replaced by its alias.
   */
  public static List<String> of(String source, Map<String, String> aliases) {
    List<String> out = new ArrayList<>();
    for (Entry e : ENTRIES) {
      if (!e.source().equals(source)) {
        continue;
      }
      String text = e.text();
      boolean mentions = false;
      for (Map.Entry<String, String> a : aliases.entrySet()) {
        if (text.contains(a.getKey())) {
          mentions = true;
          text = text.replace(a.getKey(), a.getValue());
        }
      }
      if (mentions) {
        out.add(text);
      }
    }
    return out;
  }
}
