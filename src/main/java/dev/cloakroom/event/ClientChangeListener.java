package dev.cloakroom.event;

/**
 * Hears of a signed-in session used by a client whose coarse fingerprint (network, browser) differs
 * from the one it signed in with. Registered with {@code Settings.Builder.clientChangeListener} in code,
 * or by class name with the {@code clientChangeListener} parameter (the class needs a public no-argument
 * constructor).
 *
 * <p>Called on the request's thread, at most once per request, when the request first uses its session
 * and after {@code clientChangePolicy} has acted: with {@code end-session}, the session is already
 * ended and the request has none. An exception it throws is logged and does not fail the request.
 * Implementations must be thread-safe: one instance serves every request.
 *
 * @since 0.2
 */
@FunctionalInterface
public interface ClientChangeListener {

  /** A signed-in session's client changed; see {@link ClientChange}. */
  void clientChanged(ClientChange change);
}
