package dev.cloakroom.codec;

/**
 * A value could not be encoded or decoded.
 *
 * @since 0.1
 */
public class CodecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
