package dev.cloakroom;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Parameter strings (web.xml, {@code @WebFilter}, {@link Settings#fromParams}) into a {@link Settings.Builder},
 * each read by its parameter's {@link ParamType}. Errors name the parameter and what it accepts; an
 * unknown name fails with the nearest known one.
 */
final class SettingsParser {

  private SettingsParser() {}

  /**
   * Applies every entry of {@code params} to {@code builder}.
   *
   * @param door where the values come from, for the message when a name is set twice
   */
  static void apply(Settings.Builder builder, Map<String, String> params, String door) {
    apply(builder, params, door, System::getenv);
  }

  /**
   * Applies every entry of {@code params} to {@code builder}, reading {@code env:} sources through
   * {@code environment} (tests give a map's {@code get}).
   */
  static void apply(Settings.Builder builder, Map<String, String> params, String door,
      Function<String, String> environment) {
    builder.door(door);
    try {
      for (Map.Entry<String, String> e : params.entrySet()) {
        String key = e.getKey();
        Param param = Param.of(key).orElseThrow(() -> new SettingsException(
            "unknown parameter " + key + nearest(key) + "; the parameters are " + Param.keys()));
        String value = e.getValue() == null ? "" : e.getValue().trim();
        if (param == Param.SIGNING_KEYS) {
          builder.signingKeys(keySource(param, value, environment), value);
        } else {
          builder.set(param, param.type().parse(param, value));
        }
      }
    } finally {
      builder.door("code");
    }
  }

  /**
   * The key entries {@code v} points to: the environment variable of {@code env:NAME} or the content of
   * the file of {@code file:PATH}. Any other value is refused without being shown: it may be a key.
   */
  static String keySource(Param p, String v, Function<String, String> environment) {
    if (v.startsWith("env:") && v.length() > 4) {
      String value = environment.apply(v.substring(4));
      if (value == null) {
        throw new SettingsException(p.key() + "=" + v + ": the environment variable is not set");
      }
      return value;
    }
    if (v.startsWith("file:") && v.length() > 5) {
      try {
        return Files.readString(Path.of(v.substring(5)), StandardCharsets.UTF_8);
      } catch (IOException | InvalidPathException e) {
        throw new SettingsException(p.key() + "=" + v + ": the file cannot be read ("
            + e.getClass().getSimpleName() + ")");
      }
    }
    throw new SettingsException(p.key() + " must point to the keys, not hold them (the value is not shown);"
        + " it accepts " + p.accepts());
  }

  private static String nearest(String key) {
    return Param.keys().stream()
        .min(Comparator.comparingInt(k -> distance(k.toLowerCase(Locale.ROOT), key.toLowerCase(Locale.ROOT))))
        .filter(k -> distance(k.toLowerCase(Locale.ROOT), key.toLowerCase(Locale.ROOT)) <= Math.max(2, key.length() / 3))
        .map(k -> " (did you mean " + k + "?)")
        .orElse("");
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
