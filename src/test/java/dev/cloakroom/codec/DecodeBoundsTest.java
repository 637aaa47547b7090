package dev.cloakroom.codec;

import static dev.cloakroom.support.ObjectStreams.serialized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, case 13: decoding a crafted stored value is bounded in depth, references, array length and
 * total bytes, each checked before the work or the allocation it would cost. A value
 * over a bound fails with {@link CodecException}, which the session turns into a dropped attribute.
 */
class DecodeBoundsTest {

  private static final ClassLoader LOADER = DecodeBoundsTest.class.getClassLoader();
  /** The documented byte limit of one value. */
  private static final int ONE_MIB = 1_048_576;
  private final SerializationCodec codec = new SerializationCodec(null);

  /** A stream that declares an array of {@code length} elements like {@code empty} and holds none of them. */
  private static byte[] declaringOnly(Object empty, int length) {
    byte[] bytes = serialized(empty);
    // an empty array's stream ends with its 4-byte length
    ByteBuffer.wrap(bytes, bytes.length - 4, 4).putInt(length);
    return bytes;
  }

  @Test
  void decodeWhenNestedDeeperThanTwentyThenRejected() {
    List<Object> value = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      List<Object> outer = new ArrayList<>();
      outer.add(value);
      value = outer;
    }
    byte[] bytes = serialized(value);

    assertThatThrownBy(() -> codec.decode(bytes, LOADER))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("cannot decode an attribute: the value exceeds the limits (depth 21,");
  }

  @Test
  void decodeWhenMoreThanHundredThousandReferencesThenRejected() {
    String shared = "s";
    List<Object> value = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      value.add(new ArrayList<>(java.util.Collections.nCopies(40_000, shared)));
    }
    byte[] bytes = serialized(value);
    assertThat(bytes.length).as("within the byte limit").isLessThan(ONE_MIB);

    assertThatThrownBy(() -> codec.decode(bytes, LOADER))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("the value exceeds the limits (")
        .hasMessageContaining("references 100001");
  }

  @Test
  void decodeWhenArrayDeclaresMoreThanHundredThousandElementsThenRejectedBeforeAllocating() {
    byte[] bytes = declaringOnly(new long[0], 1_000_000);

    assertThatThrownBy(() -> codec.decode(bytes, LOADER))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("the value exceeds the limits (")
        .hasMessageContaining("array length 1000000");
  }

  @Test
  void decodeWhenListDeclaresMoreThanHundredThousandElementsThenRejectedBeforeAllocating() {
    List<Object> small = new ArrayList<>(List.of("a"));
    byte[] bytes = serialized(small);
    // ArrayList writes its size twice (its field, then as capacity): make both say a million
    byte[] withSize = replaceAll(bytes, new byte[] {0, 0, 0, 1}, new byte[] {0, 0x0F, 0x42, 0x40});

    assertThatThrownBy(() -> codec.decode(withSize, LOADER))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("the value exceeds the limits (")
        .hasMessageContaining("array length 1000000");
  }

  @Test
  void decodeWhenLongStringOverOneMegabyteThenRejectedBeforeReading() {
    byte[] bytes = serialized("x".repeat(2 * ONE_MIB));

    assertThatThrownBy(() -> codec.decode(bytes, LOADER))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot decode an attribute: the value exceeds the limits (" + bytes.length
            + " bytes, more than the 1048576 a value may take)");
  }

  @Test
  void decodeWhenTypicalValuesNearTheBoundsThenDecoded() {
    Map<String, Integer> map = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      map.put("k" + i, i);
    }
    int[] numbers = new int[100_000];
    Arrays.fill(numbers, 7);
    String text = "y".repeat(500_000);

    assertThat(codec.decode(codec.encode(map), LOADER)).isEqualTo(map);
    assertThat((int[]) codec.decode(codec.encode(numbers), LOADER)).isEqualTo(numbers);
    assertThat(codec.decode(codec.encode(text), LOADER)).isEqualTo(text);
  }

  private static byte[] replaceAll(byte[] haystack, byte[] needle, byte[] replacement) {
    byte[] out = haystack.clone();
    int found = 0;
    for (int i = 0; i <= out.length - needle.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        System.arraycopy(replacement, 0, out, i, replacement.length);
        found++;
      }
    }
    assertThat(found).as("occurrences").isPositive();
    return out;
  }
}
