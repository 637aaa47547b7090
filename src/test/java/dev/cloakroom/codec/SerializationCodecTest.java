package dev.cloakroom.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import javax.management.BadAttributeValueExpException;
import org.junit.jupiter.api.Test;

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

  @Test
  void roundTripWhenStringThenEqual() {
    assertThat(roundTrip("hello")).isEqualTo("hello");
  }

  @Test
  void roundTripWhenIntegerThenEqual() {
    assertThat(roundTrip(42)).isEqualTo(42);
  }

  @Test
  void roundTripWhenArrayListOfStringsThenEqual() {
    ArrayList<String> list = new ArrayList<>(List.of("a", "b"));

    assertThat(roundTrip(list)).isEqualTo(list);
  }

  @Test
  void roundTripWhenImmutableListThenEqual() {
    assertThat(roundTrip(List.of("a", "b", "c"))).isEqualTo(List.of("a", "b", "c"));
  }

  @Test
  void roundTripWhenHashMapOfValuesThenEqual() {
    HashMap<String, Object> map = new HashMap<>();
    map.put("n", 1L);
    map.put("price", new BigDecimal("9.99"));
    map.put("id", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
    map.put("home", URI.create("https://example.com/"));
    map.put("day", DayOfWeek.MONDAY);

    assertThat(roundTrip(map)).isEqualTo(map);
  }

  @Test
  void roundTripWhenLocalDateThenEqual() {
    assertThat(roundTrip(LocalDate.of(2026, 1, 31))).isEqualTo(LocalDate.of(2026, 1, 31));
  }

  @Test
  void roundTripWhenInstantThenEqual() {
    Instant instant = Instant.parse("2026-01-01T10:15:30.123Z");

    assertThat(roundTrip(instant)).isEqualTo(instant);
  }

  @Test
  void roundTripWhenIntArrayThenEqual() {
    assertThat((int[]) roundTrip(new int[] {1, 2, 3})).containsExactly(1, 2, 3);
  }

  @Test
  void roundTripWhenRecordAllowedByExtraPatternThenEqual() {
    Cart cart = new Cart("ann", List.of("tea"));

    assertThat(roundTrip(cart)).isEqualTo(cart);
  }

  @Test
  void decodeWhenClassNotAllowedThenCodecExceptionNamesIt() {
    byte[] bytes = codec.encode(new Secret("s3cr3t"));

    assertThatThrownBy(() -> codec.decode(bytes, LOADER))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot decode an attribute: class " + Secret.class.getName()
            + " is not allowed (add it to serializationFilter if it is safe)")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void decodeWhenJdkGadgetClassThenRejected() {
    byte[] bytes = codec.encode(new BadAttributeValueExpException("x"));

    assertThatThrownBy(() -> codec.decode(bytes, LOADER))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot decode an attribute: class javax.management.BadAttributeValueExpException"
            + " is not allowed (add it to serializationFilter if it is safe)");
  }

  @Test
  void decodeWhenProxyThenRejectedBeforeDefiningIt() {
    Object proxy = Proxy.newProxyInstance(LOADER, new Class<?>[] {Runnable.class}, new Handler());
    byte[] bytes = codec.encode(proxy);

    assertThatThrownBy(() -> codec.decode(bytes, LOADER))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot decode an attribute: proxy classes are not allowed");
  }

  @Test
  void decodeWhenUrlThenRejected() throws Exception {
    byte[] bytes = codec.encode(new URL("https://example.com/"));

    assertThatThrownBy(() -> codec.decode(bytes, LOADER))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("cannot decode an attribute: class java.net.URL is not allowed");
  }

  @Test
  void decodeWhenHashtableThenRejected() {
    byte[] bytes = codec.encode(new Hashtable<>(Map.of("k", "v")));

    assertThatThrownBy(() -> codec.decode(bytes, LOADER))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("cannot decode an attribute: class java.util.Hashtable is not allowed");
  }

  @Test
  void decodeWhenBytesCorruptThenCodecException() {
    byte[] bytes = "not a serialized object".getBytes(StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> codec.decode(bytes, LOADER))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot decode an attribute: the bytes are corrupt (StreamCorruptedException)");
  }

  @Test
  void decodeWhenBytesTruncatedThenCodecException() {
    byte[] whole = codec.encode(new ArrayList<>(List.of("a", "b")));
    byte[] bytes = Arrays.copyOf(whole, whole.length - 3);

    assertThatThrownBy(() -> codec.decode(bytes, LOADER))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("cannot decode an attribute: the bytes are corrupt (");
  }

  @Test
  void encodeWhenValueNotSerializableThenCodecExceptionNamesClass() {
    assertThatThrownBy(() -> codec.encode(new Object()))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot encode an attribute of class java.lang.Object: class java.lang.Object is not Serializable");
  }

  @Test
  void encodeWhenElementNotSerializableThenCodecExceptionNamesBoth() {
    ArrayList<Object> list = new ArrayList<>(List.of(new Object()));

    assertThatThrownBy(() -> codec.encode(list))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot encode an attribute of class java.util.ArrayList: class java.lang.Object is not Serializable");
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
  void decodeWhenNestedBeyondMaxDepthThenRejected() {
    List<Object> value = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      List<Object> outer = new ArrayList<>();
      outer.add(value);
      value = outer;
    }
    byte[] bytes = codec.encode(value);

    assertThatThrownBy(() -> codec.decode(bytes, LOADER))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("cannot decode an attribute: the value exceeds the limits (depth 21,");
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
