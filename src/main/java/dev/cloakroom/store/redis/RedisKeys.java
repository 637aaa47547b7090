package dev.cloakroom.store.redis;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The Redis key layout, in one place. With the default namespace {@code cloakroom}:
 *
 * <pre>
 * cloakroom:s:{&lt;store key&gt;}   hash: one session (header fields and one field per attribute)
 * cloakroom:p:{&lt;principal&gt;}   sorted set: the store keys of one principal's sessions
 * cloakroom:e:{&lt;0..15&gt;}       sorted set: expiry schedule, store keys scored by expiry (epoch ms),
 *                              in 16 buckets by the store key's first character
 * </pre>
 *
 * <p>The braces are Redis Cluster hash tags: a session's slot depends on its store key alone, an
 * index's on its principal alone, a schedule bucket's on its number, so sessions spread over the
 * cluster, no schedule bucket is one hot key, and every script touches keys of one slot. The store key is the hash of the session id,
 * so no raw id ever reaches Redis. Several applications share one Redis by using different namespaces.
 *
 * <p>Lettuce-free, so the core may use it to check settings. Thread-safe (immutable).
 */
final class RedisKeys {

  /** What a namespace may hold: no braces (they would break hash tags) and no glob characters. */
  private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  private final String namespace;

  /**
   * @param namespace the key prefix; 1 to 64 letters, digits, {@code . _ : -}
   * @throws IllegalArgumentException if the namespace has another form
   */
  RedisKeys(String namespace) {
    if (!isNamespace(namespace)) {
      throw new IllegalArgumentException("not a Redis namespace: " + namespace);
    }
    this.namespace = namespace;
  }

  /** Whether {@code namespace} is an accepted namespace. */
  static boolean isNamespace(String namespace) {
    return namespace != null && NAMESPACE.matcher(namespace).matches();
  }

  /** The namespace these keys live under. */
  String namespace() {
    return namespace;
  }

  /** The hash holding the session with {@code storeKey}. */
  byte[] session(String storeKey) {
    return bytes(namespace + ":s:{" + storeKey + "}");
  }

  /** The store key back from a session hash's name, or null if the name is not one of ours. */
  String storeKey(byte[] sessionKey) {
    String k = new String(sessionKey, StandardCharsets.UTF_8);
    String prefix = namespace + ":s:{";
    return k.startsWith(prefix) && k.endsWith("}") ? k.substring(prefix.length(), k.length() - 1) : null;
  }

  /** The sorted set indexing the sessions of {@code principal}. */
  byte[] principal(String principal) {
    return bytes(namespace + ":p:{" + principal + "}");
  }

  /** Number of expiry schedule buckets. */
  static final int SCHEDULE_BUCKETS = 16;

  /** The expiry schedule bucket {@code bucket} (0 to {@link #SCHEDULE_BUCKETS} - 1). */
  byte[] schedule(int bucket) {
    return bytes(namespace + ":e:{" + bucket + "}");
  }

  /**
   * The expiry schedule bucket of a store key, by its first character (store keys are base64url
   * hashes, so the buckets fill evenly).
   */
  byte[] schedule(String storeKey) {
    return schedule(storeKey.charAt(0) % SCHEDULE_BUCKETS);
  }

  /** A SCAN pattern matching every principal index of this namespace. */
  byte[] principalPattern() {
    return bytes(namespace + ":p:*");
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "RedisKeys[" + namespace + "]";
  }
}
