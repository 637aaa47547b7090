package dev.cloakroom;

import dev.cloakroom.codec.Codecs;
import dev.cloakroom.store.redis.RedisEndpoints;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The type of a {@link Param}'s value, and so the one place of each rule about it: how its text is read
 * (init-params, {@link Settings#fromParams}, and {@link Param#defaultText()} itself), which values it
 * accepts whichever door set them ({@link Settings.Builder#build()} checks every value set), and how a
 * value is shown, in messages and in the start-up log, as it could be written.
 *
 * <p>Rules that tie two parameters together stay in {@link Settings.Builder#build()}.
 *
 * @param <T> the value's type, as {@link Settings} returns it
 */
final class ParamType<T> {

  /**
   * Reads a value of {@code p} from trimmed text: null when the text is not a value of this type (or a
   * {@link SettingsException} of its own, naming {@code p}, when it knows better why).
   */
  @FunctionalInterface
  interface Reader<T> {
    T read(Param p, String text);
  }

  /**
   * Checks one value, throwing a {@link SettingsException} that names the parameter; returns what the
   * settings keep of it, parsed further (trusted proxies as a matcher, a store value as its target), or
   * null when the value itself is all there is.
   */
  @FunctionalInterface
  interface Check<T> {
    Object check(Param p, T value);
  }

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
  private static final Pattern TABLE_PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,31}");
  /** Headers that cannot carry a session id of ours or mark a request: the cookie's own, and credentials. */
  private static final Set<String> RESERVED_HEADERS = Set.of("cookie", "set-cookie", "authorization", "host");

  static final ParamType<Boolean> BOOLEAN = new ParamType<>(
      (p, t) -> t.equals("true") ? Boolean.TRUE : t.equals("false") ? Boolean.FALSE : null, null, null, String::valueOf,
      "true or false");
  static final ParamType<Duration> DURATION = duration(d -> !d.isNegative());
  static final ParamType<Duration> POSITIVE_DURATION = duration(ParamType::positive);
  static final ParamType<Duration> STORE_TIMEOUT = duration(
      d -> d.compareTo(Duration.ofMillis(1)) >= 0 && d.compareTo(Duration.ofSeconds(60)) <= 0);
  static final ParamType<String> TEXT = text(s -> !s.isEmpty());
  /** A request header of ours: a token, and none of the headers that mean something else. */
  static final ParamType<String> HEADER = text(
      s -> SetCookie.isToken(s) && !RESERVED_HEADERS.contains(s.toLowerCase(Locale.ROOT)));
  static final ParamType<String> COOKIE_NAME = text(
      s -> SetCookie.isToken(s) && !s.startsWith("__Host-") && !s.startsWith("__Secure-"));
  static final ParamType<String> COOKIE_PATH = text(SetCookie::isPath);
  static final ParamType<String> COOKIE_DOMAIN = text(SetCookie::isDomain);
  static final ParamType<String> REDIS_NAMESPACE = text(RedisEndpoints::isNamespace);
  static final ParamType<String> JDBC_TABLE_PREFIX = text(s -> TABLE_PREFIX.matcher(s).matches());
  /**
   * {@code java.io.ObjectInputFilter} patterns, kept as the Java codec they make
   * ({@link Codecs#serialization}); the message carries the JDK's reason.
   */
  static final ParamType<String> SERIALIZATION_FILTER = new ParamType<>(ParamType::nonEmpty, null, (p, v) -> {
    try {
      return Codecs.serialization(v);
    } catch (IllegalArgumentException e) {
      throw new SettingsException(p.key() + "=" + v + " is not accepted: " + e.getCause().getMessage()
          + "; it accepts " + p.accepts(), e.getCause());
    }
  }, String::valueOf);
  /** Literal addresses and CIDR ranges, kept as a matcher; the message names the entry. An empty value lists none. */
  static final ParamType<List<String>> PROXIES = new ParamType<>((p, t) -> list(t), null,
      (p, v) -> ProxyMatcher.parse(v), ParamType::joined);
  /** Servlet URL patterns: at least one; the message names the entry that can never match. */
  static final ParamType<List<String>> PATH_PATTERNS = new ParamType<>(
      (p, t) -> list(t).isEmpty() ? null : list(t), null, (p, v) -> {
        for (String pattern : v) {
          if (!PassiveRequests.isPattern(pattern)) {
            throw rejected(p, pattern);
          }
        }
        return null;
      }, ParamType::joined);
  /**
   * The {@code store} value: text naming it, kept as its {@link StoreLocator.Target}, or, in code, a
   * repository or a {@code DataSource}. Shown with its secrets masked.
   */
  static final ParamType<Object> STORE = new ParamType<>(ParamType::nonEmpty, null,
      (p, v) -> v instanceof String s ? StoreLocator.parse(s) : null,
      v -> v instanceof String s ? StoreSecrets.mask(s)
      : v instanceof javax.sql.DataSource ? "DataSource " + v.getClass().getName() : v.getClass().getSimpleName());
  /**
   * Signing keys: read by {@link SettingsParser} from where the text points ({@code env:} or
   * {@code file:}), never from the text itself; shown by their key ids only.
   */
  static final ParamType<IdSigner> SIGNING_KEYS = new ParamType<>((p, t) -> {
    throw new IllegalStateException(p.key() + " is read from where it points, by SettingsParser");
  }, null, null, v -> "kids " + v.keyIds());

  /**
   * The built-in codecs: {@code java}, {@code json}, or both comma-separated, none twice; or, in code, an
   * {@link dev.cloakroom.codec.AttributeCodec} of the app's, shown by its class name.
   */
  static final ParamType<Object> CODECS = new ParamType<>((p, t) -> {
    List<Settings.Codec> out = new ArrayList<>();
    for (String name : t.split(",", -1)) {
      Settings.Codec codec = byText(Settings.Codec.class, name.trim());
      if (codec == null) {
        return null;
      }
      out.add(codec);
    }
    return out;
  }, v -> !(v instanceof List<?> l) || !l.isEmpty() && l.stream().distinct().count() == l.size(), null,
      v -> v instanceof List<?> l ? l.stream().map(c -> text((Enum<?>) c)).collect(Collectors.joining(","))
          : v.getClass().getName());
  /** The JSON codec's allow-list, kept parsed ({@link Codecs#json(String)}); the message names the entry refused. */
  static final ParamType<String> JSON_TYPES = new ParamType<>(ParamType::nonEmpty, null, (p, v) -> {
    try {
      return Codecs.json(v);
    } catch (IllegalArgumentException e) { // "entry X", or "=V" for the whole value
      String what = e.getMessage();
      throw new SettingsException(p.key() + (what.startsWith("=") ? "" : " ") + what + " is not accepted; it accepts "
          + p.accepts());
    }
  }, String::valueOf);
  /** A per-minute threshold: {@code off} (0) or a whole number up to a million. */
  static final ParamType<Integer> PER_MINUTE = new ParamType<>(
      (p, t) -> t.equals("off") ? Integer.valueOf(0) : integer(p, t), n -> n >= 0 && n <= 1_000_000, null,
      n -> n == 0 ? "off" : String.valueOf(n), "off, or a whole number from 0 (off) to 1000000");

  private final Reader<T> reader;
  private final Predicate<T> rule;
  private final Check<T> check;
  private final Function<T, String> shown;
  private final String accepts;

  private ParamType(Reader<T> reader, Predicate<T> rule, Check<T> check, Function<T, String> shown) {
    this(reader, rule, check, shown, null);
  }

  /**
   * @param reader  text to value
   * @param rule    which values are accepted, or null for all; a refused one gets the standard message
   * @param check   a check with a message of its own, or null
   * @param shown   a value as it could be written
   * @param accepts what values are accepted, in words, when the type alone says it; else null, and each
   *                {@link Param} says it
   */
  private ParamType(Reader<T> reader, Predicate<T> rule, Check<T> check, Function<T, String> shown, String accepts) {
    this.reader = reader;
    this.rule = rule;
    this.check = check;
    this.shown = shown;
    this.accepts = accepts;
  }

  /** What values are accepted, in words, when the type alone says it ({@code true or false}); else null. */
  String accepts() {
    return accepts;
  }

  /** Durations that {@code rule} accepts. */
  static ParamType<Duration> duration(Predicate<Duration> rule) {
    return new ParamType<>((p, t) -> duration(t), rule, null, Duration::toString);
  }

  /** Non-empty text that {@code rule} accepts. */
  static ParamType<String> text(Predicate<String> rule) {
    return new ParamType<>(ParamType::nonEmpty, rule, null, s -> s.isEmpty() ? "(empty)" : s);
  }

  /** Whole numbers from {@code min} to {@code max}. */
  static ParamType<Integer> wholeNumber(int min, int max) {
    return new ParamType<>(ParamType::integer, n -> n >= min && n <= max, null, String::valueOf,
        "a whole number from " + min + " to " + max);
  }

  /** One of {@code type}'s constants, named case-insensitively; shown as {@link #text}. */
  static <E extends Enum<E>> ParamType<E> choice(Class<E> type) {
    return choice(type, ParamType::text);
  }

  /** One of {@code type}'s constants, named case-insensitively; shown by {@code shown}. */
  static <E extends Enum<E>> ParamType<E> choice(Class<E> type, Function<E, String> shown) {
    return new ParamType<>((p, t) -> choose(type, t), null, null, shown, listed(type, shown));
  }

  /** One of {@code type}'s constants, named exactly by its {@link #text}. */
  static <E extends Enum<E>> ParamType<E> named(Class<E> type) {
    return new ParamType<>((p, t) -> byText(type, t), null, null, ParamType::text, listed(type, ParamType::text));
  }

  /** Every constant of {@code type} as {@code shown}: {@code a, b or c}. */
  private static <E extends Enum<E>> String listed(Class<E> type, Function<E, String> shown) {
    List<String> names = Arrays.stream(type.getEnumConstants()).map(shown).toList();
    return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
  }

  /** The constant of {@code type} whose {@link #text} is {@code text}, exactly; null if none. */
  private static <E extends Enum<E>> E byText(Class<E> type, String text) {
    return Arrays.stream(type.getEnumConstants()).filter(e -> text(e).equals(text)).findFirst().orElse(null);
  }

  /** How a parameter value names an enum constant: its name in lower case, with {@code -} for {@code _}. */
  static String text(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Comma-separated constants of {@code type} ({@link #choice} each): at least one, none twice, in the
   * order given.
   */
  static <E extends Enum<E>> ParamType<List<E>> choices(Class<E> type) {
    return new ParamType<List<E>>((p, t) -> {
      List<E> out = list(t).stream().map(name -> choose(type, name)).toList();
      return out.isEmpty() || out.contains(null) ? null : out;
    }, v -> !v.isEmpty() && v.stream().distinct().count() == v.size(), null,
        v -> v.stream().map(ParamType::text).collect(Collectors.joining(",")));
  }

  /**
   * An instance of the class named, a {@code type} with a public no-argument constructor, made once at
   * start-up through the thread's context class loader (the app's, at {@code init}); shown by its class
   * name. The message says what is wrong with the class.
   */
  static <T> ParamType<T> instanceOf(Class<T> type) {
    return new ParamType<>((p, t) -> newInstance(p, t, type), null, null, v -> v.getClass().getName(),
        "the class name of a " + type.getName() + " with a public no-argument constructor");
  }

  /** The constant of {@code type} whose name is {@code text}, ignoring case; null if none. */
  static <E extends Enum<E>> E choose(Class<E> type, String text) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(text)) {
        return e;
      }
    }
    return null;
  }

  /**
   * Reads {@code text} (trimmed) as a value of {@code p}.
   *
   * @throws SettingsException naming the parameter, the text and what it accepts
   */
  T parse(Param p, String text) {
    T value = reader.read(p, text);
    if (value == null) {
      throw rejected(p, text.isEmpty() ? "(empty)" : text);
    }
    return value;
  }

  /**
   * Checks {@code value}, set for {@code p} through any door.
   *
   * @return what the settings keep of it, parsed further, or null
   * @throws SettingsException naming the parameter, the value and what it accepts
   */
  @SuppressWarnings("unchecked")
  Object check(Param p, Object value) {
    T v = (T) value;
    if (rule != null && !rule.test(v)) {
      throw rejected(p, show(v));
    }
    return check == null ? null : check.check(p, v);
  }

  /** {@code value} as it could be written (secrets masked). */
  @SuppressWarnings("unchecked")
  String show(Object value) {
    return shown.apply((T) value);
  }

  static SettingsException rejected(Param p, String shown) {
    return new SettingsException(p.key() + "=" + shown + " is not accepted; it accepts " + p.accepts());
  }

  /** Reads {@code 500ms}, {@code 90s}, {@code 30m}, {@code 12h}, {@code 7d}, or ISO-8601 such as {@code PT30M}. */
  static Duration duration(String text) {
    Matcher m = SHORT_DURATION.matcher(text);
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
    if (text.startsWith("P") || text.startsWith("p")) {
      try {
        return Duration.parse(text);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    return null;
  }

  private static Integer integer(Param p, String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String nonEmpty(Param p, String text) {
    return text.isEmpty() ? null : text;
  }

  /** Comma-separated entries, trimmed, empty ones dropped. */
  static List<String> list(String text) {
    return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static String joined(Collection<?> values) {
    return values.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  /**
   * A new instance of the class {@code name}, a {@code type} with a public no-argument constructor, loaded
   * through the thread's context class loader (the app's, at {@code init}); null for an empty name.
   *
   * @throws SettingsException naming the parameter, the class and what is wrong with it
   */
  static <T> T newInstance(Param p, String name, Class<T> type) {
    if (name.isEmpty()) {
      return null;
    }
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    Class<?> found;
    try {
      found = Class.forName(name, true, context != null ? context : ParamType.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw rejected(p, name, "no such class could be loaded");
    }
    if (!type.isAssignableFrom(found)) {
      throw rejected(p, name, "it does not implement " + type.getName());
    }
    try {
      return type.cast(found.getConstructor().newInstance());
    } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
      throw rejected(p, name, "it has no public no-argument constructor");
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw new SettingsException(p.key() + "=" + name + ": its constructor failed: " + e.getCause(), e.getCause());
    }
  }

  private static SettingsException rejected(Param p, String shown, String why) {
    return new SettingsException(p.key() + "=" + shown + " is not accepted (" + why + "); it accepts " + p.accepts());
  }

  static boolean positive(Duration d) {
    return !d.isZero() && !d.isNegative();
  }


}
