package dev.cloakroom;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;

/**
 * The only form of a session id that may be logged, put in the MDC, a message or a metric: a short
 * keyed hash (HMAC-SHA256 under a key made at random when the class loads, truncated to 48 bits, 8
 * characters). A tag lets an operator follow one session through the logs of one process; it reveals
 * nothing about the id, and it cannot be checked against a guessed id without the key.
 */
final class IdTag {

  private static final byte[] KEY = new byte[32];
  private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> IdSigner.hmac(KEY));
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  static {
    new SecureRandom().nextBytes(KEY);
  }

  private IdTag() {}

  /** The tag of a session id (or of any string a client sent in its place); "none" for null. */
  static String of(String sessionId) {
    if (sessionId == null) {
      return "none";
    }
    byte[] mac = MACS.get().doFinal(sessionId.getBytes(StandardCharsets.UTF_8));
    return ENCODER.encodeToString(java.util.Arrays.copyOf(mac, 6));
  }
}
