package dev.cloakroom.codec;

/**
 * Encodes and decodes one attribute value for storage. Implementations are thread-safe.
 *
 * @since 0.1
 */
public interface AttributeCodec {

  /**
   * Encodes a value.
   *
   * @throws CodecException if the value cannot be encoded (for Java serialization: not
   *     {@link java.io.Serializable}); the message names the class, never the value
   */
  byte[] encode(Object value);

  /**
   * Decodes stored bytes. Stored bytes are untrusted input.
   *
   * @param loader the class loader of the web application
   * @throws CodecException if the bytes do not decode: corrupt, a class that changed or vanished, or
   *     a class the allow-list rejects
   */
  Object decode(byte[] bytes, ClassLoader loader);
}
