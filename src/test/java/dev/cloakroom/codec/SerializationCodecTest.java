package dev.cloakroom.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.management.BadAttributeValueExpException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SerializationCodecTest {

  /** An application class the extra patterns allow. */
  record Cart(String owner, List<String> items) implements Serializable {}

  /** An application class nobody allowed. */
  record Secret(String text) implements Serializable {}

  /** A class whose serialVersionUID the tests pretend changed. */
  static final class Versioned implements Serializable {
    private static final long serialVersionUID = 1L;
    final String text = "v1";
  }

  /** A handler for the proxy gadget test. */
  static final class Handler implements InvocationHandler, Serializable {
    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
      return null;
    }
  }

  private static final String CART = Cart.class.getName();
  private static final String VERSIONED = Versioned.class.getName();
  private static final ClassLoader LOADER = SerializationCodecTest.class.getClassLoader();

  private final SerializationCodec codec = new SerializationCodec(CART + "; " + VERSIONED + ";" + Handler.class.getName());

  private Object roundTrip(Object value) {
    return codec.decode(codec.encode(value), LOADER);
  }

  static Stream<Arguments> allowedValues() {
    HashMap<String, Object> map = new HashMap<>();
    map.put("n", 1L);
    map.put("price", new BigDecimal("9.99"));
    map.put("id", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
    map.put("home", URI.create("https://example.com/"));
    map.put("day", DayOfWeek.MONDAY);
    return Stream.of(
        argumentSet("a String", "hello"),
        argumentSet("an Integer", 42),
        argumentSet("an ArrayList of Strings", new ArrayList<>(List.of("a", "b"))),
        argumentSet("an immutable List", List.of("a", "b", "c")),
        argumentSet("a HashMap of built-in values", map),
        argumentSet("a LocalDate", LocalDate.of(2026, 1, 31)),
        argumentSet("an Instant", Instant.parse("2026-01-01T10:15:30.123Z")),
        argumentSet("an int array", new int[] {1, 2, 3}),
        argumentSet("a record the extra patterns allow", new Cart("ann", List.of("tea"))));
  }

  @ParameterizedTest
  @MethodSource("allowedValues")
  void roundTripWhenAllowedThenEqual(Object value) {
    assertThat(roundTrip(value)).isEqualTo(value);
  }

  static Stream<Arguments> refusedValues() throws Exception {
    return Stream.of(
        argumentSet("an application class nobody allowed", new Secret("s3cr3t")),
        argumentSet("a JDK gadget class", new BadAttributeValueExpException("x")),
        argumentSet("a URL", new URL("https://example.com/")),
        argumentSet("a Hashtable", new Hashtable<>(Map.of("k", "v"))));
  }

  @ParameterizedTest
  @MethodSource("refusedValues")
  void decodeWhenClassNotAllowedThenCodecExceptionNamesItAndNothingOfTheValue(Object value) {
    byte[] bytes = codec.encode(value);

    assertThatThrownBy(() -> codec.decode(bytes, LOADER))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot decode an attribute: class " + value.getClass().getName()
            + " is not allowed (add it to serializationFilter if it is safe)")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void decodeWhenProxyThenRejectedBeforeDefiningIt() {
    Object proxy = Proxy.newProxyInstance(LOADER, new Class<?>[] {Runnable.class}, new Handler());
    byte[] bytes = codec.encode(proxy);

    assertThatThrownBy(() -> codec.decode(bytes, LOADER))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot decode an attribute: proxy classes are not allowed");
  }

  static Stream<Arguments> corruptBytes() {
    byte[] whole = new SerializationCodec(null).encode(new ArrayList<>(List.of("a", "b")));
    return Stream.of(
        argumentSet("not a serialized object", "not a serialized object".getBytes(StandardCharsets.US_ASCII),
            "StreamCorruptedException"),
        argumentSet("truncated", Arrays.copyOf(whole, whole.length - 3), "EOFException"));
  }

  @ParameterizedTest
  @MethodSource("corruptBytes")
  void decodeWhenBytesCorruptThenCodecExceptionNamesTheProblemOnly(byte[] bytes, String problem) {
    assertThatThrownBy(() -> codec.decode(bytes, LOADER))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot decode an attribute: the bytes are corrupt (" + problem + ")");
  }

  static Stream<Arguments> notSerializable() {
    return Stream.of(argumentSet("the value", new Object()),
        argumentSet("an element of the value", new ArrayList<>(List.of(new Object()))));
  }

  @ParameterizedTest
  @MethodSource("notSerializable")
  void encodeWhenSomethingNotSerializableThenCodecExceptionNamesTheValueAndTheCulprit(Object value) {
    assertThatThrownBy(() -> codec.encode(value))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot encode an attribute of class " + value.getClass().getName()
            + ": class java.lang.Object is not Serializable");
  }

  @Test
  void decodeWhenSerialVersionUidChangedThenCodecExceptionNamesClass() {
    byte[] bytes = codec.encode(new Versioned());
    int suid = indexOf(bytes, VERSIONED.getBytes(StandardCharsets.UTF_8)) + VERSIONED.length();
    bytes[suid + 7] = 2; // the stored class now says serialVersionUID 2; the loaded one says 1

    assertThatThrownBy(() -> codec.decode(bytes, LOADER))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot decode an attribute: class " + VERSIONED
            + " does not match the stored bytes (changed since they were written?)");
  }

  @Test
  void decodeWhenClassMissingFromLoaderThenCodecExceptionNamesClass() {
    byte[] bytes = codec.encode(new Versioned());
    ClassLoader platformOnly = new ClassLoader(ClassLoader.getPlatformClassLoader()) {};

    assertThatThrownBy(() -> codec.decode(bytes, platformOnly))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot decode an attribute: class " + VERSIONED + " is not found");
  }

  @Test
  void decodeWhenJdkClassAndBareLoaderThenFallsBackToPlatform() {
    ClassLoader platformOnly = new ClassLoader(ClassLoader.getPlatformClassLoader()) {};

    assertThat(codec.decode(codec.encode(LocalDate.of(2026, 1, 1)), platformOnly)).isEqualTo(LocalDate.of(2026, 1, 1));
  }

  @Test
  void constructorWhenPatternMalformedThenNamesParameter() {
    assertThatThrownBy(() -> new SerializationCodec("maxdepth=abc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("serializationFilter is not accepted: ");
  }

  @Test
  void patternWhenExtraGivenThenBetweenLimitsAndAllowList() {
    assertThat(new SerializationCodec(" com.example.* ;; ").pattern())
        .isEqualTo(SerializationCodec.LIMITS + ";com.example.*;" + SerializationCodec.ALLOW + ";!*");
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
