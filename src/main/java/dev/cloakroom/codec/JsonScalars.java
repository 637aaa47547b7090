package dev.cloakroom.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The JSON codec's built-in scalar types, always allowed: how each is written as a JSON value and read
 * back, strictly (an {@code Integer} is a JSON integer in range, never a string or a fraction). The
 * {@code java.time} types, {@code UUID} and {@code URI} are ISO-8601 (or their own) strings, as their
 * {@code toString()} writes them; numbers are JSON numbers; {@code NaN} and the infinities of
 * {@code Double} and {@code Float} are the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}.
 *
 * <p>{@link #timeModule()} gives the same string forms to Jackson, so fields of these {@code java.time}
 * types inside an application class are written and read alike (without Jackson's JSR-310 module).
 */
final class JsonScalars {

  /** Longest text a string-form value other than a {@code String} may take (an ISO-8601 time, a UUID, a URI). */
  static final int MAX_FORMATTED = 2048;

  /** One built-in type: its tag (the class name), how to write and read it. */
  record Scalar(String name, Class<?> type, Writer write, Reader read) {}

  @FunctionalInterface
  interface Writer {
    void write(JsonGenerator g, Object value) throws IOException;
  }

  @FunctionalInterface
  interface Reader {
    /** Reads the value at the parser's current token; null if the token does not fit. */
    Object read(JsonParser p) throws IOException;
  }

  private static final Map<String, Scalar> BY_NAME = new LinkedHashMap<>();
  private static final Map<Class<?>, Scalar> BY_CLASS = new LinkedHashMap<>();
  /** What {@link #timeModule()} gives Jackson: one entry per {@code java.time} type ({@link #time}). */
  private static final List<Consumer<SimpleModule>> TIME_FIELDS = new ArrayList<>();

  static {
    add(String.class, (g, v) -> g.writeString((String) v),
        p -> p.hasToken(JsonToken.VALUE_STRING) ? p.getText() : null);
    add(Boolean.class, (g, v) -> g.writeBoolean((Boolean) v),
        p -> p.hasToken(JsonToken.VALUE_TRUE) ? Boolean.TRUE : p.hasToken(JsonToken.VALUE_FALSE) ? Boolean.FALSE : null);
    add(Integer.class, (g, v) -> g.writeNumber((Integer) v),
        p -> isInt(p) ? p.getIntValue() : null);
    add(Long.class, (g, v) -> g.writeNumber((Long) v),
        p -> isInt(p) || isNumber(p, JsonParser.NumberType.LONG) ? p.getLongValue() : null);
    add(Short.class, (g, v) -> g.writeNumber((Short) v),
        p -> isInt(p) && p.getIntValue() == (short) p.getIntValue() ? (short) p.getIntValue() : null);
    add(Byte.class, (g, v) -> g.writeNumber((Byte) v),
        p -> isInt(p) && p.getIntValue() == (byte) p.getIntValue() ? (byte) p.getIntValue() : null);
    add(Character.class, (g, v) -> g.writeString(String.valueOf(v)),
        p -> p.hasToken(JsonToken.VALUE_STRING) && p.getTextLength() == 1 ? p.getText().charAt(0) : null);
    add(Double.class, (g, v) -> g.writeNumber((Double) v), JsonScalars::readDouble);
    add(Float.class, (g, v) -> g.writeNumber((Float) v), p -> {
      Double d = readDouble(p);
      return d == null ? null : p.hasToken(JsonToken.VALUE_STRING) ? (Object) d.floatValue() : p.getFloatValue();
    });
    add(BigInteger.class, (g, v) -> g.writeNumber((BigInteger) v),
        p -> p.hasToken(JsonToken.VALUE_NUMBER_INT) ? p.getBigIntegerValue() : null);
    add(BigDecimal.class, (g, v) -> g.writeNumber((BigDecimal) v),
        p -> p.hasToken(JsonToken.VALUE_NUMBER_INT) || p.hasToken(JsonToken.VALUE_NUMBER_FLOAT) ? p.getDecimalValue() : null);
    formatted(UUID.class, UUID::fromString);
    formatted(URI.class, URI::new);
    time(Instant.class, Instant::parse);
    time(LocalDate.class, LocalDate::parse);
    time(LocalTime.class, LocalTime::parse);
    time(LocalDateTime.class, LocalDateTime::parse);
    time(OffsetDateTime.class, OffsetDateTime::parse);
    time(OffsetTime.class, OffsetTime::parse);
    time(ZonedDateTime.class, ZonedDateTime::parse);
    time(Duration.class, Duration::parse);
    time(Period.class, Period::parse);
    time(Year.class, Year::parse);
    time(YearMonth.class, YearMonth::parse);
    time(MonthDay.class, MonthDay::parse);
    time(ZoneOffset.class, ZoneOffset::of);
    time(ZoneId.class, ZoneId::of);
    formatted(DayOfWeek.class, DayOfWeek::valueOf);
    formatted(Month.class, Month::valueOf);
  }

  private JsonScalars() {}

  private static void add(Class<?> type, Writer write, Reader read) {
    Scalar s = new Scalar(type.getName(), type, write, read);
    BY_NAME.put(s.name(), s);
    BY_CLASS.put(type, s);
  }

  /** A type written as its {@code toString()} (an enum: its name) and read by {@code parse}. */
  private static <T> void formatted(Class<T> type, ParseFunction<T> parse) {
    add(type, (g, v) -> g.writeString(v instanceof Enum<?> e ? e.name() : v.toString()), p -> {
      if (!p.hasToken(JsonToken.VALUE_STRING) || p.getTextLength() > MAX_FORMATTED) {
        return null;
      }
      try {
        return parse.parse(p.getText());
      } catch (Exception e) { // DateTimeException, IllegalArgumentException, URISyntaxException
        return null;
      }
    });
  }

  /**
   * A {@code java.time} type: a scalar of its ISO-8601 string, written by {@code toString()} and read by
   * {@code parse}, and the same form for fields of application classes ({@link #timeModule()}).
   */
  private static <T> void time(Class<T> type, Function<String, T> parse) {
    formatted(type, parse::apply);
    TIME_FIELDS.add(module -> {
      module.addSerializer(type, ToStringSerializer.instance);
      module.addDeserializer(type, new Parsed<>(type, parse));
    });
  }

  @FunctionalInterface
  private interface ParseFunction<T> {
    T parse(String text) throws Exception;
  }

  private static boolean isInt(JsonParser p) throws IOException {
    return isNumber(p, JsonParser.NumberType.INT);
  }

  private static boolean isNumber(JsonParser p, JsonParser.NumberType type) throws IOException {
    return p.hasToken(JsonToken.VALUE_NUMBER_INT) && p.getNumberType() == type;
  }

  private static Double readDouble(JsonParser p) throws IOException {
    if (p.hasToken(JsonToken.VALUE_NUMBER_FLOAT) || p.hasToken(JsonToken.VALUE_NUMBER_INT)) {
      return p.getDoubleValue();
    }
    if (p.hasToken(JsonToken.VALUE_STRING)) {
      return switch (p.getText()) {
        case "NaN" -> Double.NaN;
        case "Infinity" -> Double.POSITIVE_INFINITY;
        case "-Infinity" -> Double.NEGATIVE_INFINITY;
        default -> null;
      };
    }
    return null;
  }

  /** The built-in type tagged {@code name}, or null. */
  static Scalar byName(String name) {
    return BY_NAME.get(name);
  }

  /**
   * The built-in type of {@code value}, or null: by its exact class, except that every zone id other
   * than a {@code ZoneOffset} is a {@code ZoneId} (its class, {@code ZoneRegion}, is not public).
   */
  static Scalar of(Object value) {
    Scalar s = BY_CLASS.get(value.getClass());
    if (s == null && value instanceof ZoneId) {
      s = BY_CLASS.get(ZoneId.class);
    }
    return s;
  }

  /**
   * Jackson (de)serializers giving fields of the {@code java.time} types inside an application class the
   * same ISO-8601 strings as the top-level values.
   */
  static SimpleModule timeModule() {
    SimpleModule module = new SimpleModule("cloakroom-time");
    TIME_FIELDS.forEach(field -> field.accept(module));
    return module;
  }

  /** A value read from a JSON string by a parse function; anything else does not fit. */
  private static final class Parsed<T> extends StdScalarDeserializer<T> {
    private static final long serialVersionUID = 1L;
    private final transient Function<String, T> parse;

    Parsed(Class<T> type, Function<String, T> parse) {
      super(type);
      this.parse = parse;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.hasToken(JsonToken.VALUE_STRING) && p.getTextLength() <= MAX_FORMATTED) {
        String text = p.getText();
        try {
          return parse.apply(text);
        } catch (RuntimeException e) {
          return (T) ctxt.handleWeirdStringValue(handledType(), text, "not in the ISO-8601 form");
        }
      }
      return (T) ctxt.handleUnexpectedToken(handledType(), p);
    }
  }
}
