package dev.cloakroom;

import dev.cloakroom.event.SessionEvent;
import jakarta.servlet.http.HttpSessionActivationListener;
import jakarta.servlet.http.HttpSessionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attributes of one session in one request, for a session whose store holds encoded values: each
 * value is decoded when first read and kept for the rest of the request; sets and removes are recorded;
 * at commit, values are encoded again and only those whose bytes differ from the store's are written,
 * so a value read and then mutated in place is saved too (spring-session #584). A value that no longer
 * decodes (a class changed or is not allowed) is dropped and counted, and the session lives
 * (spring-session #529).
 *
 * <p>Values that are {@link HttpSessionActivationListener}s hear of it when they are decoded (did
 * activate) and before they are encoded for the store (will passivate), as in a container that moves
 * sessions between nodes.
 *
 * <p>The stored bytes are the view's record's, read as they stand: after a save, the table is
 * {@link #rebased} onto them. Not thread-safe, like the request.
 */
final class AttributeTable {

  private static final Logger log = LoggerFactory.getLogger(AttributeTable.class);
  /** Value types that cannot change in place: set in this request, they are encoded once, when set. */
  private static final Set<Class<?>> IMMUTABLE = Set.of(String.class, Integer.class, Long.class, Boolean.class,
      Short.class, Byte.class, Character.class, Double.class, Float.class, java.math.BigInteger.class,
      java.math.BigDecimal.class, java.util.UUID.class, Instant.class, java.time.LocalDate.class,
      java.time.LocalDateTime.class, java.time.ZonedDateTime.class, java.time.OffsetDateTime.class,
      Duration.class);

  /** One attribute touched in this request. */
  static final class Slot {
    Object value;          // null when removed
    byte[] stored;         // bytes the store holds for it, null if none
    byte[] encoded;        // bytes encoded when set, for immutable values
    boolean dirty;         // set or removed in this request

    Slot(Object value, byte[] stored, byte[] encoded, boolean dirty) {
      this.value = value;
      this.stored = stored;
      this.encoded = encoded;
      this.dirty = dirty;
    }
  }

  private final Backend backend;
  private final HttpSessionView session;
  private final Map<String, Slot> slots = new HashMap<>();
  /** Whether a slot was set or removed since the last save. */
  private boolean anyDirty;

  /** The table of {@code session}, whose record holds the stored bytes. */
  AttributeTable(Backend backend, HttpSessionView session) {
    this.backend = backend;
    this.session = session;
  }

  private Map<String, byte[]> stored() {
    return session.loadedRecord().attributes();
  }

  /** The value of {@code name}, decoding it on first use; drops a value that no longer decodes. */
  Object get(String name) {
    if (name == null) {
      return null;
    }
    Slot slot = slots.get(name);
    if (slot != null) {
      return slot.value;
    }
    byte[] bytes = stored().get(name);
    if (bytes == null) {
      return null;
    }
    try {
      Object value = backend.codec().decode(bytes, backend.classLoader());
      slots.put(name, new Slot(value, bytes, null, false));
      if (value instanceof HttpSessionActivationListener a) {
        Listeners.safely(session, "sessionDidActivate", () -> a.sessionDidActivate(new HttpSessionEvent(session)));
      }
      return value;
    } catch (RuntimeException e) {
      // a class that changed or is not allowed: drop the value, keep the session (spring-session #529)
      slots.put(name, new Slot(null, bytes, null, true));
      anyDirty = true;
      backend.metrics().record(SessionEvent.ATTRIBUTE_DROPPED);
      log.warn("attribute dropped name={} reason={} idTag={}", name, e.getMessage(), session.idTag());
      return null;
    }
  }

  /** The names of the values the session holds as this request left them. */
  Set<String> names() {
    Set<String> names = new LinkedHashSet<>(stored().keySet());
    slots.forEach((name, slot) -> {
      if (slot.value == null) {
        names.remove(name);
      } else {
        names.add(name);
      }
    });
    return names;
  }

  /**
   * Sets {@code name} to {@code value}, whose bytes the codec gave when it was set.
   *
   * @return what the table held for {@code name} before, for {@link #restore}; null if nothing
   */
  Slot set(String name, Object value, byte[] encoded) {
    Slot slot = slots.get(name);
    byte[] stored = slot != null ? slot.stored : stored().get(name);
    slots.put(name, new Slot(value, stored, encoded, true));
    anyDirty = true;
    return slot;
  }

  /** Undoes a {@link #set} that must not stand (a refused sign-in, a failed privilege change). */
  void restore(String name, Slot before) {
    if (before != null) {
      slots.put(name, before);
    } else {
      slots.remove(name);
    }
  }

  /**
   * Removes {@code name}, whose value {@link #get} gave as {@code old}.
   *
   * @return false if there was nothing to remove
   */
  boolean remove(String name, Object old) {
    Slot slot = slots.get(name);
    if (old == null && slot == null) {
      return false;
    }
    slots.put(name, new Slot(null, slot != null ? slot.stored : stored().get(name), null, true));
    anyDirty = true;
    return true;
  }

  /** Whether a value was set or removed since the last save (in-place mutations show only when encoded). */
  boolean changed() {
    return anyDirty;
  }

  /**
   * The values to write: those set in this request, and those read here whose bytes changed (mutated
   * in place); each encoded and compared with the stored bytes. Empty, and unallocated, when none.
   */
  Map<String, byte[]> changedValues() {
    Map<String, byte[]> changed = Map.of();
    for (Map.Entry<String, Slot> e : slots.entrySet()) {
      Slot slot = e.getValue();
      if (slot.value != null && (slot.dirty || !IMMUTABLE.contains(slot.value.getClass()))) {
        byte[] bytes = encodeForCommit(e.getKey(), slot);
        if (bytes != null && !Arrays.equals(bytes, slot.stored)) {
          changed = changed.isEmpty() ? new LinkedHashMap<>() : changed;
          changed.put(e.getKey(), bytes);
        }
      }
    }
    return changed;
  }

  /** The names to delete in the store: removed here (or dropped) and held there. Empty when none. */
  Set<String> removedNames() {
    Set<String> removed = Set.of();
    if (!anyDirty) {
      return removed; // removing marks the table changed until the next save
    }
    for (Map.Entry<String, Slot> e : slots.entrySet()) {
      Slot slot = e.getValue();
      if (slot.value == null && slot.stored != null) {
        removed = removed.isEmpty() ? new LinkedHashSet<>() : removed;
        removed.add(e.getKey());
      }
    }
    return removed;
  }

  /** Every value as the store is to hold it: the stored bytes with this request's changes over them. */
  Map<String, byte[]> toStore() {
    Map<String, byte[]> attrs = new LinkedHashMap<>(stored());
    for (Map.Entry<String, Slot> e : slots.entrySet()) {
      byte[] bytes = e.getValue().value == null ? null : encodeForCommit(e.getKey(), e.getValue());
      if (bytes != null) {
        attrs.put(e.getKey(), bytes);
      } else {
        attrs.remove(e.getKey());
      }
    }
    return attrs;
  }

  /** After a save: the record's bytes are what the store holds now, and nothing is changed. */
  void rebased() {
    Map<String, byte[]> stored = stored();
    slots.entrySet().removeIf(e -> e.getValue().value == null);
    for (Map.Entry<String, Slot> e : slots.entrySet()) {
      Slot slot = e.getValue();
      slot.stored = stored.get(e.getKey());
      slot.encoded = null;
      slot.dirty = false;
    }
    anyDirty = false;
  }

  /**
   * The session restarts as a new one ({@link HttpSessionView#restart}): only what this request set
   * stays, and the store holds none of it.
   */
  void keepOnlySet() {
    slots.entrySet().removeIf(e -> !e.getValue().dirty || e.getValue().value == null);
    slots.values().forEach(slot -> slot.stored = null);
  }

  private byte[] encodeForCommit(String name, Slot slot) {
    if (slot.encoded != null && IMMUTABLE.contains(slot.value.getClass())) {
      return slot.encoded;
    }
    if (slot.value instanceof HttpSessionActivationListener a) {
      Listeners.safely(session, "sessionWillPassivate", () -> a.sessionWillPassivate(new HttpSessionEvent(session)));
    }
    try {
      return backend.codec().encode(slot.value);
    } catch (RuntimeException e) {
      // it encoded when set, so it was mutated into something unencodable since: keep the stored value
      log.warn("attribute not saved name={} reason=encode-failed type={} idTag={}", name,
          slot.value.getClass().getName(), session.idTag());
      return null;
    }
  }
}
