package dev.cloakroom.store.redis;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The Redis key layout, in one place. With the default namespace {@code cloakroom}:
 *
 * <pre>
 * cloakroom:s:{&lt;store key&gt;}   hash: one session (header fields and one field per attribute)
 * cloakroom:i:{&lt;0..1023&gt;}     hash: the principal index, field a principal, value its sessions'
 *                              store keys with their absolute deadlines ({@link RedisIndex})
 * cloakroom:e:{&lt;0..1023&gt;}     sorted set: expiry schedule, store keys scored by expiry (epoch ms)
 * </pre>
 *
 * <p>The index and the schedule are bucketed by a hash of the principal or the store key: with
 * {@value #BUCKETS} buckets, up to about 130,000 sessions (and as many principals) keep every bucket
 * at most 128 entries, so Redis holds each bucket as a compact listpack instead of a key per principal
 * or a skip list (about 58 and 84 bytes an entry, against about 170 and 190). Past that, buckets turn
 * into Redis's ordinary encodings and everything works the same.
 *
 * <p>The braces are Redis Cluster hash tags: a session's slot depends on its store key alone, a
 * bucket's on its number, so sessions and buckets spread over the cluster, no bucket is one hot key,
 * and every script touches keys of one slot. The store key is the hash of the session id, so no raw id
 * ever reaches Redis. Several applications share one Redis by using different namespaces.
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

  /** Number of principal index buckets, and of expiry schedule buckets. */
  static final int BUCKETS = 1024;

  /** The principal index bucket holding {@code principal}'s entry. */
  byte[] index(String principal) {
    return index(bucket(principal));
  }

  /** The principal index bucket {@code bucket} (0 to {@link #BUCKETS} - 1). */
  byte[] index(int bucket) {
    return bytes(namespace + ":i:{" + bucket + "}");
  }

  /** The expiry schedule bucket {@code bucket} (0 to {@link #BUCKETS} - 1). */
  byte[] schedule(int bucket) {
    return bytes(namespace + ":e:{" + bucket + "}");
  }

  /** The expiry schedule bucket of a store key. */
  byte[] schedule(String storeKey) {
    return schedule(bucket(storeKey));
  }

  /**
   * The bucket of a principal or store key: {@link String#hashCode}, which the language fixes, so every
   * node and every version agrees. Store keys are random, so their buckets fill evenly.
   */
  static int bucket(String s) {
    return Math.floorMod(s.hashCode(), BUCKETS);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "RedisKeys[" + namespace + "]";
  }
}
