package dev.cloakroom.codec;

import java.lang.reflect.InvocationTargetException;
import java.util.List;

/**
 * The built-in codecs the {@code codec} parameter names ({@code java}, {@code json}, or both for a
 * migration), made from the filter's settings.
 *
 * <p>Jackson is an optional dependency: the JSON codec is loaded by name only when {@code codec} names
 * {@code json}, so an application on the Java codec never loads a Jackson class.
 *
 * <p>Not API: the filter's door to this package.
 *
 * @since 0.2
 */
public final class Codecs {

  /** The JSON codec, loaded by name so the core does not link Jackson. */
  private static final String JSON_CODEC = "dev.cloakroom.codec.JsonCodec";
  private static final String JACKSON_CLASS = "com.fasterxml.jackson.databind.ObjectMapper";

  private Codecs() {}

  /**
   * Checks the form of a {@code jsonTypes} value, without loading Jackson.
   *
   * @throws IllegalArgumentException naming the first bad entry ({@code entry X}), or the whole value
   *     ({@code =V}) when it lists none
   */
  public static void checkJsonTypes(String jsonTypes) {
    JsonTypes.parse(jsonTypes);
  }

  /**
   * The codecs named, in order: the first writes, each reads the values it wrote.
   *
   * @param names               {@code java} or {@code json}, once each, at least one
   * @param serializationFilter the Java codec's extra allow-list, or null
   * @param jsonTypes           the JSON codec's allow-list, or null
   * @throws IllegalStateException when {@code json} is named and no usable Jackson is on the class path; the
   *     message continues the parameter ({@code codec=json needs ...})
   */
  public static AttributeCodec open(List<String> names, String serializationFilter, String jsonTypes) {
    if (names.size() == 1) {
      return names.get(0).equals("java") ? new SerializationCodec(serializationFilter) : json(jsonTypes);
    }
    return new MigratingCodec(new SerializationCodec(serializationFilter), json(jsonTypes),
        names.get(0).equals("json"));
  }

  private static AttributeCodec json(String jsonTypes) {
    ClassLoader loader = Codecs.class.getClassLoader();
    try {
      Class.forName(JACKSON_CLASS, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException("needs com.fasterxml.jackson.core:jackson-databind 2.18 or later on"
          + " the class path (an optional dependency of Cloakroom); add it to the application", e);
    }
    try {
      return (AttributeCodec) Class.forName(JSON_CODEC, true, loader).getConstructor(String.class)
          .newInstance(jsonTypes);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new IllegalStateException("could not start the JSON codec: " + cause.getMessage(), cause);
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalStateException("could not load the JSON codec (" + e + "); it needs"
          + " com.fasterxml.jackson.core:jackson-databind 2.18 or later", e);
    }
  }
}
