package dev.cloakroom;

import dev.cloakroom.event.ClientChange;
import dev.cloakroom.event.ClientChangeListener;
import dev.cloakroom.event.SessionEvent;
import dev.cloakroom.store.ClientFingerprint;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client-change signals ({@code clientChangePolicy}): a signed-in session used from another network or
 * browser than the one it signed in with. Runs once per request, right after the lookup, and only for a
 * session whose record holds a sign-in fingerprint; nothing for anonymous sessions.
 *
 * <p>Stateless; used by one request's {@link Exchange}.
 */
final class ClientCheck {

  private static final Logger log = LoggerFactory.getLogger(ClientCheck.class);

  private ClientCheck() {}

  /**
   * Compares the sign-in fingerprint of {@code s} with this request's (after the lookup, so the
   * listener may use the session API). A change is counted and logged; {@code end-session} then ends
   * the session (deleted in the store, its listeners told, the cookie cleared) and the request goes on
   * without one; then the app's listener hears of it. The sign-in fingerprint stays as it is: only the
   * next sign-in replaces it. No store write otherwise.
   */
  static void check(Exchange x, HttpSessionView s) {
    ClientFingerprint before = s.loadedRecord().client();
    ClientFingerprint after = x.client();
    Set<ClientFingerprint.Part> changed = before.changes(after);
    if (changed.isEmpty()) {
      return;
    }
    Settings settings = x.backend().settings();
    String principal = s.principal();
    boolean end = settings.clientChangePolicy() == Settings.ClientChangePolicy.END_SESSION;
    x.backend().metrics().record(SessionEvent.CLIENT_CHANGED);
    log.info("session client-changed changed={} action={} idTag={}",
        changed.stream().map(part -> part.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(",")),
        settings.clientChangePolicy().text(), s.idTag());
    if (end) {
      IdRotation rotation = x.rotationIfAny();
      if (rotation != null) {
        rotation.cancelRenewal(); // an ended session is not renewed
      }
      s.invalidate(); // a store failure propagates (503): never reported as ended when it is not
      log.debug("session ended reason=client-changed idTag={}", s.idTag());
    }
    ClientChangeListener listener = settings.clientChangeListener();
    if (listener != null) {
      try {
        listener.clientChanged(new ClientChange(principal, before, after, changed, x.appRequest()));
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) { // the listener's failure is the app's, never the request's
        log.warn("client-change listener failed listener={} idTag={}", listener.getClass().getName(), s.idTag(), e);
      }
    }
  }
}
