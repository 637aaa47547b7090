package dev.cloakroom.codec;

import static dev.cloakroom.support.ObjectStreams.serialized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The short cut for strings, integers, longs and booleans writes and reads exactly the bytes of Java
 * serialization, so stores keep their format, and it never lets through what the filter would not.
 */
class SerialScalarsTest {

  private final SerialScalars scalars = new SerialScalars(true, true, true);
  private final SerializationCodec codec = new SerializationCodec(null);

  static Stream<Object> shortCutValues() {
    return Stream.of("", "a", "SKU-100234", "~".repeat(65_535), Integer.MIN_VALUE, -1, 0, 1, 0x7f, 0x80, 1_000_000,
        Integer.MAX_VALUE, Long.MIN_VALUE, -1L, 0L, 1L, 1L << 40, Long.MAX_VALUE, true, false);
  }

  static Stream<Object> streamValues() {
    return Stream.of("grüße", "a\0b", "x".repeat(65_536), (short) 1, 1.5d, 'c', java.util.List.of("a"));
  }

  @ParameterizedTest
  @MethodSource("shortCutValues")
  void encodeWhenCommonValueThenTheBytesOfJavaSerialization(Object value) {
    assertThat(scalars.encode(value)).isEqualTo(serialized(value));
  }

  @ParameterizedTest
  @MethodSource("shortCutValues")
  void decodeWhenJavaSerializationOfCommonValueThenTheValue(Object value) {
    assertThat(scalars.decode(serialized(value))).isEqualTo(value);
  }

  @ParameterizedTest
  @MethodSource("streamValues")
  void encodeAndDecodeWhenOtherValueThenLeftToTheObjectStream(Object value) {
    assertThat(scalars.encode(value)).isNull();
    assertThat(scalars.decode(serialized(value))).isSameAs(SerialScalars.NONE);
    assertThat(codec.decode(codec.encode(value), null)).isEqualTo(value);
  }

  @Test
  void decodeWhenStringLengthDisagreesWithBytesThenCorruptAsBefore() {
    byte[] bytes = serialized("SKU-100234");
    bytes[6]++; // the length now says 11 characters, the bytes hold 10
    assertThat(scalars.decode(bytes)).isSameAs(SerialScalars.NONE);
    assertThatThrownBy(() -> codec.decode(bytes, null)).isInstanceOf(CodecException.class)
        .hasMessageStartingWith("cannot decode an attribute: the bytes are corrupt");
  }

  @Test
  void decodeWhenFilterRejectsIntegerThenRejectedAsByTheObjectStream() {
    SerializationCodec strict = new SerializationCodec("!java.lang.Integer");
    assertThatThrownBy(() -> strict.decode(serialized(7), null)).isInstanceOf(CodecException.class)
        .hasMessage("cannot decode an attribute: class java.lang.Integer is not allowed (add it to"
            + " serializationFilter if it is safe)");
    assertThat(strict.decode(serialized("still read"), null)).isEqualTo("still read");
  }

  @Test
  void decodeWhenFilterRejectsBooleanThenRejectedAsByTheObjectStream() {
    SerializationCodec strict = new SerializationCodec("!java.lang.Boolean");
    assertThatThrownBy(() -> strict.decode(serialized(true), null)).isInstanceOf(CodecException.class)
        .hasMessageContaining("class java.lang.Boolean is not allowed");
  }

  @Test
  void decodeWhenFilterLimitsBytesBelowANumberThenRejectedByTheObjectStream() {
    SerializationCodec strict = new SerializationCodec("maxbytes=60");
    assertThatThrownBy(() -> strict.decode(serialized(7), null)).isInstanceOf(CodecException.class)
        .hasMessageContaining("exceeds the limits");
    assertThat(strict.decode(serialized("short"), null)).isEqualTo("short");
  }
}
