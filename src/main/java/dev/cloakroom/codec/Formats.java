package dev.cloakroom.codec;

import java.util.Objects;

/**
 * What the two built-in codecs share about stored bytes: which codec wrote them, told by their first
 * bytes (Java serialization's stream header {@code AC ED}, or the <code>{"t":</code> that opens every value
 * of the JSON codec), and the size bound of one value. Jackson-free.
 */
final class Formats {

  /** Most bytes one encoded value may take, written or read, in either format. */
  static final int MAX_BYTES = 1_048_576;

  private Formats() {}

  /** Whether {@code bytes} start with Java serialization's stream magic, {@code AC ED}. */
  static boolean isJavaSerialization(byte[] bytes) {
    return bytes.length >= 2 && bytes[0] == (byte) 0xAC && bytes[1] == (byte) 0xED;
  }

  /** Whether {@code bytes} start as the JSON codec's values do, with <code>{"t":</code>. */
  static boolean isJson(byte[] bytes) {
    return bytes.length >= 5 && bytes[0] == '{' && bytes[1] == '"' && bytes[2] == 't' && bytes[3] == '"'
        && bytes[4] == ':';
  }

  /**
   * Refuses, before anything is decoded, a value over {@link #MAX_BYTES} and a value the other built-in
   * codec wrote (naming the migration setting that reads it).
   *
   * @param json whether the JSON codec is to decode {@code bytes} (else Java serialization)
   */
  static void checkDecodable(byte[] bytes, boolean json) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length > MAX_BYTES) {
      throw new CodecException("cannot decode an attribute: the value exceeds the limits (" + bytes.length
          + " bytes, more than the " + MAX_BYTES + " a value may take)", null);
    }
    if (json ? isJavaSerialization(bytes) : isJson(bytes)) {
      throw new CodecException("cannot decode an attribute: it was written by " + (json
          ? "Java serialization (codec=java); codec=json,java" : "the JSON codec (codec=json); codec=java,json")
          + " reads such values while they are migrated", null);
    }
  }

  /** Refuses an encoded value of class {@code type} that took {@code size} bytes, over {@link #MAX_BYTES}. */
  static void checkEncodedSize(String type, int size) {
    if (size > MAX_BYTES) {
      throw new CodecException("cannot encode an attribute of class " + type + ": it takes " + size
          + " bytes, more than the " + MAX_BYTES + " that decoding accepts", null);
    }
  }
}
