package dev.cloakroom.store.memory;

import java.util.Base64;

/**
 * How {@link MemoryRepository} holds a store key in its map. The filter's store keys are base64url
 * SHA-256 hashes, 43 characters: a string of 88 bytes on the heap, held here as its 32 bytes in a
 * {@link Hash} of 48. Any other key (a store used directly, a test's) stays the string it is. The form
 * depends on the key alone, so one key always maps to one map key.
 */
final class MapKey {

  /** The key a record is held with in the map: the map key stands for it ({@link MemoryRepository#load}). */
  static final String STORED = "";

  private static final int LENGTH = 43;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final byte[] VALUES = new byte[128];

  static {
    java.util.Arrays.fill(VALUES, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < alphabet.length(); i++) {
      VALUES[alphabet.charAt(i)] = (byte) i;
    }
  }

  private MapKey() {}

  /** A 256-bit hash, big-endian in four longs. */
  record Hash(long a, long b, long c, long d) {
    @Override
    public int hashCode() {
      return (int) (a ^ (a >>> 32)); // the bits of a hash are uniform already
    }
  }

  /**
   * The map key of {@code key}: a {@link Hash} when it is 43 characters of canonical base64url (the
   * two bits past the 256th zero, as an encoder writes them), else {@code key} itself.
   */
  static Object of(String key) {
    if (key.length() != LENGTH) {
      return key;
    }
    long a = 0;
    long b = 0;
    long c = 0;
    long d = 0;
    int acc = 0;
    int accBits = 0;
    int bytes = 0;
    for (int i = 0; i < LENGTH; i++) {
      char ch = key.charAt(i);
      int v = ch < 128 ? VALUES[ch] : -1;
      if (v < 0) {
        return key;
      }
      acc = (acc << 6) | v;
      accBits += 6;
      if (accBits >= 8) { // a whole byte: onto the long it belongs to, big-endian
        accBits -= 8;
        long next = (acc >>> accBits) & 0xff;
        switch (bytes++ >> 3) {
          case 0 -> a = (a << 8) | next;
          case 1 -> b = (b << 8) | next;
          case 2 -> c = (c << 8) | next;
          default -> d = (d << 8) | next;
        }
        acc &= (1 << accBits) - 1;
      }
    }
    return acc != 0 ? key : new Hash(a, b, c, d);
  }

  /** The store key a map key stands for. */
  static String text(Object mapKey) {
    if (!(mapKey instanceof Hash h)) {
      return (String) mapKey;
    }
    byte[] bytes = new byte[32];
    long[] words = {h.a, h.b, h.c, h.d};
    for (int i = 0; i < 32; i++) {
      bytes[i] = (byte) (words[i >> 3] >>> (56 - 8 * (i & 7)));
    }
    return ENCODER.encodeToString(bytes);
  }
}
