package dev.cloakroom.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloakroom.codec.shop.Cart;
import dev.cloakroom.codec.shop.Envelope;
import dev.cloakroom.codec.vault.Tripwire;
import dev.cloakroom.codec.vault.Tripwires;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JSON codec on stored bytes an attacker wrote (a shared store, a restored backup): every one is a
 * {@link CodecException} whose message never quotes the value, and a class off the list is never loaded.
 */
class JsonCodecHostileTest {

  private static final String CART = Cart.class.getName();
  private static final String TRIPWIRE = Tripwire.class.getName();

  private final JsonCodec codec = new JsonCodec(JsonTypes.parse("dev.cloakroom.codec.shop.*"));
  private final RecordingLoader loader = new RecordingLoader();

  private Object decode(String json) {
    return codec.decode(json.getBytes(StandardCharsets.UTF_8), loader);
  }

  private static String tagged(String type, String valueJson) {
    return "{\"t\":\"" + type + "\",\"v\":" + valueJson + "}";
  }

  // ---- types off the list

  @Test
  void decodeWhenTypeNotListedThenCodecExceptionNamesItAndTheParameter() {
    assertThatThrownBy(() -> decode(tagged(TRIPWIRE, "{\"command\":\"calc\"}")))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot decode an attribute: class " + TRIPWIRE + " is not allowed (add it to jsonTypes if it is"
            + " safe to bind from JSON)");
  }

  @Test
  void decodeWhenTypeNotListedThenTheClassIsNeverLoadedNorInitialized() {
    assertThatThrownBy(() -> decode(tagged(TRIPWIRE, "{\"command\":\"calc\"}"))).isInstanceOf(CodecException.class);

    assertThat(loader.requested).doesNotContain(TRIPWIRE);
    assertThat(Tripwires.INITIALIZED).isFalse();
  }

  @Test
  void decodeWhenTypeListedThenLoadedThroughTheApplicationsLoader() {
    decode(tagged(CART, "{\"owner\":\"ann\"}"));

    assertThat(loader.requested).contains(CART); // the loader the other tests watch is the one used
  }

  @ParameterizedTest
  @ValueSource(strings = {"java.lang.ProcessBuilder", "java.util.HashMap", "javax.naming.InitialContext",
      "com.sun.rowset.JdbcRowSetImpl", "jdk.internal.misc.Unsafe", "sun.misc.Unsafe"})
  void decodeWhenPlatformClassOutsideTheBuiltInsThenRefusedUnloaded(String type) {
    assertThatThrownBy(() -> decode(tagged(type, "{}")))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot decode an attribute: class " + type + " is not one of the JSON codec's built-in types");
    assertThat(loader.requested).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"[Ldev.cloakroom.codec.shop.Cart;", "dev/cloakroom/codec/shop/Cart",
      "dev.cloakroom.codec.shop.Cart ", " dev.cloakroom.codec.shop.Cart", "dev.cloakroom.codec.shop..Cart",
      "dev.cloakroom.codec.shop.Cart\\u0000", "dev.cloakroom.codec.shop.\\u0421art", ".dev.cloakroom.codec.shop.Cart",
      "dev.cloakroom.codec.shop.", "", "dev.cloakroom.codec.shop.Cart[]"})
  void decodeWhenTypeNameIsNoPlainClassNameThenRefusedUnloadedAndNotEchoed(String type) {
    assertThatThrownBy(() -> decode(tagged(type, "{}")))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("cannot decode an attribute: the type name is not a class name at line 1");
    assertThat(loader.requested).isEmpty();
  }

  @Test
  void decodeWhenTypeNameLongerThanAnyClassNameThenRefusedUnloaded() {
    String type = "dev.cloakroom.codec.shop." + "a".repeat(JsonTypes.MAX_NAME);

    assertThatThrownBy(() -> decode(tagged(type, "{}"))).isInstanceOf(CodecException.class)
        .hasMessageStartingWith("cannot decode an attribute: the type name is not a class name");
    assertThat(loader.requested).isEmpty();
  }

  @Test
  void decodeWhenListedNameMissingFromTheLoaderThenCodecExceptionNotFound() {
    assertThatThrownBy(() -> decode(tagged("dev.cloakroom.codec.shop.Gone", "{}")))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot decode an attribute: class dev.cloakroom.codec.shop.Gone is not found");
  }

  @Test
  void decodeWhenTypeIdInsideTheValueNamesAClassThenItIsOnlyAPropertyAndNeverLoaded() {
    String payload = "{\"@class\":\"" + TRIPWIRE + "\",\"command\":\"calc\"}";

    Envelope e = (Envelope) decode(tagged(Envelope.class.getName(), "{\"label\":\"x\",\"payload\":" + payload + "}"));

    assertThat(e.payload()).isEqualTo(Map.of("@class", TRIPWIRE, "command", "calc"));
    assertThat(loader.requested).doesNotContain(TRIPWIRE);
    assertThat(Tripwires.INITIALIZED).isFalse();
  }

  @Test
  void encodeWhenFieldAnnotatedForPolymorphismThenNoTypeIdWritten() {
    byte[] bytes = codec.encode(new Envelope("x", new Cart("ann", null, null, null)));

    assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotContain("@class").contains("\"payload\":{\"owner\"");
  }

  // ---- bounds

  @Test
  void decodeWhenNestedDeeperThanMaxDepthThenLimitsExceeded() {
    String deep = "{\"t\":\"java.util.List\",\"v\":[".repeat(10_000) + "]}".repeat(10_000);

    assertThatThrownBy(() -> decode(deep))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("cannot decode an attribute: the value exceeds the limits (Document nesting depth ("
            + (JsonCodec.MAX_DEPTH + 1) + ") exceeds the maximum allowed (" + JsonCodec.MAX_DEPTH);
  }

  @Test
  void decodeWhenNestedDeepInsideAListedClassThenLimitsExceeded() {
    String deep = "{\"payload\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}"; // an Object field nests freely

    assertThatThrownBy(() -> decode(tagged(Envelope.class.getName(), deep)))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("cannot decode an attribute: the value exceeds the limits (Document nesting depth");
  }

  @Test
  void decodeWhenStringLongerThanMaxStringThenLimitsExceeded() {
    String huge = "\"" + "x".repeat(JsonCodec.MAX_STRING + 1) + "\"";

    assertThatThrownBy(() -> decode(tagged("java.lang.String", huge)))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("cannot decode an attribute: the value exceeds the limits (String value length ("
            + (JsonCodec.MAX_STRING + 1) + ") exceeds the maximum allowed (" + JsonCodec.MAX_STRING);
  }

  @Test
  void decodeWhenMoreTokensThanMaxTokensThenLimitsExceeded() {
    String many = "[" + "1,".repeat(JsonCodec.MAX_TOKENS) + "1]";

    assertThatThrownBy(() -> decode(tagged("java.util.List", many)))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("cannot decode an attribute: the value exceeds the limits (Token count (");
  }

  @Test
  void decodeWhenNumberLongerThanMaxNumberThenLimitsExceeded() {
    String digits = "9".repeat(JsonCodec.MAX_NUMBER + 1);

    assertThatThrownBy(() -> decode(tagged("java.math.BigInteger", digits)))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("cannot decode an attribute: the value exceeds the limits (Number value length");
  }

  @Test
  void decodeWhenBytesOverMaxBytesThenRefusedBeforeParsing() {
    byte[] bytes = new byte[JsonCodec.MAX_BYTES + 1]; // not even JSON: the size alone decides

    assertThatThrownBy(() -> codec.decode(bytes, loader))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot decode an attribute: the value exceeds the limits (" + (JsonCodec.MAX_BYTES + 1)
            + " bytes, more than the " + JsonCodec.MAX_BYTES + " a value may take)");
  }

  // ---- shapes

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"t\":\"java.lang.Integer\",\"v\":\"secret-42\"}",
      "{\"t\":\"java.lang.Integer\",\"v\":4.5}",
      "{\"t\":\"java.lang.Integer\",\"v\":4294967296}",
      "{\"t\":\"java.lang.Long\",\"v\":true}",
      "{\"t\":\"java.lang.Byte\",\"v\":300}",
      "{\"t\":\"java.lang.Character\",\"v\":\"secret\"}",
      "{\"t\":\"java.lang.String\",\"v\":42}",
      "{\"t\":\"java.lang.Boolean\",\"v\":\"true\"}",
      "{\"t\":\"java.math.BigInteger\",\"v\":1e999999}",
      "{\"t\":\"java.time.Instant\",\"v\":\"secret-yesterday\"}",
      "{\"t\":\"java.util.UUID\",\"v\":\"secret\"}",
      "{\"t\":\"java.net.URI\",\"v\":\"secret spaces\"}",
      "{\"t\":\"java.time.ZoneId\",\"v\":\"secret/zone\"}",
      "{\"t\":\"java.util.List\",\"v\":{\"secret\":1}}",
      "{\"t\":\"java.util.Map\",\"v\":[\"secret\"]}",
      "{\"t\":\"java.util.List\",\"v\":[1.5]}",
      "{\"t\":\"java.util.List\",\"v\":[[\"secret\"]]}",
      "{\"t\":\"java.util.List\",\"v\":[{\"secret\":1}]}",
      "{\"t\":\"java.lang.String\",\"v\":null}",
  })
  void decodeWhenValueDoesNotFitItsBuiltInTypeThenCodecExceptionWithoutTheValue(String json) {
    assertThatThrownBy(() -> decode(json))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("cannot decode an attribute: ")
        .hasMessageNotContaining("secret");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"t\":\"dev.cloakroom.codec.shop.Cart\",\"v\":[\"secret\"]}",
      "{\"t\":\"dev.cloakroom.codec.shop.Cart\",\"v\":{\"lines\":\"secret\"}}",
      "{\"t\":\"dev.cloakroom.codec.shop.Cart\",\"v\":{\"lines\":[{\"quantity\":\"12\"}]}}",
      "{\"t\":\"dev.cloakroom.codec.shop.Cart\",\"v\":{\"updated\":\"secret\"}}",
      "{\"t\":\"dev.cloakroom.codec.shop.Size\",\"v\":\"SECRET\"}",
      "{\"t\":\"dev.cloakroom.codec.shop.Cart\",\"v\":null}",
  })
  void decodeWhenValueDoesNotFitItsListedClassThenCodecExceptionWithoutTheValue(String json) {
    assertThatThrownBy(() -> decode(json))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("cannot decode an attribute: ")
        .hasMessageNotContainingAny("secret", "SECRET", "12");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "\"secret\"", "[]", "null", "{}", "{\"v\":\"secret\",\"t\":\"java.lang.String\"}",
      "{\"t\":\"java.lang.String\"}", "{\"t\":\"java.lang.String\",\"v\":\"a\",\"x\":1}",
      "{\"t\":\"java.lang.String\",\"t\":\"java.lang.String\",\"v\":\"a\"}",
      "{\"t\":\"java.lang.String\",\"v\":\"a\",\"v\":\"b\"}",
      "{\"t\":\"java.lang.String\",\"v\":\"a\"}{\"t\":\"java.lang.String\",\"v\":\"b\"}",
      "{\"t\":\"java.lang.String\",\"v\":\"a\"} secret", "{\"t\":\"java.lang.String\",\"v\":\"unterminated secret",
      "{\"t\":java.lang.String,\"v\":\"a\"}", "{'t':'java.lang.String','v':'secret'}",
      "{\"t\":\"java.lang.String\",\"v\":\"a\"", "\u00ac\u00ed"})
  void decodeWhenNotOneEnvelopeOfTypeThenValueThenCodecException(String json) {
    assertThatThrownBy(() -> decode(json))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("cannot decode an attribute: ")
        .hasMessageNotContaining("secret");
  }

  @Test
  void decodeWhenDuplicateKeyInsideAListedClassThenCodecException() {
    assertThatThrownBy(() -> decode(tagged(CART, "{\"owner\":\"ann\",\"owner\":\"eve\"}")))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("cannot decode an attribute: the bytes are not valid JSON at line 1, column ");
  }

  @Test
  void decodeWhenJavaSerializationBytesThenCodecExceptionSaysWhichCodecWroteThem() {
    byte[] bytes = new SerializationCodec(null).encode("hello");

    assertThatThrownBy(() -> codec.decode(bytes, loader))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot decode an attribute: it was written by Java serialization (codec=java); codec=json,java"
            + " reads such values while they are migrated");
  }
}
