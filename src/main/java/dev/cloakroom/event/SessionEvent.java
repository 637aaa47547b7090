package dev.cloakroom.event;

import java.util.Locale;

/**
 * What can happen to a session, for logs and counters. Log lines use {@link #word()}.
 *
 * @since 0.1
 */
public enum SessionEvent {
  /** A session was created. */
  CREATED,
  /** A session got a new id (changeSessionId, login, principal change). */
  ID_CHANGED,
  /** A session died of its idle timeout. */
  EXPIRED_IDLE,
  /** A session died of its absolute timeout. */
  EXPIRED_ABSOLUTE,
  /** A session without a principal was evicted from a full memory store to make room for a new one. */
  EVICTED,
  /** A session was invalidated (invalidate, logout). */
  INVALIDATED,
  /** A cookie held a value that is not an id of ours. */
  REJECTED_MALFORMED,
  /** A well-formed id that no store holds (forged, or long gone). */
  REJECTED_UNKNOWN,
  /** A stored attribute no longer decodes (class changed or not allowed) and was dropped. */
  ATTRIBUTE_DROPPED,
  /** A store call failed. */
  STORE_ERROR,
  /**
   * With signing keys set, a value whose tag does not verify (bad shape, unknown key id, wrong tag):
   * an absent session, found without any store call.
   *
   * @since 0.2
   */
  REJECTED_BAD_SIGNATURE,
  /**
   * A session was ended because its user signed in once more than {@code maxSessionsPerUser} allows
   * ({@code sessionLimitPolicy=end-oldest}).
   *
   * @since 0.2
   */
  LIMIT_ENDED,
  /**
   * A sign-in was refused because its user holds {@code maxSessionsPerUser} sessions already
   * ({@code sessionLimitPolicy=refuse}).
   *
   * @since 0.2
   */
  LIMIT_REFUSED,
  /**
   * A request used a signed-in session from a client whose coarse fingerprint (network, browser)
   * differs from the one taken at sign-in; counted once per such request, whatever
   * {@code clientChangePolicy} then does.
   *
   * @since 0.2
   */
  CLIENT_CHANGED,
  /**
   * A request named a session that had expired (idle or absolute): an absent session. Counted per
   * request; {@link #EXPIRED_IDLE} and {@link #EXPIRED_ABSOLUTE} count each session once, when it is
   * deleted.
   *
   * @since 0.2
   */
  REJECTED_EXPIRED,
  /**
   * One client address went over an anomaly threshold ({@code anomalyRejectedPerMinute},
   * {@code anomalyCreatedPerMinute}) in its one-minute window: counted once per address and window.
   *
   * @since 0.2
   */
  ANOMALY;

  private final String word = name().toLowerCase(Locale.ROOT).replace('_', '-');

  /** The fixed word logs use for this event: its name in lower case, {@code -} for {@code _} ({@code id-changed}). */
  public String word() {
    return word;
  }
}
