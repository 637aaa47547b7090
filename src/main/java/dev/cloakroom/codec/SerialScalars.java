package dev.cloakroom.codec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The Java serialization bytes of the commonest attribute values, written and read without an object
 * stream: a {@code String} of up to 65,535 ASCII characters other than NUL, an {@code Integer}, a
 * {@code Long} and a {@code Boolean}. Opening an object stream costs more than all the rest of encoding
 * or decoding such a value. The bytes are exactly those {@link ObjectOutputStream} writes (the templates
 * are taken from it when this class loads, and checked), so an object stream reads what this writes and
 * the other way round: stored sessions keep their format. Any other value, or bytes of another form,
 * take the object stream. Immutable, thread-safe.
 */
final class SerialScalars {

  /** What {@link #decode} answers for bytes it does not read itself. */
  static final Object NONE = new Object();

  /** Stream magic, version, {@code TC_STRING}; then the length in two bytes and modified UTF-8. */
  private static final byte[] STRING = {(byte) 0xAC, (byte) 0xED, 0, 5, 0x74};
  private static final int MAX_STRING = 65_535;

  /** The bytes of the value 0 without its last 4 (8) bytes, which hold the value; null if unusable. */
  private static final byte[] INT = prefix(0x01020304, Integer.BYTES);
  private static final byte[] LONG = prefix(0x0102030405060708L, Long.BYTES);
  private static final byte[] TRUE = serialize(Boolean.TRUE);
  private static final byte[] FALSE = serialize(Boolean.FALSE);

  private final boolean strings;
  private final boolean numbers;
  private final boolean booleans;

  /**
   * @param strings  whether {@code String} is written and read here (the filter lets {@link #samples} through)
   * @param numbers  whether {@code Integer} and {@code Long} are
   * @param booleans whether {@code Boolean} is
   */
  SerialScalars(boolean strings, boolean numbers, boolean booleans) {
    this.strings = strings;
    this.numbers = numbers && INT != null && LONG != null;
    this.booleans = booleans && TRUE != null && FALSE != null;
  }

  /**
   * Samples of each kind as an object stream writes them ({@code String}; {@code Integer} and
   * {@code Long}; {@code Boolean}), for checking what a filter lets through.
   */
  static byte[][][] samples() {
    return new byte[][][] {{serialize("a")}, {serialize(1), serialize(1L)}, {serialize(Boolean.TRUE)}};
  }

  /** The bytes of {@code value}, or null when it is not one of the kinds written here. */
  byte[] encode(Object value) {
    if (strings && value instanceof String s) {
      return string(s);
    }
    if (numbers && value instanceof Integer i) {
      return withValue(INT, i, Integer.BYTES);
    }
    if (numbers && value instanceof Long l) {
      return withValue(LONG, l, Long.BYTES);
    }
    if (booleans && value instanceof Boolean b) {
      return (b ? TRUE : FALSE).clone();
    }
    return null;
  }

  /** The value of {@code bytes}, or {@link #NONE} when they are not in a form read here. */
  Object decode(byte[] bytes) {
    int n = bytes.length;
    if (strings && n >= STRING.length + 2 && Arrays.equals(bytes, 0, STRING.length, STRING, 0, STRING.length)) {
      int length = ((bytes[5] & 0xff) << 8) | (bytes[6] & 0xff);
      if (n != STRING.length + 2 + length) {
        return NONE;
      }
      for (int i = STRING.length + 2; i < n; i++) {
        if (bytes[i] <= 0) { // NUL or not ASCII: modified UTF-8 is the object stream's to read
          return NONE;
        }
      }
      return new String(bytes, STRING.length + 2, length, StandardCharsets.ISO_8859_1);
    }
    if (numbers && n == INT.length + Integer.BYTES && startsWith(bytes, INT)) {
      return (int) value(bytes, INT.length, Integer.BYTES);
    }
    if (numbers && n == LONG.length + Long.BYTES && startsWith(bytes, LONG)) {
      return value(bytes, LONG.length, Long.BYTES);
    }
    if (booleans && Arrays.equals(bytes, TRUE)) {
      return Boolean.TRUE;
    }
    if (booleans && Arrays.equals(bytes, FALSE)) {
      return Boolean.FALSE;
    }
    return NONE;
  }

  private static byte[] string(String s) {
    int length = s.length();
    if (length > MAX_STRING) {
      return null;
    }
    byte[] out = new byte[STRING.length + 2 + length];
    System.arraycopy(STRING, 0, out, 0, STRING.length);
    out[5] = (byte) (length >>> 8);
    out[6] = (byte) length;
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (c == 0 || c > 0x7f) {
        return null;
      }
      out[STRING.length + 2 + i] = (byte) c;
    }
    return out;
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static byte[] withValue(byte[] prefix, long value, int width) {
    byte[] out = Arrays.copyOf(prefix, prefix.length + width);
    for (int i = 0; i < width; i++) {
      out[prefix.length + i] = (byte) (value >>> (8 * (width - 1 - i)));
    }
    return out;
  }

  private static long value(byte[] bytes, int from, int width) {
    long v = 0;
    for (int i = 0; i < width; i++) {
      v = (v << 8) | (bytes[from + i] & 0xff);
    }
    return v;
  }

  /**
   * The bytes an object stream writes for a number but its last {@code width} bytes, checked: the
   * bytes of {@code probe} must be those bytes followed by {@code probe} big-endian. Null if not.
   */
  private static byte[] prefix(long probe, int width) {
    Object sample = width == Integer.BYTES ? (Object) (int) probe : (Object) probe;
    Object zero = width == Integer.BYTES ? (Object) 0 : (Object) 0L;
    byte[] a = serialize(sample);
    byte[] b = serialize(zero);
    if (a == null || b == null || a.length != b.length || a.length <= width) {
      return null;
    }
    byte[] prefix = Arrays.copyOf(b, b.length - width);
    return startsWith(a, prefix) && Arrays.equals(withValue(prefix, probe, width), a) ? prefix : null;
  }

  private static byte[] serialize(Object value) {
    try {
      return SerializationCodec.serialize(value);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
