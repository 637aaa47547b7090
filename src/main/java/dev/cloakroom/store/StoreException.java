package dev.cloakroom.store;

/**
 * A store operation failed. Messages name the operation and, where there is one, the session's
 * id tag (a short keyed hash, the only form of an id fit for logs), never a raw id or store key.
 *
 * @since 0.1
 */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
