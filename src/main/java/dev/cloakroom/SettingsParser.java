package dev.cloakroom;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parameter strings (web.xml, {@code @WebFilter}, {@link Settings#fromParams}) into a {@link Settings.Builder}.
 * Errors name the parameter and what it accepts; an unknown name fails with the nearest known one.
 */
final class SettingsParser {

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

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
      applyAll(builder, params, environment);
    } finally {
      builder.door("code");
    }
  }

  private static void applyAll(Settings.Builder builder, Map<String, String> params,
      Function<String, String> environment) {
    for (Map.Entry<String, String> e : params.entrySet()) {
      String key = e.getKey();
      Param param = Param.of(key).orElseThrow(() -> new SettingsException(
          "unknown parameter " + key + nearest(key) + "; the parameters are " + Param.keys()));
      String value = e.getValue() == null ? "" : e.getValue().trim();
      if (param == Param.SIGNING_KEYS) {
        builder.signingKeys(keySource(param, value, environment), value);
      } else {
        set(builder, param, value);
      }
    }
  }

  private static void set(Settings.Builder b, Param p, String v) {
    switch (p) {
      case STORE -> b.store(nonEmpty(p, v));
      case REDIS_NAMESPACE -> b.redisNamespace(nonEmpty(p, v));
      case STORE_TIMEOUT -> b.storeTimeout(duration(p, v));
      case MAX_SESSIONS -> b.maxSessions(integer(p, v));
      case MEMORY_ENCODING -> b.memoryEncoding(bool(p, v));
      case IDLE_TIMEOUT -> b.idleTimeout(duration(p, v));
      case ABSOLUTE_TIMEOUT -> b.absoluteTimeout(duration(p, v));
      case TOUCH_INTERVAL -> b.touchInterval(duration(p, v));
      case SWEEP_INTERVAL -> b.sweepInterval(duration(p, v));
      case COOKIE_NAME -> b.cookieName(nonEmpty(p, v));
      case COOKIE_PREFIX -> b.cookiePrefix(choice(p, v, Settings.CookiePrefix.class));
      case COOKIE_SECURE -> b.cookieSecure(choice(p, v, Settings.CookieSecure.class));
      case COOKIE_SAME_SITE -> b.cookieSameSite(choice(p, v, Settings.SameSite.class));
      case COOKIE_PATH -> b.cookiePath(nonEmpty(p, v));
      case COOKIE_DOMAIN -> b.cookieDomain(nonEmpty(p, v));
      case COOKIE_PARTITIONED -> b.cookiePartitioned(bool(p, v));
      case COOKIE_MAX_AGE -> b.cookieMaxAge(duration(p, v));
      case TRUSTED_PROXIES -> b.trustedProxies(list(v));
      case PRINCIPAL_ATTRIBUTE -> b.principalAttribute(nonEmpty(p, v));
      case SERIALIZATION_FILTER -> b.serializationFilter(nonEmpty(p, v));
      case JDBC_TABLE_PREFIX -> b.jdbcTablePrefix(nonEmpty(p, v));
      case JDBC_CREATE_SCHEMA -> b.jdbcCreateSchema(bool(p, v));
      case PASSIVE_PATHS -> b.passivePaths(nonEmptyList(p, v));
      case PASSIVE_HEADER -> b.passiveHeader(nonEmpty(p, v));
      case RENEWAL_INTERVAL -> b.renewalInterval(duration(p, v));
      case SIGNING_KEYS -> throw new IllegalStateException("signingKeys is read by keySource");
      case SESSION_ID_SOURCES -> b.sessionIdSources(sources(p, v));
      case SESSION_HEADER -> b.sessionHeader(nonEmpty(p, v));
      case MAX_SESSIONS_PER_USER -> b.maxSessionsPerUser(integer(p, v));
      case SESSION_LIMIT_POLICY -> b.sessionLimitPolicy(limitPolicy(p, v));
      case CLIENT_CHANGE_POLICY -> b.clientChangePolicy(clientChangePolicy(p, v));
      case CLIENT_CHANGE_LISTENER -> b.clientChangeListener(clientChangeListener(p, nonEmpty(p, v)));
      case CODEC -> b.codec(codecs(p, v));
      case JSON_TYPES -> b.jsonTypes(nonEmpty(p, v));
      case ANOMALY_REJECTED_PER_MINUTE -> b.anomalyRejectedPerMinute(perMinute(p, v));
      case ANOMALY_CREATED_PER_MINUTE -> b.anomalyCreatedPerMinute(perMinute(p, v));
      case ANOMALY_LISTENER -> b.anomalyListener(newInstance(p, v, dev.cloakroom.event.AnomalyListener.class));
      case MICROMETER -> b.micrometer(choice(p, v, Settings.Micrometer.class));
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

  /** Reads {@code 500ms}, {@code 90s}, {@code 30m}, {@code 12h}, {@code 7d}, or ISO-8601 such as {@code PT30M}. */
  static Duration duration(Param p, String v) {
    Matcher m = SHORT_DURATION.matcher(v);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    if (v.startsWith("P") || v.startsWith("p")) {
      try {
        return Duration.parse(v);
      } catch (DateTimeParseException e) {
        // fall through to the message below
      }
    }
    throw bad(p, v);
  }

  private static int integer(Param p, String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw bad(p, v);
    }
  }

  /** {@code off} is 0; otherwise a whole number (its range is checked by {@link Settings.Builder#build}). */
  private static int perMinute(Param p, String v) {
    return v.equals("off") ? 0 : integer(p, v);
  }

  /**
   * A new instance of the class named {@code v}, which must be a {@code type} with a public no-argument
   * constructor; loaded through the thread's context class loader (the app's, at {@code init}).
   */
  static <T> T newInstance(Param p, String v, Class<T> type) {
    String accepts = "; it accepts " + p.accepts();
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    Class<?> found;
    try {
      found = Class.forName(nonEmpty(p, v), true, context != null ? context : SettingsParser.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new SettingsException(p.key() + "=" + v + ": no such class could be loaded" + accepts, e);
    }
    if (!type.isAssignableFrom(found)) {
      throw new SettingsException(p.key() + "=" + v + " does not implement " + type.getName() + accepts);
    }
    try {
      return type.cast(found.getConstructor().newInstance());
    } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
      throw new SettingsException(p.key() + "=" + v + " needs a public no-argument constructor" + accepts, e);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw new SettingsException(p.key() + "=" + v + ": its constructor failed: " + e.getCause() + accepts,
          e.getCause());
    }
  }

  private static Settings.SessionLimitPolicy limitPolicy(Param p, String v) {
    for (Settings.SessionLimitPolicy policy : Settings.SessionLimitPolicy.values()) {
      if (policy.text().equals(v)) {
        return policy;
      }
    }
    throw bad(p, v);
  }

  private static Settings.ClientChangePolicy clientChangePolicy(Param p, String v) {
    for (Settings.ClientChangePolicy policy : Settings.ClientChangePolicy.values()) {
      if (policy.text().equals(v)) {
        return policy;
      }
    }
    throw bad(p, v);
  }

  /**
   * A new instance of the listener class {@code v}, loaded by the app's class loader (the thread's
   * context loader at init); fails naming the parameter, the class and what is wrong with it.
   */
  static dev.cloakroom.event.ClientChangeListener clientChangeListener(Param p, String v) {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    Class<?> type;
    try {
      type = Class.forName(v, true, context != null ? context : SettingsParser.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw bad(p, v, "no such class could be loaded");
    }
    if (!dev.cloakroom.event.ClientChangeListener.class.isAssignableFrom(type)) {
      throw bad(p, v, "it does not implement dev.cloakroom.event.ClientChangeListener");
    }
    try {
      return (dev.cloakroom.event.ClientChangeListener) type.getConstructor().newInstance();
    } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
      throw bad(p, v, "it has no public no-argument constructor");
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw new SettingsException(p.key() + "=" + v + ": its constructor failed: " + e.getCause(), e.getCause());
    }
  }

  private static boolean bool(Param p, String v) {
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default -> throw bad(p, v);
    };
  }

  private static <E extends Enum<E>> E choice(Param p, String v, Class<E> type) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(v)) {
        return e;
      }
    }
    throw bad(p, v);
  }

  private static String nonEmpty(Param p, String v) {
    if (v.isEmpty()) {
      throw bad(p, v);
    }
    return v;
  }

  /** {@code cookie}, {@code header}, or both comma-separated; no source twice. */
  private static List<Settings.IdSource> sources(Param p, String v) {
    List<String> names = list(v);
    if (names.isEmpty() || names.stream().distinct().count() != names.size()) {
      throw bad(p, v);
    }
    try {
      return names.stream().map(x -> choice(p, x, Settings.IdSource.class)).toList();
    } catch (SettingsException e) {
      throw bad(p, v);
    }
  }

  /** {@code java}, {@code json}, or both comma-separated; none twice. */
  private static List<Settings.Codec> codecs(Param p, String v) {
    List<String> names = list(v);
    if (names.isEmpty() || names.size() != v.split(",", -1).length || names.stream().distinct().count() != names.size()) {
      throw bad(p, v);
    }
    List<Settings.Codec> out = new java.util.ArrayList<>();
    for (String name : names) {
      Settings.Codec codec = Arrays.stream(Settings.Codec.values()).filter(c -> c.text().equals(name))
          .findFirst().orElseThrow(() -> bad(p, v));
      out.add(codec);
    }
    return out;
  }

  /** A comma-separated list with at least one entry: {@code ","} alone is refused, not read as none. */
  private static List<String> nonEmptyList(Param p, String v) {
    List<String> out = list(nonEmpty(p, v));
    if (out.isEmpty()) {
      throw bad(p, v);
    }
    return out;
  }

  private static List<String> list(String v) {
    return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static SettingsException bad(Param p, String v, String why) {
    return new SettingsException(p.key() + "=" + v + " is not accepted (" + why + "); it accepts " + p.accepts());
  }

  private static SettingsException bad(Param p, String v) {
    return new SettingsException(p.key() + "=" + (v.isEmpty() ? "(empty)" : v) + " is not accepted; it accepts " + p.accepts());
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
