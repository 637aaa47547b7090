package dev.cloakroom.store;

/**
 * The store cannot be reached or is full. The filter answers a request that needs its session with 503
 * and {@code Retry-After}; it never falls back to a fresh empty session.
 *
 * @since 0.1
 */
public class StoreUnavailableException extends StoreException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message) {
    super(message);
  }

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
