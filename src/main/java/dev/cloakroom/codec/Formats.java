package dev.cloakroom.codec;

/**
 * Which built-in codec wrote some stored bytes, told by their first bytes: Java serialization's stream
 * header {@code AC ED}, or the <code>{"t":</code> that opens every value of the JSON codec. Jackson-free.
 */
final class Formats {

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
}
