package dev.cloakroom.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloakroom.codec.shop.Badge;
import dev.cloakroom.codec.shop.Basket;
import dev.cloakroom.codec.shop.BasketV2;
import dev.cloakroom.codec.shop.BasketV3;
import dev.cloakroom.codec.shop.BasketV4;
import dev.cloakroom.codec.shop.Cart;
import dev.cloakroom.codec.shop.Drawing;
import dev.cloakroom.codec.shop.Size;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The JSON codec on well-formed values: what it writes, what it reads back, and what survives a class change. */
class JsonCodecTest {

  private static final ClassLoader LOADER = JsonCodecTest.class.getClassLoader();
  private static final String CART = Cart.class.getName();

  private final JsonCodec codec = new JsonCodec(JsonTypes.parse("dev.cloakroom.codec.shop.*"));

  private Object roundTrip(Object value) {
    return codec.decode(codec.encode(value), LOADER);
  }

  private String json(Object value) {
    return new String(codec.encode(value), StandardCharsets.UTF_8);
  }

  private static Cart cart() {
    return new Cart("ann", List.of(new Cart.Line("tea", 2, new BigDecimal("3.50"))),
        Instant.parse("2026-01-01T10:15:30.123Z"), Size.LARGE);
  }

  static Stream<Object> builtIns() {
    return Stream.of("hello", "", 42, Integer.MIN_VALUE, 1L << 40, -7L, (short) 300, (byte) -3, 'x', true, false,
        1.5d, 1.0d, -0.0d, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.1f, Float.NaN,
        new BigInteger("123456789012345678901234567890"), new BigDecimal("9.99"), new BigDecimal("1E+3"),
        new BigDecimal("10"), UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
        URI.create("https://example.com/a?b=c#d"), Instant.parse("2026-01-01T10:15:30.123456789Z"),
        LocalDate.of(2026, 1, 31), LocalTime.of(23, 59, 1), LocalDateTime.of(2026, 2, 3, 4, 5, 6),
        OffsetDateTime.parse("2026-01-01T10:15:30+02:00"), OffsetTime.parse("10:15:30-05:00"),
        ZonedDateTime.parse("2026-03-29T02:30+01:00[Europe/Paris]"), Duration.ofMinutes(90), Period.of(1, 2, 3),
        Year.of(2026), YearMonth.of(2026, 2), MonthDay.of(2, 29), ZoneOffset.ofHours(-3), ZoneId.of("Asia/Tokyo"),
        DayOfWeek.FRIDAY, Month.DECEMBER);
  }

  @ParameterizedTest
  @MethodSource("builtIns")
  void roundTripWhenBuiltInTypeThenEqualValueOfTheSameClass(Object value) {
    Object back = roundTrip(value);

    assertThat(back).isEqualTo(value);
    assertThat(back.getClass()).isEqualTo(value.getClass());
  }

  @Test
  void roundTripWhenListedRecordThenEqual() {
    assertThat(roundTrip(cart())).isEqualTo(cart());
  }

  @Test
  void roundTripWhenListedEnumThenSameConstant() {
    assertThat(roundTrip(Size.SMALL)).isSameAs(Size.SMALL);
  }

  @Test
  void roundTripWhenListOfMixedValuesThenEqualArrayList() {
    List<Object> list = new ArrayList<>(List.of("tea", 2, 3L, true, new BigDecimal("1.10"), cart()));
    list.add(null);

    Object back = roundTrip(list);

    assertThat(back).isInstanceOf(ArrayList.class).isEqualTo(list);
  }

  @Test
  void roundTripWhenImmutableSetThenEqualSet() {
    assertThat(roundTrip(Set.of("a", "b", "c"))).isEqualTo(Set.of("a", "b", "c"));
  }

  @Test
  void roundTripWhenNestedMapsAndListsThenEqual() {
    Map<String, Object> map = new HashMap<>();
    map.put("theme", "dark");
    map.put("visits", 3);
    map.put("seen", new TreeMap<>(Map.of("home", Instant.parse("2026-01-01T00:00:00Z"))));
    map.put("tags", List.of(List.of("a"), Set.of(7L)));

    assertThat(roundTrip(map)).isEqualTo(map);
  }

  @Test
  void encodeWhenStringThenTypeBesideValue() {
    assertThat(json("hello")).isEqualTo("{\"t\":\"java.lang.String\",\"v\":\"hello\"}");
  }

  @Test
  void encodeWhenListThenPlainJsonElementsBareAndOthersTagged() {
    assertThat(json(List.of("tea", 2, true, 3L)))
        .isEqualTo("{\"t\":\"java.util.List\",\"v\":[\"tea\",2,true,{\"t\":\"java.lang.Long\",\"v\":3}]}");
  }

  @Test
  void encodeWhenRecordThenItsFieldsAsJsonAndTimeAsIso8601() {
    assertThat(json(cart())).isEqualTo("{\"t\":\"" + CART + "\",\"v\":{\"owner\":\"ann\",\"lines\":[{\"sku\":\"tea\","
        + "\"quantity\":2,\"price\":3.50}],\"updated\":\"2026-01-01T10:15:30.123Z\",\"size\":\"LARGE\"}}");
  }

  @Test
  void encodeWhenDecodedValueEncodedAgainThenSameBytes() {
    Map<String, Object> map = new HashMap<>();
    for (int i = 0; i < 50; i++) {
      map.put("k" + i, i % 2 == 0 ? Set.of("x" + i, "y" + i) : cart());
    }
    byte[] first = codec.encode(map);

    byte[] second = codec.encode(codec.decode(first, LOADER));

    assertThat(second).isEqualTo(first); // else every request that reads it would write it again
  }

  @Test
  void encodeWhenClassNotListedThenCodecExceptionNamesJsonTypes() {
    JsonCodec none = new JsonCodec(JsonTypes.NONE);

    assertThatThrownBy(() -> none.encode(cart()))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot encode an attribute of class " + CART + ": it is not in jsonTypes (add it if it is safe"
            + " to bind from JSON)");
  }

  @Test
  void encodeWhenListHoldsClassNotListedThenCodecException() {
    JsonCodec none = new JsonCodec(JsonTypes.NONE);

    assertThatThrownBy(() -> none.encode(List.of("ok", cart())))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("class " + CART + ": it is not in jsonTypes");
  }

  @Test
  void encodeWhenJdkClassOutsideTheBuiltInsThenCodecException() {
    assertThatThrownBy(() -> codec.encode(new Date(0)))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot encode an attribute of class java.util.Date: the JSON codec does not support this JDK"
            + " class (see its built-in types)");
    assertThatThrownBy(() -> codec.encode(new ArrayDeque<>(List.of(1))))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("java.util.ArrayDeque");
  }

  @Test
  void encodeWhenMapKeyNotStringThenCodecException() {
    assertThatThrownBy(() -> codec.encode(Map.of(1, "one")))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot encode an attribute: a map key of class java.lang.Integer (the JSON codec stores maps"
            + " with String keys only)");
  }

  @Test
  void encodeWhenListContainsItselfThenCodecExceptionNotStackOverflow() {
    List<Object> cycle = new ArrayList<>();
    cycle.add(cycle);

    assertThatThrownBy(() -> codec.encode(cycle))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot encode an attribute of class java.util.ArrayList: it nests deeper than "
            + JsonCodec.MAX_DEPTH + " levels (a cycle?)");
  }

  @Test
  void encodeWhenCycleThroughAListedClassThenCodecExceptionNotStackOverflow() {
    List<Object> cycle = new ArrayList<>();
    dev.cloakroom.codec.shop.Envelope envelope = new dev.cloakroom.codec.shop.Envelope("loop", cycle);
    cycle.add(envelope);

    assertThatThrownBy(() -> codec.encode(envelope))
        .isInstanceOf(CodecException.class)
        .hasMessage("cannot encode an attribute of class dev.cloakroom.codec.shop.Envelope: it nests deeper than "
            + JsonCodec.MAX_DEPTH + " levels (a cycle?)");
  }

  @Test
  void encodeWhenOverMaxBytesThenCodecException() {
    List<String> big = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      big.add("x".repeat(JsonCodec.MAX_BYTES / 4));
    }

    assertThatThrownBy(() -> codec.encode(big))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("cannot encode an attribute of class java.util.ArrayList: it takes ")
        .hasMessageEndingWith(" bytes, more than the " + JsonCodec.MAX_BYTES + " that decoding accepts");
  }

  @Test
  void roundTripWhenListedClassHoldsAnArrayThenItsContentComesBack() {
    Badge back = (Badge) roundTrip(new Badge("gold", new int[] {1, 2}));

    assertThat(back.levels()).containsExactly(1, 2);
  }

  @Test
  void decodeWhenFieldOfAnAbstractTypeThenCodecExceptionForPolymorphismIsNotSupported() {
    byte[] bytes = codec.encode(new Drawing(new Drawing.Circle(3)));

    assertThatThrownBy(() -> codec.decode(bytes, LOADER))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("cannot decode an attribute: class " + Drawing.class.getName()
            + " cannot be read from JSON: Cannot construct instance of `" + Drawing.Shape.class.getName() + "`");
  }

  // ---- class changes that keep the JSON shape

  /** The bytes of {@code value}, as if its class had since been renamed {@code to}: a new version of it. */
  private byte[] storedAs(Object value, Class<?> to) {
    String json = json(value).replace("\"t\":\"" + value.getClass().getName() + "\"", "\"t\":\"" + to.getName() + "\"");
    return json.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void decodeWhenClassGainedFieldsThenTheyTakeTheirDefaults() {
    byte[] v1 = storedAs(new Basket("ann", List.of("tea"), "SPRING"), BasketV2.class);

    BasketV2 v2 = (BasketV2) codec.decode(v1, LOADER);

    assertThat(v2.getOwner()).isEqualTo("ann");
    assertThat(v2.getItems()).containsExactly("tea");
    assertThat(v2.getNote()).isEqualTo("none");
    assertThat(v2.getPriority()).isZero();
  }

  @Test
  void decodeWhenClassLostAFieldThenItsValueIsIgnored() {
    byte[] v1 = storedAs(new Basket("ann", List.of("tea"), "SPRING"), BasketV2.class);

    assertThat(codec.decode(v1, LOADER)).isInstanceOf(BasketV2.class);
  }

  @Test
  void decodeWhenFieldRenamedWithItsOldNameAsAliasThenValueKept() {
    byte[] v1 = storedAs(new Basket("ann", List.of("tea"), null), BasketV4.class);

    assertThat(codec.decode(v1, LOADER)).isEqualTo(new BasketV4("ann", List.of("tea")));
  }

  @Test
  void decodeWhenFieldChangedItsJsonShapeThenCodecExceptionNamesTheClassOnly() {
    byte[] v1 = storedAs(new Basket("ann", List.of("secret-item"), null), BasketV3.class);

    assertThatThrownBy(() -> codec.decode(v1, LOADER))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("cannot decode an attribute: the JSON does not fit class " + BasketV3.class.getName()
            + " (MismatchedInputException at line 1, column ")
        .hasMessageNotContaining("secret-item");
  }
}
