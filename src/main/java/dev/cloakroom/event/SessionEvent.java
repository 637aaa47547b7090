package dev.cloakroom.event;

/**
 * What can happen to a session, for logs and counters. Log lines use {@link #word()}.
 *
 * @since 0.1
 */
public enum SessionEvent {
  /** A session was created. */
  CREATED("created"),
  /** A session got a new id (changeSessionId, login, principal change). */
  ID_CHANGED("id-changed"),
  /** A session died of its idle timeout. */
  EXPIRED_IDLE("expired-idle"),
  /** A session died of its absolute timeout. */
  EXPIRED_ABSOLUTE("expired-absolute"),
  /** A session without a principal was evicted from a full memory store to make room for a new one. */
  EVICTED("evicted"),
  /** A session was invalidated (invalidate, logout). */
  INVALIDATED("invalidated"),
  /** A cookie held a value that is not an id of ours. */
  REJECTED_MALFORMED("rejected-malformed"),
  /** A well-formed id that no store holds (forged, or long gone). */
  REJECTED_UNKNOWN("rejected-unknown"),
  /** A stored attribute no longer decodes (class changed or not allowed) and was dropped. */
  ATTRIBUTE_DROPPED("attribute-dropped"),
  /** A store call failed. */
  STORE_ERROR("store-error"),
  /**
   * With signing keys set, a value whose tag does not verify (bad shape, unknown key id, wrong tag):
   * an absent session, found without any store call.
   *
   * @since 0.2
   */
  REJECTED_BAD_SIGNATURE("rejected-bad-signature"),
  /**
   * A session was ended because its user signed in once more than {@code maxSessionsPerUser} allows
   * ({@code sessionLimitPolicy=end-oldest}).
   *
   * @since 0.2
   */
  LIMIT_ENDED("limit-ended"),
  /**
   * A sign-in was refused because its user holds {@code maxSessionsPerUser} sessions already
   * ({@code sessionLimitPolicy=refuse}).
   *
   * @since 0.2
   */
  LIMIT_REFUSED("limit-refused"),
  /**
   * A request used a signed-in session from a client whose coarse fingerprint (network, browser)
   * differs from the one taken at sign-in; counted once per such request, whatever
   * {@code clientChangePolicy} then does.
   *
   * @since 0.2
   */
  CLIENT_CHANGED("client-changed"),
  /**
   * A request named a session that had expired (idle or absolute): an absent session. Counted per
   * request; {@link #EXPIRED_IDLE} and {@link #EXPIRED_ABSOLUTE} count each session once, when it is
   * deleted.
   *
   * @since 0.2
   */
  REJECTED_EXPIRED("rejected-expired"),
  /**
   * One client address went over an anomaly threshold ({@code anomalyRejectedPerMinute},
   * {@code anomalyCreatedPerMinute}) in its one-minute window: counted once per address and window.
   *
   * @since 0.2
   */
  ANOMALY("anomaly");

  private final String word;

  SessionEvent(String word) {
    this.word = word;
  }

  /** The fixed word logs use for this event. */
  public String word() {
    return word;
  }
}
