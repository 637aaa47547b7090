package dev.cloakroom.event;

import dev.cloakroom.store.ClientFingerprint;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link ClientChangeListener} hears: a request used a signed-in session from a client whose
 * coarse fingerprint differs from the one taken at sign-in.
 *
 * @param principal the signed-in user's name
 * @param before    the fingerprint taken at sign-in
 * @param after     this request's fingerprint
 * @param changed   what differs: {@link ClientFingerprint.Part#NETWORK}, {@link ClientFingerprint.Part#BROWSER}
 *                  or both; never empty; unmodifiable
 * @param request   the request, as the app sees it: {@code getSession(false)} gives the session (or null
 *                  when {@code clientChangePolicy=end-session} ended it)
 * @since 0.2
 */
public record ClientChange(String principal, ClientFingerprint before, ClientFingerprint after,
    Set<ClientFingerprint.Part> changed, HttpServletRequest request) {

  /** @throws NullPointerException if any component is null */
  public ClientChange {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    changed = Set.copyOf(changed);
    Objects.requireNonNull(request, "request");
  }

  @Override
  public String toString() {
    // never the request: its toString may show a cookie
    return "ClientChange[principal=set, before=" + before + ", after=" + after + ", changed=" + changed + "]";
  }
}
