package dev.cloakroom.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An attribute codec writing JSON that an operator can read in the store, chosen by
 * {@code codec=json}. Every value is stored with its type beside it:
 *
 * <pre>{"t":"com.shop.Cart","v":{"owner":"ann","items":["tea"]}}</pre>
 *
 * <p><b>Types.</b> The built-in types are always allowed: {@code String}, the boxed primitives,
 * {@code BigInteger}, {@code BigDecimal}, {@code UUID}, {@code URI}, the {@code java.time} values
 * ({@code Instant}, {@code LocalDate}, {@code LocalTime}, {@code LocalDateTime}, {@code OffsetDateTime},
 * {@code OffsetTime}, {@code ZonedDateTime}, {@code Duration}, {@code Period}, {@code Year},
 * {@code YearMonth}, {@code MonthDay}, {@code ZoneId}, {@code ZoneOffset}, {@code DayOfWeek},
 * {@code Month}, as ISO-8601 strings), and the JDK's lists, sets and maps (string keys only) of allowed
 * values, tagged {@code java.util.List}, {@code java.util.Set}, {@code java.util.Map}. Inside those, a
 * {@code String}, {@code Boolean}, {@code Integer} or null is written bare and any other element carries
 * its own {@code {"t":…,"v":…}}. An application class must be on the {@code jsonTypes} allow-list
 * ({@link JsonTypes}); it is written and read by Jackson, its fields by their declared types.
 *
 * <p><b>Decoding untrusted bytes.</b> The type name is read first and checked, as a name, against the
 * built-in types and the allow-list <em>before</em> any class is loaded; only then is the class loaded
 * (without running its static initializer) and {@code v} bound to exactly that class. Nothing in the
 * bytes chooses any other class: Jackson's default typing is never enabled, and {@code @JsonTypeInfo}
 * annotations are ignored (their type ids are neither written nor read), so a field declared as
 * {@code Object} reads plain maps, lists, strings and numbers, and a field of an abstract type does not
 * bind. Bounds: at most {@value #MAX_BYTES} bytes per value (checked before parsing), nesting at most
 * {@value #MAX_DEPTH} deep (written or read), strings of at most {@value #MAX_STRING} characters, at
 * most {@value #MAX_TOKENS} JSON tokens, numbers of at most {@value #MAX_NUMBER} digits, duplicate keys
 * and trailing content refused. A value that does not decode (bad JSON, a bound exceeded, a type not
 * allowed or not found, a shape that does not fit) throws {@link CodecException}, whose message names
 * the type and the problem, never the value; the session then drops that attribute alone.
 *
 * <p><b>Class changes.</b> Reading ignores properties the class no longer has and leaves properties
 * the JSON lacks at their defaults (null, 0, false, or what the constructor sets), so a value survives
 * any change of its class that keeps its JSON shape: added, removed or reordered fields, a record
 * turned into a class. A renamed class, a renamed field (its value is lost) or a changed field type
 * whose JSON form differs does not survive; the value is then dropped and counted.
 *
 * <p>Bytes starting with Java serialization's stream header ({@code AC ED}) are refused with a message
 * saying so; {@code codec=json,java} reads them through the Java codec instead.
 *
 * <p>Needs {@code com.fasterxml.jackson.core:jackson-databind} 2.18 or later on the class path; the
 * filter loads this class only when {@code codec} names {@code json}. Thread-safe (immutable).
 */
final class JsonCodec implements AttributeCodec {

  /** Most bytes one encoded value may take, written or read. */
  static final int MAX_BYTES = Formats.MAX_BYTES;
  /** Deepest nesting of JSON arrays and objects in one value, the envelope included. */
  static final int MAX_DEPTH = 32;
  /** Longest JSON string in one value, in characters. */
  static final int MAX_STRING = 262_144;
  /** Most JSON tokens in one value. */
  static final int MAX_TOKENS = 200_000;
  /** Longest JSON number, in characters. */
  static final int MAX_NUMBER = 1000;

  static final String LIST = "java.util.List";
  static final String SET = "java.util.Set";
  static final String MAP = "java.util.Map";

  private static final String TYPE = "t";
  private static final String VALUE = "v";
  private static final ClassLoader OWN_LOADER = JsonCodec.class.getClassLoader();

  private final JsonTypes types;
  private final ObjectMapper mapper;

  /**
   * A codec allowing the built-in types and {@code types}.
   *
   * @param types the {@code jsonTypes} allow-list, parsed ({@link JsonTypes#NONE} for none)
   * @throws IllegalStateException if the Jackson on the class path is older than 2.18
   */
  JsonCodec(JsonTypes types) {
    this.types = types;
    JsonMappers.requireVersion();
    this.mapper = JsonMappers.create();
  }

  // ---- encode

  @Override
  public byte[] encode(Object value) {
    String type = value == null ? "null" : value.getClass().getName();
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(128);
    try (JsonGenerator g = mapper.createGenerator(buffer)) {
      writeTagged(g, Objects.requireNonNull(value, "value"));
    } catch (CodecException e) {
      throw e;
    } catch (JsonProcessingException e) {
      if (cause(e, StreamConstraintsException.class) != null) { // databind wraps it when it hits inside a class
        throw new CodecException("cannot encode an attribute of class " + type + ": it nests deeper than "
            + MAX_DEPTH + " levels (a cycle?)", null);
      }
      // a definition problem is about a class; other messages may quote map keys of the value
      throw new CodecException("cannot encode an attribute of class " + type + ": "
          + (e instanceof InvalidDefinitionException d ? d.getOriginalMessage() : e.getClass().getSimpleName()
              + " while writing JSON"), null);
    } catch (IOException | RuntimeException e) {
      throw new CodecException("cannot encode an attribute of class " + type + ": "
          + e.getClass().getSimpleName() + " while writing JSON", null);
    }
    Formats.checkEncodedSize(type, buffer.size());
    return buffer.toByteArray();
  }

  private void writeTagged(JsonGenerator g, Object value) throws IOException {
    JsonScalars.Scalar scalar = JsonScalars.of(value);
    g.writeStartObject();
    if (scalar != null) {
      g.writeStringField(TYPE, scalar.name());
      g.writeFieldName(VALUE);
      scalar.write().write(g, value);
    } else if (isJdk(value.getClass()) && value instanceof List<?> list) {
      g.writeStringField(TYPE, LIST);
      g.writeFieldName(VALUE);
      writeElements(g, list);
    } else if (isJdk(value.getClass()) && value instanceof Set<?> set) {
      g.writeStringField(TYPE, SET);
      g.writeFieldName(VALUE);
      writeElements(g, set);
    } else if (isJdk(value.getClass()) && value instanceof Map<?, ?> map) {
      g.writeStringField(TYPE, MAP);
      g.writeFieldName(VALUE);
      writeMap(g, map);
    } else {
      Class<?> type = value instanceof Enum<?> e ? e.getDeclaringClass() : value.getClass();
      String name = type.getName();
      if (isJdk(type) || JsonTypes.isPlatform(name)) {
        throw new CodecException("cannot encode an attribute of class " + name + ": the JSON codec does not"
            + " support this JDK class (see its built-in types)", null);
      }
      if (!types.allows(name)) {
        throw new CodecException("cannot encode an attribute of class " + name + ": it is not in jsonTypes"
            + " (add it if it is safe to bind from JSON)", null);
      }
      g.writeStringField(TYPE, name);
      g.writeFieldName(VALUE);
      mapper.writerFor(type).writeValue(g, value);
    }
    g.writeEndObject();
  }

  private void writeElements(JsonGenerator g, Collection<?> values) throws IOException {
    g.writeStartArray();
    for (Object v : values) {
      writeElement(g, v);
    }
    g.writeEndArray();
  }

  private void writeMap(JsonGenerator g, Map<?, ?> map) throws IOException {
    g.writeStartObject();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new CodecException("cannot encode an attribute: a map key of class "
            + (e.getKey() == null ? "null" : e.getKey().getClass().getName())
            + " (the JSON codec stores maps with String keys only)", null);
      }
      g.writeFieldName(key);
      writeElement(g, e.getValue());
    }
    g.writeEndObject();
  }

  /** An element of a list, set or map: bare when JSON keeps its type, tagged otherwise. */
  private void writeElement(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Integer i) {
      g.writeNumber(i);
    } else {
      writeTagged(g, v);
    }
  }

  /** A class of the platform itself (defined by the bootstrap or platform loader). */
  private static boolean isJdk(Class<?> type) {
    ClassLoader l = type.getClassLoader();
    return l == null || l == ClassLoader.getPlatformClassLoader();
  }

  // ---- decode

  @Override
  public Object decode(byte[] bytes, ClassLoader loader) {
    Formats.checkDecodable(bytes, true);
    Reading reading = new Reading(loader == null ? OWN_LOADER : loader);
    try (JsonParser p = mapper.createParser(bytes)) {
      p.nextToken();
      Object value = reading.tagged(p);
      if (p.nextToken() != null) {
        throw bad(p, "there is content after the value");
      }
      return value;
    } catch (CodecException e) {
      throw e;
    } catch (JsonProcessingException e) {
      throw failure(e, reading.binding);
    } catch (IOException | RuntimeException | LinkageError e) {
      throw new CodecException("cannot decode an attribute: " + e.getClass().getSimpleName()
          + (reading.binding == null ? "" : " while reading class " + reading.binding), null);
    }
  }

  /**
   * Why Jackson did not read a value, in words that never quote the bytes: Jackson's own messages do
   * (a token, a value that did not convert), so only the kind of failure, the class and the place are
   * told, and no cause is attached.
   */
  private static CodecException failure(JsonProcessingException e, String binding) {
    StreamConstraintsException limit = cause(e, StreamConstraintsException.class);
    if (limit != null) { // databind wraps it when it hits inside a class
      return new CodecException("cannot decode an attribute: the value exceeds the limits ("
          + limit.getOriginalMessage() + ")", null);
    }
    if (e instanceof JsonParseException) {
      return new CodecException("cannot decode an attribute: the bytes are not valid JSON" + at(e.getLocation()), null);
    }
    if (e instanceof InvalidDefinitionException d) { // about the class, not the bytes
      return new CodecException("cannot decode an attribute: class " + binding + " cannot be read from JSON: "
          + d.getOriginalMessage(), null);
    }
    if (e instanceof JsonMappingException && binding != null) {
      return new CodecException("cannot decode an attribute: the JSON does not fit class " + binding + " ("
          + e.getClass().getSimpleName() + at(e.getLocation()) + ")", null);
    }
    return new CodecException("cannot decode an attribute: the bytes are not valid JSON ("
        + e.getClass().getSimpleName() + at(e.getLocation()) + ")", null);
  }

  /** The first {@code type} in the cause chain of {@code e} ({@code e} included), or null. */
  private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private static String at(JsonLocation location) {
    return location == null || location.getLineNr() < 0 ? ""
        : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  private static CodecException bad(JsonParser p, String problem) {
    return new CodecException("cannot decode an attribute: " + problem + at(p.currentLocation()), null);
  }

  /** One decoding: the loader, and the application class being bound, for messages. */
  private final class Reading {
    private final ClassLoader loader;
    String binding;

    Reading(ClassLoader loader) {
      this.loader = loader;
    }

    /** {@code {"t":name,"v":value}} at the current token, which must start it; ends on its last token. */
    Object tagged(JsonParser p) throws IOException {
      if (!p.hasToken(JsonToken.START_OBJECT)) {
        throw bad(p, "the value is not a {\"t\":…,\"v\":…} object");
      }
      if (p.nextToken() != JsonToken.FIELD_NAME || !TYPE.equals(p.currentName())
          || p.nextToken() != JsonToken.VALUE_STRING) {
        throw bad(p, "the object does not start with its type \"t\"");
      }
      String name = p.getText();
      if (p.nextToken() != JsonToken.FIELD_NAME || !VALUE.equals(p.currentName())) {
        throw bad(p, "the type is not followed by the value \"v\"");
      }
      p.nextToken();
      Object value = value(p, name);
      if (p.nextToken() != JsonToken.END_OBJECT) {
        throw bad(p, "the object holds more than \"t\" and \"v\"");
      }
      return value;
    }

    private Object value(JsonParser p, String name) throws IOException {
      JsonScalars.Scalar scalar = JsonScalars.byName(name);
      if (scalar != null) {
        Object v = scalar.read().read(p);
        if (v == null) {
          throw bad(p, "the value is not a " + name);
        }
        return v;
      }
      return switch (name) {
        case LIST -> elements(p, new ArrayList<>(), name);
        case SET -> elements(p, new LinkedHashSet<>(), name);
        case MAP -> map(p);
        default -> bound(p, name);
      };
    }

    private <C extends Collection<Object>> C elements(JsonParser p, C out, String name) throws IOException {
      if (!p.hasToken(JsonToken.START_ARRAY)) {
        throw bad(p, "the value is not a " + name + " (a JSON array)");
      }
      while (p.nextToken() != JsonToken.END_ARRAY) {
        out.add(element(p));
      }
      return out;
    }

    private Map<String, Object> map(JsonParser p) throws IOException {
      if (!p.hasToken(JsonToken.START_OBJECT)) {
        throw bad(p, "the value is not a " + MAP + " (a JSON object)");
      }
      Map<String, Object> out = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        p.nextToken();
        out.put(key, element(p));
      }
      return out;
    }

    /** A bare {@code String}, {@code Boolean}, {@code Integer} or null, or a tagged value. */
    private Object element(JsonParser p) throws IOException {
      JsonToken t = p.currentToken();
      if (t == JsonToken.VALUE_STRING) {
        return p.getText();
      } else if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
        return p.getBooleanValue();
      } else if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
        return p.getIntValue();
      } else if (t == JsonToken.VALUE_NULL) {
        return null;
      } else if (t == JsonToken.START_OBJECT) {
        return tagged(p);
      }
      throw bad(p, "an element is neither a string, a boolean, an int, null nor a tagged value");
    }

    /** An application class: checked by name, then loaded, then bound. */
    private Object bound(JsonParser p, String name) throws IOException {
      if (!JsonTypes.isClassName(name)) {
        throw bad(p, "the type name is not a class name"); // never echoed: it is untrusted text
      }
      if (JsonTypes.isPlatform(name)) {
        throw new CodecException("cannot decode an attribute: class " + name + " is not one of the JSON codec's"
            + " built-in types", null);
      }
      if (!types.allows(name)) {
        throw new CodecException("cannot decode an attribute: class " + name + " is not allowed (add it to"
            + " jsonTypes if it is safe to bind from JSON)", null);
      }
      Class<?> type;
      try {
        type = Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        throw new CodecException("cannot decode an attribute: class " + name + " is not found", null);
      }
      if (isJdk(type) || type.isInterface() || type.isArray() || type.isPrimitive()
          || (Modifier.isAbstract(type.getModifiers()) && !type.isEnum())) {
        throw new CodecException("cannot decode an attribute: class " + name + " is not a concrete class", null);
      }
      binding = name;
      Object value = mapper.readerFor(type).readValue(p);
      if (value == null) {
        throw bad(p, "the value of class " + name + " is null");
      }
      binding = null;
      return value;
    }
  }
}
