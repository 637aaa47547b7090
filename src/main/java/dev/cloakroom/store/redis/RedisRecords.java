package dev.cloakroom.store.redis;

import dev.cloakroom.store.ClientFingerprint;
import dev.cloakroom.store.SessionDelta;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A session record as the fields of one Redis hash, and back. Header fields have one-letter names;
 * every attribute is one field named {@code a:<name>} holding the encoded value as is:
 *
 * <pre>
 * c  creation time             epoch milliseconds
 * l  last access time          epoch milliseconds
 * u  authentication time       epoch milliseconds; absent if never authenticated
 * i  idle timeout              milliseconds (0 or less: none)
 * x  absolute timeout          milliseconds; its presence marks a live record
 * p  principal                 UTF-8; absent if none
 * k  id changed at             epoch milliseconds; absent if the id never changed
 * d  client fingerprint        network, a space, browser ({@code 203.0.113.0/24 Chrome 131}); absent if none
 * a:&lt;name&gt;  attribute           the codec's bytes
 * m  moving to (Cluster id change in progress: this key is dead)   the new store key
 * f  moved from (left on the copy by a Cluster id change)          the old store key
 * </pre>
 *
 * <p>Redis keeps small hashes as a listpack and stores decimal strings that fit a 64-bit integer as
 * integers, so a header costs about 60 bytes. Times have millisecond precision. Lettuce-free.
 *
 * <p>The metadata fields {@code k} and {@code d} are written only when set. Read back, they are
 * untrusted: a value of another shape or length is dropped (the field reads as absent), never an error.
 */
final class RedisRecords {

  static final byte[] CREATED = {'c'};
  static final byte[] LAST_ACCESS = {'l'};
  static final byte[] AUTHENTICATED = {'u'};
  static final byte[] IDLE = {'i'};
  static final byte[] ABSOLUTE = {'x'};
  static final byte[] PRINCIPAL = {'p'};
  /** When the id last changed (epoch ms). */
  static final byte[] ID_CHANGED = {'k'};
  /** The sign-in client fingerprint. */
  static final byte[] CLIENT = {'d'};
  /** Longest {@code d} value read back: a /48 network, a space, a browser. */
  private static final int MAX_CLIENT_BYTES = 48;
  /** Set on an old key while a Cluster id change moves it: the new store key. */
  static final byte[] MOVING = {'m'};
  /** Set on the copy a Cluster id change writes: the old store key. */
  static final byte[] MOVED_FROM = {'f'};
  private static final String ATTRIBUTE_PREFIX = "a:";

  private RedisRecords() {}

  /** The record's fields as a flat list: field, value, field, value, ... */
  static List<byte[]> fields(SessionRecord r) {
    List<byte[]> out = new ArrayList<>(12 + 2 * r.attributes().size());
    add(out, CREATED, number(r.createdAt().toEpochMilli()));
    add(out, LAST_ACCESS, number(r.lastAccessedAt().toEpochMilli()));
    if (r.authenticatedAt() != null) {
      add(out, AUTHENTICATED, number(r.authenticatedAt().toEpochMilli()));
    }
    add(out, IDLE, number(r.idleTimeout().toMillis()));
    add(out, ABSOLUTE, number(r.absoluteTimeout().toMillis()));
    if (r.principal() != null) {
      add(out, PRINCIPAL, utf8(r.principal()));
    }
    if (r.idChangedAt() != null) {
      add(out, ID_CHANGED, number(r.idChangedAt().toEpochMilli()));
    }
    if (r.client() != null) {
      add(out, CLIENT, client(r.client()));
    }
    r.attributes().forEach((name, value) -> add(out, attribute(name), value));
    return out;
  }

  /**
   * The arguments of {@code save.lua} after the TTL: the number of pairs to set, the pairs, then the
   * fields to delete.
   */
  static List<byte[]> deltaArgs(SessionDelta d) {
    List<byte[]> set = new ArrayList<>();
    List<byte[]> delete = new ArrayList<>();
    if (d.lastAccessedAt() != null) {
      add(set, LAST_ACCESS, number(d.lastAccessedAt().toEpochMilli()));
    }
    if (d.idleTimeout() != null) {
      add(set, IDLE, number(d.idleTimeout().toMillis()));
    }
    if (d.authentication() != null) {
      add(set, AUTHENTICATED, number(d.authentication().authenticatedAt().toEpochMilli()));
      if (d.authentication().principal() != null) {
        add(set, PRINCIPAL, utf8(d.authentication().principal()));
      } else {
        delete.add(PRINCIPAL);
      }
      if (d.authentication().client() != null) {
        add(set, CLIENT, client(d.authentication().client()));
      } else {
        delete.add(CLIENT);
      }
    }
    d.changed().forEach((name, value) -> add(set, attribute(name), value));
    d.removed().forEach(name -> delete.add(attribute(name)));
    List<byte[]> out = new ArrayList<>(1 + set.size() + delete.size());
    out.add(number(set.size() / 2));
    out.addAll(set);
    out.addAll(delete);
    return out;
  }

  /** A record from a hash's fields (HGETALL order does not matter); null for an empty hash. */
  static SessionRecord record(String key, Map<byte[], byte[]> hash) {
    if (hash == null || hash.isEmpty()) {
      return null;
    }
    Long created = null;
    Long lastAccess = null;
    Long authenticated = null;
    Long idle = null;
    Long absolute = null;
    String principal = null;
    Instant idChanged = null;
    ClientFingerprint client = null;
    Map<String, byte[]> attributes = new LinkedHashMap<>();
    for (Map.Entry<byte[], byte[]> e : hash.entrySet()) {
      byte[] f = e.getKey();
      byte[] v = e.getValue();
      if (f.length == 1) {
        switch (f[0]) {
          case 'c' -> created = parseLong(v);
          case 'l' -> lastAccess = parseLong(v);
          case 'u' -> authenticated = parseLong(v);
          case 'i' -> idle = parseLong(v);
          case 'x' -> absolute = parseLong(v);
          case 'p' -> principal = new String(v, StandardCharsets.UTF_8);
          case 'k' -> idChanged = instantOrNull(v);
          case 'd' -> client = clientOrNull(v);
          default -> { } // a field of a later version: ignore
        }
      } else if (f.length >= 2 && f[0] == 'a' && f[1] == ':') {
        attributes.put(new String(f, 2, f.length - 2, StandardCharsets.UTF_8), v);
      }
    }
    if (created == null || lastAccess == null || idle == null || absolute == null) {
      throw new StoreException("load: a session hash of " + hash.size()
          + " fields lacks header fields; it was not written by this store");
    }
    return new SessionRecord(key, Instant.ofEpochMilli(created), Instant.ofEpochMilli(lastAccess),
        authenticated == null ? null : Instant.ofEpochMilli(authenticated), Duration.ofMillis(idle),
        Duration.ofMillis(absolute), principal, attributes).withMetadata(idChanged, client);
  }

  /** The {@code d} value of a fingerprint. */
  static byte[] client(ClientFingerprint c) {
    return utf8(c.network() + " " + c.browser());
  }

  /** A fingerprint from a stored {@code d} value, or null if it is not one. */
  static ClientFingerprint clientOrNull(byte[] v) {
    if (v.length > MAX_CLIENT_BYTES) {
      return null;
    }
    String text = new String(v, StandardCharsets.US_ASCII);
    int space = text.indexOf(' ');
    return space < 0 ? null
        : ClientFingerprint.parse(text.substring(0, space), text.substring(space + 1)).orElse(null);
  }

  /** An instant from a stored epoch-millisecond value, or null if it is not one. */
  static Instant instantOrNull(byte[] v) {
    if (v.length == 0 || v.length > 15) { // 15 digits reach past the year 9999, and never overflow
      return null;
    }
    long n = 0;
    for (byte b : v) {
      if (b < '0' || b > '9') {
        return null;
      }
      n = n * 10 + (b - '0');
    }
    return n <= MAX_EPOCH_MILLIS ? Instant.ofEpochMilli(n) : null;
  }

  /** The last millisecond a stored instant may name: the year 9999. */
  private static final long MAX_EPOCH_MILLIS = 253_402_300_799_999L;

  /** The value of a one-letter header field in a hash, or null. */
  static byte[] field(Map<byte[], byte[]> hash, byte[] name) {
    if (hash != null) {
      for (Map.Entry<byte[], byte[]> e : hash.entrySet()) {
        if (java.util.Arrays.equals(e.getKey(), name)) {
          return e.getValue();
        }
      }
    }
    return null;
  }

  /** The value of a one-letter header field in a flat field, value list from {@code from} on, or null. */
  static byte[] field(List<?> flat, int from, byte[] name) {
    for (int i = from; i + 1 < flat.size(); i += 2) {
      if (java.util.Arrays.equals((byte[]) flat.get(i), name)) {
        return (byte[]) flat.get(i + 1);
      }
    }
    return null;
  }

  /** A record from a flat field, value list (a script's HGETALL). */
  static SessionRecord record(String key, List<?> flat, int from) {
    Map<byte[], byte[]> hash = new LinkedHashMap<>();
    for (int i = from; i + 1 < flat.size(); i += 2) {
      hash.put((byte[]) flat.get(i), (byte[]) flat.get(i + 1));
    }
    return record(key, hash);
  }

  /** The index score of a record: its absolute deadline, which only re-authentication moves. */
  static long deadlineMillis(Instant absoluteStart, long absoluteMillis) {
    return absoluteStart.toEpochMilli() + absoluteMillis;
  }

  static byte[] attribute(String name) {
    return utf8(ATTRIBUTE_PREFIX + name);
  }

  static byte[] number(long n) {
    return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static long parseLong(byte[] v) {
    try {
      return Long.parseLong(new String(v, StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      throw new StoreException("load: a session header field is not a number", e);
    }
  }

  private static void add(List<byte[]> out, byte[] field, byte[] value) {
    out.add(field);
    out.add(value);
  }
}
