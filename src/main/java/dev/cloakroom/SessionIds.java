package dev.cloakroom;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Session ids: 32 bytes from {@link SecureRandom}, base64url without padding (43 characters), and the
 * store key derived from an id.
 *
 * <p>Thread-safe; all methods are static.
 */
final class SessionIds {

  /** Length of an id in characters: 32 bytes, base64url, unpadded. */
  static final int LENGTH = 43;

  private static final int BYTES = 32;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  /** One digest per thread: {@code MessageDigest.getInstance} is a provider lookup on every call. */
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  });
  /** 256 bits take 43 characters with two bits to spare: the last character's low two bits are 0. */
  private static final String LAST_CHARS = "AEIMQUYcgkosw048";

  private SessionIds() {}

  /** A new id from {@code random}. */
  static String generate(SecureRandom random) {
    byte[] bytes = new byte[BYTES];
    random.nextBytes(bytes);
    return ENCODER.encodeToString(bytes);
  }

  /**
   * Whether {@code candidate} has the exact shape of an id this library made: 43 characters of the
   * base64url alphabet in canonical form. Runs in time independent of where a mismatch is, and makes
   * no allocation. Null is not well formed.
   */
  static boolean isWellFormed(String candidate) {
    if (candidate == null || candidate.length() != LENGTH) {
      return false;
    }
    boolean ok = true;
    for (int i = 0; i < LENGTH; i++) {
      ok &= isBase64Url(candidate.charAt(i));
    }
    return ok && LAST_CHARS.indexOf(candidate.charAt(LENGTH - 1)) >= 0;
  }

  private static boolean isBase64Url(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  }

  /**
   * The store key of an id: base64url(SHA-256(id)), 43 characters. Stores are keyed by it, so a copy of
   * the store holds no id a client could present. A plain hash suffices: ids carry 256 random bits, so
   * there is nothing to guess.
   */
  static String storeKey(String sessionId) {
    return ENCODER.encodeToString(sha256(sessionId.getBytes(StandardCharsets.US_ASCII)));
  }

  /** The SHA-256 of {@code bytes}. */
  static byte[] sha256(byte[] bytes) {
    return SHA256.get().digest(bytes);
  }

}
