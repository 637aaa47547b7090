package dev.cloakroom.codec;

import dev.cloakroom.Param;
import dev.cloakroom.Settings;
import dev.cloakroom.SettingsException;
import java.lang.reflect.InvocationTargetException;
import java.util.List;

/**
 * The {@code codec} parameter into an {@link AttributeCodec}: a codec given in code, else the built-in
 * ones it names ({@code java}, {@code json}, or both for a migration).
 *
 * <p>Jackson is an optional dependency: the JSON codec is loaded by name only when {@code codec} names
 * {@code json}, so an application on the Java codec never loads a Jackson class.
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
   * @throws IllegalArgumentException naming the parameter, the bad entry and what it accepts
   */
  public static void checkJsonTypes(String jsonTypes) {
    JsonTypes.parse(jsonTypes);
  }

  /**
   * The codec the settings name.
   *
   * @throws SettingsException if {@code codec} names {@code json} and no usable Jackson is on the class path
   */
  public static AttributeCodec open(Settings settings) {
    if (settings.codec() != null) {
      return settings.codec();
    }
    List<Settings.Codec> codecs = settings.codecs();
    if (codecs.size() == 1) {
      return codecs.get(0) == Settings.Codec.JAVA ? java(settings) : json(settings);
    }
    return new MigratingCodec(java(settings), json(settings), codecs.get(0) == Settings.Codec.JSON);
  }

  private static AttributeCodec java(Settings settings) {
    return new SerializationCodec(settings.serializationFilter());
  }

  private static AttributeCodec json(Settings settings) {
    String codec = Param.CODEC.key() + "=" + settings.codecs().stream().map(Settings.Codec::text)
        .collect(java.util.stream.Collectors.joining(","));
    ClassLoader loader = Codecs.class.getClassLoader();
    try {
      Class.forName(JACKSON_CLASS, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new SettingsException(codec + " needs com.fasterxml.jackson.core:jackson-databind 2.18 or later on"
          + " the class path (an optional dependency of Cloakroom); add it to the application", e);
    }
    try {
      return (AttributeCodec) Class.forName(JSON_CODEC, true, loader).getConstructor(String.class)
          .newInstance(settings.jsonTypes());
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new SettingsException(codec + ": " + cause.getMessage(), cause);
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new SettingsException(codec + ": the JSON codec cannot be loaded (" + e + "); it needs"
          + " com.fasterxml.jackson.core:jackson-databind 2.18 or later", e);
    }
  }
}
