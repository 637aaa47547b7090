package dev.cloakroom.codec;

import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.function.Supplier;

/**
 * The built-in codecs the {@code codec} parameter names ({@code java}, {@code json}, or both for a
 * migration), made from the filter's settings. Their allow-lists are parsed once, when the settings are
 * built ({@link #serialization}, {@link #json(String)}); the settings keep what that made, and the
 * filter's {@code init} opens the codecs from it ({@link #open}).
 *
 * <p>Jackson is an optional dependency: the JSON codec is loaded by name only when {@code codec} names
 * {@code json}, so an application on the Java codec never loads a Jackson class.
 *
 * <p>Not API: the filter's door to this package.
 */
public final class Codecs {

  /** The JSON codec, loaded by name so the core does not link Jackson. */
  private static final String JSON_CODEC = "dev.cloakroom.codec.JsonCodec";
  private static final String JACKSON_CLASS = "com.fasterxml.jackson.databind.ObjectMapper";

  private Codecs() {}

  /**
   * The Java serialization codec allowing {@code extraPatterns} before the built-in allow-list: the
   * {@code serializationFilter} parameter, parsed.
   *
   * @param extraPatterns {@code java.io.ObjectInputFilter} patterns separated by {@code ;}; null for none
   * @throws IllegalArgumentException if a pattern is malformed; its cause carries the JDK's reason
   */
  public static AttributeCodec serialization(String extraPatterns) {
    return new SerializationCodec(extraPatterns);
  }

  /**
   * The JSON codec behind the {@code jsonTypes} allow-list: the list is parsed now, without loading
   * Jackson; {@code get()} loads Jackson and makes the codec.
   *
   * @param jsonTypes the allow-list; null for the built-in types only
   * @throws IllegalArgumentException naming the first bad entry ({@code entry X}), or the whole value
   *     ({@code =V}) when it lists none
   */
  public static Supplier<AttributeCodec> json(String jsonTypes) {
    JsonTypes types = JsonTypes.parse(jsonTypes);
    return () -> jsonCodec(types);
  }

  /**
   * The codecs named, in order: the first writes, each reads the values it wrote.
   *
   * @param names         {@code java} or {@code json}, once each, at least one
   * @param serialization the Java codec ({@link #serialization}), or null for the built-in allow-list only
   * @param json          the JSON codec ({@link #json(String)}), or null for the built-in types only
   * @throws IllegalStateException when {@code json} is named and no usable Jackson is on the class path; the
   *     message continues the parameter ({@code codec=json needs ...})
   */
  public static AttributeCodec open(List<String> names, AttributeCodec serialization, Supplier<AttributeCodec> json) {
    AttributeCodec java = serialization != null ? serialization : serialization(null);
    Supplier<AttributeCodec> jsonCodec = json != null ? json : json(null);
    if (names.size() == 1) {
      return names.get(0).equals("java") ? java : jsonCodec.get();
    }
    return new MigratingCodec(java, jsonCodec.get(), names.get(0).equals("json"));
  }

  private static AttributeCodec jsonCodec(JsonTypes types) {
    ClassLoader loader = Codecs.class.getClassLoader();
    try {
      Class.forName(JACKSON_CLASS, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException("needs com.fasterxml.jackson.core:jackson-databind 2.18 or later on"
          + " the class path (an optional dependency of Cloakroom); add it to the application", e);
    }
    try {
      return (AttributeCodec) Class.forName(JSON_CODEC, true, loader).getDeclaredConstructor(JsonTypes.class)
          .newInstance(types);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new IllegalStateException("could not start the JSON codec: " + cause.getMessage(), cause);
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalStateException("could not load the JSON codec (" + e + "); it needs"
          + " com.fasterxml.jackson.core:jackson-databind 2.18 or later", e);
    }
  }
}
