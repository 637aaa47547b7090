package dev.cloakroom.codec;

import java.util.Objects;

/**
 * Both built-in codecs at once, for switching a live store from one to the other ({@code codec=json,java}
 * or {@code codec=java,json}): values are written by the first, and read by the codec that wrote them,
 * told by their first bytes ({@link Formats}). Bytes of neither format go to the JSON codec, which refuses
 * them. Thread-safe (immutable).
 */
final class MigratingCodec implements AttributeCodec {

  private final AttributeCodec java;
  private final AttributeCodec json;
  private final boolean writesJson;

  /**
   * @param java       the Java serialization codec
   * @param json       the JSON codec
   * @param writesJson whether new values are written as JSON (else by Java serialization)
   */
  MigratingCodec(AttributeCodec java, AttributeCodec json, boolean writesJson) {
    this.java = Objects.requireNonNull(java, "java");
    this.json = Objects.requireNonNull(json, "json");
    this.writesJson = writesJson;
  }

  @Override
  public byte[] encode(Object value) {
    return (writesJson ? json : java).encode(value);
  }

  @Override
  public Object decode(byte[] bytes, ClassLoader loader) {
    Objects.requireNonNull(bytes, "bytes");
    return (Formats.isJavaSerialization(bytes) ? java : json).decode(bytes, loader);
  }
}
