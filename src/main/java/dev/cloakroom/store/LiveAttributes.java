package dev.cloakroom.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The attribute values of one session as live objects, for a store that keeps objects rather than
 * encoded bytes (the memory store, unless {@code memoryEncoding} is set). Every request of the session
 * reads and writes this one instance directly, as a container's own sessions do: a value set by one
 * request is visible to a concurrent request at once, and reading a value costs no decoding. An id
 * change keeps the instance.
 *
 * <p>Small on purpose: one object and one array of name/value pairs, copied on every write. Sessions
 * hold few attributes and read them far more often than they write them; a read takes no lock.
 *
 * <p>Thread-safe: reads see a consistent snapshot; writes are serialized per session.
 *
 * @since 0.1
 */
public final class LiveAttributes {

  private static final Object[] NONE = {};

  /** name0, value0, name1, value1, ...; replaced whole on every write, never changed in place. */
  private volatile Object[] pairs = NONE;

  /** The value named {@code name}, or null. */
  public Object get(String name) {
    Object[] p = pairs;
    int i = indexOf(p, name);
    return i < 0 ? null : p[i + 1];
  }

  /**
   * Sets {@code name} to {@code value} (not null).
   *
   * @return the value it replaced, or null
   */
  public synchronized Object put(String name, Object value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    Object[] p = pairs;
    int i = indexOf(p, name);
    Object[] next;
    Object old = null;
    if (i < 0) {
      next = java.util.Arrays.copyOf(p, p.length + 2);
      next[p.length] = name;
      next[p.length + 1] = value;
    } else {
      old = p[i + 1];
      next = p.clone();
      next[i + 1] = value;
    }
    pairs = next;
    return old;
  }

  /**
   * Removes {@code name}.
   *
   * @return the value it held, or null if it held none
   */
  public synchronized Object remove(String name) {
    Object[] p = pairs;
    int i = indexOf(p, name);
    if (i < 0) {
      return null;
    }
    Object[] next = new Object[p.length - 2];
    System.arraycopy(p, 0, next, 0, i);
    System.arraycopy(p, i + 2, next, i, p.length - i - 2);
    pairs = next;
    return p[i + 1];
  }

  /** The names held now, in the order they were first set; a copy. */
  public List<String> names() {
    Object[] p = pairs;
    List<String> out = new ArrayList<>(p.length / 2);
    for (int i = 0; i < p.length; i += 2) {
      out.add((String) p[i]);
    }
    return out;
  }

  /** Whether no attribute is held. */
  public boolean isEmpty() {
    return pairs.length == 0;
  }

  private static int indexOf(Object[] p, String name) {
    for (int i = 0; i < p.length; i += 2) {
      if (p[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public String toString() {
    return "LiveAttributes" + names(); // names only: values may hold personal data
  }
}
