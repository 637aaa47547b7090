package dev.cloakroom;

import dev.cloakroom.store.SessionRepository;
import java.security.SecureRandom;

/**
 * What tests outside this package may reach of its internals: session ids and their store keys and tags
 * (to find a session in a store, or forge a cookie), and the store a {@link Settings} names, opened as
 * the filter opens it. Test code only; the library's own internals stay package-private.
 */
public final class Internals {

  /** Length of a session id in characters. */
  public static final int ID_LENGTH = SessionIds.LENGTH;

  private Internals() {}

  /** A new session id from {@code random}. */
  public static String newId(SecureRandom random) {
    return SessionIds.generate(random);
  }

  /** Whether {@code value} has the shape of a session id. */
  public static boolean isWellFormed(String value) {
    return SessionIds.isWellFormed(value);
  }

  /** The store key of {@code sessionId}: what the store holds the session under. */
  public static String storeKey(String sessionId) {
    return SessionIds.storeKey(sessionId);
  }

  /** The tag of {@code sessionId}, the only form of it that logs and the MDC show. */
  public static String idTag(String sessionId) {
    return IdTag.of(sessionId);
  }

  /** The store {@code settings} name, opened as the filter opens it (a breaker in front of Redis and JDBC). */
  public static SessionRepository openStore(Settings settings) {
    return StoreLocator.open(settings);
  }
}
