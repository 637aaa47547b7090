package dev.cloakroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.cloakroom.codec.Codecs;
import dev.cloakroom.support.RecordingAnomalyListener;
import dev.cloakroom.support.RecordingClientChangeListener;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsParserTest {

  private static final String DURATION = "a positive duration such as 30m, 1h or PT30M";

  private static Settings parse(String... keyValues) {
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      params.put(keyValues[i], keyValues[i + 1]);
    }
    return Settings.fromParams(params);
  }

  private static String rejected(Param p, String shown) {
    return p.key() + "=" + shown + " is not accepted; it accepts " + p.accepts();
  }

  /** An accepted value other than the default for every parameter; a new Param fails to compile here. */
  private static String acceptedSample(Param p) {
    return switch (p) {
      case STORE -> "com.example.RedisStoreFactory";
      case REDIS_NAMESPACE -> "shop-prod";
      case STORE_TIMEOUT -> "500ms";
      case MAX_SESSIONS -> "5000";
      case MEMORY_ENCODING -> "true";
      case IDLE_TIMEOUT -> "20m";
      case ABSOLUTE_TIMEOUT -> "12h";
      case TOUCH_INTERVAL -> "30s";
      case SWEEP_INTERVAL -> "5m";
      case COOKIE_NAME -> "SESSION";
      case COOKIE_PREFIX -> "none";
      case COOKIE_SECURE -> "always";
      case COOKIE_SAME_SITE -> "Strict";
      case COOKIE_PATH -> "/app";
      case COOKIE_DOMAIN -> "example.com";
      case COOKIE_PARTITIONED -> "false";
      case COOKIE_MAX_AGE -> "7d";
      case TRUSTED_PROXIES -> "10.0.0.0/8";
      case PRINCIPAL_ATTRIBUTE -> "user";
      case SERIALIZATION_FILTER -> "com.example.model.*";
      case JDBC_TABLE_PREFIX -> "shop_";
      case JDBC_CREATE_SCHEMA -> "true";
      case PASSIVE_PATHS -> "/api/poll, /status/*, *.json";
      case PASSIVE_HEADER -> "X-Passive";
      case RENEWAL_INTERVAL -> "15m";
      case SIGNING_KEYS -> "file:src/test/webapps/signed/WEB-INF/signing-keys";
      case SESSION_ID_SOURCES -> "header,cookie";
      case SESSION_HEADER -> "X-Session";
      case MAX_SESSIONS_PER_USER -> "3";
      case SESSION_LIMIT_POLICY -> "refuse";
      case CLIENT_CHANGE_POLICY -> "end-session";
      case CLIENT_CHANGE_LISTENER -> "dev.cloakroom.support.RecordingClientChangeListener";
      case CODEC -> "json,java";
      case JSON_TYPES -> "com.shop.Cart; com.shop.model.**";
      case ANOMALY_REJECTED_PER_MINUTE -> "off";
      case ANOMALY_CREATED_PER_MINUTE -> "500";
      case ANOMALY_LISTENER -> "dev.cloakroom.support.RecordingAnomalyListener";
      case MICROMETER -> "global";
    };
  }

  /** Other parameters an accepted sample needs beside it (jsonTypes needs the JSON codec). */
  private static Map<String, String> companions(Param p) {
    return p == Param.JSON_TYPES ? Map.of("codec", "json") : Map.of();
  }

  /** A rejected value for every parameter, alone, with the exact message. */
  private static String[] rejectedSample(Param p) {
    return switch (p) {
      case STORE -> new String[] {"mongodb://user:pw@cache:27017", rejected(p, "mongodb://***@cache:27017")};
      case REDIS_NAMESPACE -> new String[] {"my{app}", rejected(p, "my{app}")};
      case STORE_TIMEOUT -> new String[] {"soon", rejected(p, "soon")};
      case MAX_SESSIONS -> new String[] {"lots", rejected(p, "lots")};
      case MEMORY_ENCODING -> new String[] {"yes", rejected(p, "yes")};
      case IDLE_TIMEOUT -> new String[] {"abc", rejected(p, "abc")};
      case ABSOLUTE_TIMEOUT -> new String[] {"8 hours", rejected(p, "8 hours")};
      case TOUCH_INTERVAL -> new String[] {"-1m", rejected(p, "-1m")};
      case SWEEP_INTERVAL -> new String[] {"1y", rejected(p, "1y")};
      case COOKIE_NAME -> new String[] {"my session", rejected(p, "my session")};
      case COOKIE_PREFIX -> new String[] {"__Host-", rejected(p, "__Host-")};
      case COOKIE_SECURE -> new String[] {"never", rejected(p, "never")};
      case COOKIE_MAX_AGE -> new String[] {"forever", rejected(p, "forever")};
      case COOKIE_SAME_SITE -> new String[] {"Relaxed", rejected(p, "Relaxed")};
      case COOKIE_PATH -> new String[] {"app", rejected(p, "app")};
      case COOKIE_DOMAIN -> new String[] {"exa mple.com", rejected(p, "exa mple.com")};
      case COOKIE_PARTITIONED -> new String[] {"yes", rejected(p, "yes")};
      case TRUSTED_PROXIES -> new String[] {"example.com", "trustedProxies entry example.com is not accepted; it"
          + " accepts comma-separated IP addresses or CIDR ranges, such as 10.0.0.0/8"};
      case PRINCIPAL_ATTRIBUTE -> new String[] {" ", rejected(p, "(empty)")};
      case SERIALIZATION_FILTER -> new String[] {"", rejected(p, "(empty)")};
      case JDBC_TABLE_PREFIX -> new String[] {"shop sessions", rejected(p, "shop sessions")};
      case JDBC_CREATE_SCHEMA -> new String[] {"yes", rejected(p, "yes")};
      case PASSIVE_PATHS -> new String[] {"/api/poll, status/*", rejected(p, "status/*")};
      case PASSIVE_HEADER -> new String[] {"X Passive", rejected(p, "X Passive")};
      case RENEWAL_INTERVAL -> new String[] {"often", rejected(p, "often")};
      case SIGNING_KEYS -> new String[] {"k1=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
          "signingKeys must point to the keys, not hold them (the value is not shown); it accepts " + p.accepts()};
      case SESSION_ID_SOURCES -> new String[] {"cookie,cookie", rejected(p, "cookie,cookie")};
      case SESSION_HEADER -> new String[] {"Set-Cookie", rejected(p, "Set-Cookie")};
      case MAX_SESSIONS_PER_USER -> new String[] {"0", rejected(p, "0")};
      case SESSION_LIMIT_POLICY -> new String[] {"END_OLDEST", rejected(p, "END_OLDEST")};
      case CLIENT_CHANGE_POLICY -> new String[] {"logout", rejected(p, "logout")};
      case CLIENT_CHANGE_LISTENER -> new String[] {"java.lang.String", "clientChangeListener=java.lang.String is not"
          + " accepted (it does not implement dev.cloakroom.event.ClientChangeListener); it accepts " + p.accepts()};
      case CODEC -> new String[] {"yaml", rejected(p, "yaml")};
      case JSON_TYPES -> new String[] {"com.shop.Cart;java.util.*", "jsonTypes entry java.util.* is not accepted;"
          + " it accepts " + p.accepts()};
      case ANOMALY_REJECTED_PER_MINUTE -> new String[] {"many", rejected(p, "many")};
      case ANOMALY_CREATED_PER_MINUTE -> new String[] {"1000001", rejected(p, "1000001")};
      case ANOMALY_LISTENER -> new String[] {"com.example.NoSuchListener", "anomalyListener=com.example.NoSuchListener"
          + " is not accepted (no such class could be loaded); it accepts " + p.accepts()};
      case MICROMETER -> new String[] {"prometheus", rejected(p, "prometheus")};
    };
  }

  @ParameterizedTest
  @EnumSource(Param.class)
  void parseWhenEveryParamGivenAnAcceptedValueThenSetExplicitly(Param p) {
    Map<String, String> params = new HashMap<>(companions(p));
    params.put(p.key(), acceptedSample(p));
    Settings s = Settings.fromParams(params);

    assertThat(s.explicit()).containsExactlyInAnyOrderElementsOf(params.keySet());
  }

  @ParameterizedTest
  @EnumSource(Param.class)
  void parseWhenEveryParamGivenARejectedValueThenMessageNamesItAndWhatItAccepts(Param p) {
    String[] sample = rejectedSample(p);

    assertThatThrownBy(() -> parse(p.key(), sample[0]))
        .isInstanceOf(SettingsException.class)
        .hasMessage(sample[1]);
  }

  @Test
  void sessionLimitWhenNotSetThenNoneAndEndOldest() {
    Settings s = Settings.fromParams(Map.of());

    assertThat(s.maxSessionsPerUser()).isZero();
    assertThat(s.sessionLimitPolicy()).isEqualTo(Settings.SessionLimitPolicy.END_OLDEST);
  }

  @Test
  void sessionLimitWhenSetThenParsed() {
    Settings s = Settings.fromParams(Map.of("maxSessionsPerUser", "2", "sessionLimitPolicy", "end-oldest"));

    assertThat(s.maxSessionsPerUser()).isEqualTo(2);
    assertThat(s.sessionLimitPolicy()).isEqualTo(Settings.SessionLimitPolicy.END_OLDEST);
  }

  @Test
  void clientChangeWhenNotSetThenSignalAndNoListener() {
    Settings s = Settings.fromParams(Map.of());

    assertThat(s.clientChangePolicy()).isEqualTo(Settings.ClientChangePolicy.SIGNAL);
    assertThat(s.clientChangeListener()).isNull();
  }

  /** A parameter that names a listener class: a class it makes, one it cannot make, and what it made. */
  record ListenerParam(Param param, Class<?> listener, Class<?> needsArgument, Function<Settings, Object> made) {
    @Override
    public String toString() {
      return param.key();
    }
  }

  static Stream<ListenerParam> listenerParams() {
    return Stream.of(
        new ListenerParam(Param.CLIENT_CHANGE_LISTENER, RecordingClientChangeListener.class, NeedsArgument.class,
            Settings::clientChangeListener),
        new ListenerParam(Param.ANOMALY_LISTENER, RecordingAnomalyListener.class, NoDefaultConstructor.class,
            Settings::anomalyListener));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("listenerParams")
  void listenerParamWhenClassNamedThenOneInstanceMadeAtParse(ListenerParam listener) {
    Settings s = parse(listener.param().key(), listener.listener().getName());

    assertThat(listener.made().apply(s)).isInstanceOf(listener.listener());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("listenerParams")
  void listenerParamWhenNoSuchClassThenRejectedNamingIt(ListenerParam listener) {
    Param p = listener.param();

    assertThatThrownBy(() -> parse(p.key(), "com.example.Nope"))
        .isInstanceOf(SettingsException.class)
        .hasMessage(p.key() + "=com.example.Nope is not accepted (no such class could be loaded); it accepts "
            + p.accepts());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("listenerParams")
  void listenerParamWhenNoPublicNoArgConstructorThenRejectedNamingIt(ListenerParam listener) {
    Param p = listener.param();
    String name = listener.needsArgument().getName();

    assertThatThrownBy(() -> parse(p.key(), name))
        .isInstanceOf(SettingsException.class)
        .hasMessage(p.key() + "=" + name + " is not accepted (it has no public no-argument constructor); it accepts "
            + p.accepts());
  }

  @Test
  void clientChangeListenerWhenConstructorThrowsThenRejectedWithItsCause() {
    assertThatThrownBy(() -> parse("clientChangeListener", Throwing.class.getName()))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("clientChangeListener=" + Throwing.class.getName() + ": its constructor failed:")
        .hasRootCauseInstanceOf(IllegalStateException.class);
  }

  /** A listener the parameter cannot make: its only constructor takes an argument. */
  public static final class NeedsArgument implements dev.cloakroom.event.ClientChangeListener {
    public NeedsArgument(String name) {
    }

    @Override
    public void clientChanged(dev.cloakroom.event.ClientChange change) {
    }
  }

  /** A listener whose constructor fails. */
  public static final class Throwing implements dev.cloakroom.event.ClientChangeListener {
    public Throwing() {
      throw new IllegalStateException("no configuration");
    }

    @Override
    public void clientChanged(dev.cloakroom.event.ClientChange change) {
    }
  }

  @Test
  void parseWhenNoParamsThenDefaults() {
    Settings s = parse();

    assertThat(s.store()).isEqualTo("memory");
    assertThat(s.maxSessions()).isEqualTo(Settings.heapSizedMaxSessions(Runtime.getRuntime().maxMemory()));
    assertThat(s.memoryEncoding()).isFalse();
    assertThat(s.idleTimeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(s.absoluteTimeout()).isEqualTo(Duration.ofHours(8));
    assertThat(s.touchInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(s.sweepInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(s.cookieName()).isEqualTo("SID");
    assertThat(s.cookiePrefix()).isEqualTo(Settings.CookiePrefix.AUTO);
    assertThat(s.cookieSecure()).isEqualTo(Settings.CookieSecure.AUTO);
    assertThat(s.cookieSameSite()).isEqualTo(Settings.SameSite.LAX);
    assertThat(s.cookiePath()).isNull();
    assertThat(s.cookieDomain()).isNull();
    assertThat(s.cookiePartitioned()).isFalse();
    assertThat(s.trustedProxies()).isEmpty();
    assertThat(s.principalAttribute()).isNull();
    assertThat(s.serializationFilter()).isNull();
    assertThat(s.explicit()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"500ms, PT0.5S", "90s, PT1M30S", "30m, PT30M", "12h, PT12H", "7d, PT168H", "PT30M, PT30M",
      "pt45s, PT45S"})
  void parseWhenDurationFormThenRead(String text, String iso) {
    assertThat(parse("sweepInterval", text).sweepInterval()).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"30M", "30 m", "1h30m", "30", "m", "P", "PT", "30min", "1e3s"})
  void parseWhenDurationMalformedThenRejected(String text) {
    assertThatThrownBy(() -> parse("idleTimeout", text))
        .isInstanceOf(SettingsException.class)
        .hasMessage("idleTimeout=" + text + " is not accepted; it accepts " + DURATION);
  }

  @Test
  void parseWhenIdleTimeoutZeroThenRejected() {
    assertThatThrownBy(() -> parse("idleTimeout", "0s"))
        .isInstanceOf(SettingsException.class)
        .hasMessage("idleTimeout=PT0S is not accepted; it accepts " + DURATION);
  }

  @Test
  void parseWhenTouchIntervalZeroThenAccepted() {
    assertThat(parse("touchInterval", "0s").touchInterval()).isZero();
  }

  @Test
  void parseWhenValueHasSurroundingSpacesThenTrimmed() {
    assertThat(parse("idleTimeout", " 20m ").idleTimeout()).isEqualTo(Duration.ofMinutes(20));
  }

  @Test
  void parseWhenValueNullThenRejectedAsEmpty() {
    assertThatThrownBy(() -> parse("idleTimeout", null))
        .isInstanceOf(SettingsException.class)
        .hasMessage("idleTimeout=(empty) is not accepted; it accepts " + DURATION);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "100000000"})
  void parseWhenMaxSessionsInRangeThenAccepted(String text) {
    assertThat(parse("maxSessions", text).maxSessions()).isEqualTo(Integer.parseInt(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "100000001"})
  void parseWhenMaxSessionsOutOfRangeThenRejectedNotClamped(String text) {
    assertThatThrownBy(() -> parse("maxSessions", text))
        .isInstanceOf(SettingsException.class)
        .hasMessage("maxSessions=" + text + " is not accepted; it accepts a whole number from 1 to 100000000");
  }

  /** Issue 7, case 8: the default bound follows the heap, a quarter of it at 4 KiB a session, clamped. */
  @ParameterizedTest
  @CsvSource({"268435456, 16384", "1073741824, 65536", "8589934592, 524288", "1048576, 1000",
      "9223372036854775807, 10000000"})
  void maxSessionsWhenNotSetThenSizedFromTheHeap(long maxHeapBytes, int expected) {
    assertThat(Settings.heapSizedMaxSessions(maxHeapBytes)).isEqualTo(expected);
  }

  /** Issue 7, case 7: the memory store keeps live objects unless told to encode like a remote store. */
  @Test
  void parseWhenMemoryEncodingTrueThenSet() {
    assertThat(parse("memoryEncoding", "true").memoryEncoding()).isTrue();
  }

  @Test
  void parseWhenStoreMemoryThenAccepted() {
    assertThat(parse("store", "memory").store()).isEqualTo("memory");
  }

  @ParameterizedTest
  @CsvSource({"auto, AUTO", "host, HOST", "secure, SECURE", "none, NONE", "HOST, HOST"})
  void parseWhenCookiePrefixChoiceThenAccepted(String text, Settings.CookiePrefix expected) {
    assertThat(parse("cookiePrefix", text, "cookieSecure", "always").cookiePrefix()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"auto, AUTO", "always, ALWAYS", "Always, ALWAYS"})
  void parseWhenCookieSecureChoiceThenAccepted(String text, Settings.CookieSecure expected) {
    assertThat(parse("cookieSecure", text).cookieSecure()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"Lax, LAX", "lax, LAX", "Strict, STRICT", "None, NONE"})
  void parseWhenCookieSameSiteChoiceThenAccepted(String text, Settings.SameSite expected) {
    assertThat(parse("cookieSameSite", text, "cookieSecure", "always").cookieSameSite()).isEqualTo(expected);
  }

  /** Values of the form each parameter takes that it still refuses, each alone. */
  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', textBlock = """
      COOKIE_NAME   | __Host-SID
      COOKIE_NAME   | __Secure-SID
      COOKIE_NAME   | S;ID
      COOKIE_NAME   | SÏD
      COOKIE_PATH   | /a;b
      COOKIE_PATH   | /a b
      COOKIE_PATH   | /é
      COOKIE_DOMAIN | -bad.com
      COOKIE_DOMAIN | example.com;x
      COOKIE_DOMAIN | exa_mple.com
      COOKIE_DOMAIN | example..com
      CODEC         | json,json
      CODEC         | json,
      CODEC         | ,json
      CODEC         | JSON
      CODEC         | json;java
      CODEC         | json,java,json""")
  void parseWhenValueMalformedThenRejectedNamingItAndWhatTheParameterAccepts(Param p, String text) {
    assertThatThrownBy(() -> parse(p.key(), text))
        .isInstanceOf(SettingsException.class)
        .hasMessage(rejected(p, text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"example.com", ".example.com", "a-b.example.co.uk", "localhost"})
  void parseWhenCookieDomainIsADomainNameThenAccepted(String text) {
    assertThat(parse("cookieDomain", text).cookieDomain()).isEqualTo(text);
  }

  @Test
  void parseWhenCookiePartitionedTrueWithSecureAlwaysThenAccepted() {
    assertThat(parse("cookiePartitioned", "true", "cookieSecure", "always").cookiePartitioned()).isTrue();
  }

  @Test
  void parseWhenCookiePartitionedUpperCaseThenRejected() {
    assertThatThrownBy(() -> parse("cookiePartitioned", "TRUE"))
        .isInstanceOf(SettingsException.class)
        .hasMessage("cookiePartitioned=TRUE is not accepted; it accepts true or false");
  }

  @Test
  void parseWhenTrustedProxiesListThenEveryEntryKept() {
    assertThat(parse("trustedProxies", "10.0.0.0/8, ::1, 192.168.1.7").trustedProxies())
        .containsExactly("10.0.0.0/8", "::1", "192.168.1.7");
  }

  @Test
  void parseWhenTrustedProxiesPrefixTooLongThenRejectedNamingEntry() {
    assertThatThrownBy(() -> parse("trustedProxies", "10.0.0.1, 10.0.0.0/33"))
        .isInstanceOf(SettingsException.class)
        .hasMessage("trustedProxies entry 10.0.0.0/33 is not accepted; it accepts comma-separated IP addresses"
            + " or CIDR ranges, such as 10.0.0.0/8");
  }

  @Test
  void parseWhenSerializationFilterMalformedThenRejectedNamingIt() {
    assertThatThrownBy(() -> parse("serializationFilter", "maxdepth=abc"))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("serializationFilter=maxdepth=abc is not accepted: ")
        .hasMessageEndingWith("; it accepts " + Param.SERIALIZATION_FILTER.accepts());
  }

  @Test
  void parseWhenKeyMisspelledThenNearestSuggested() {
    assertThatThrownBy(() -> parse("idleTimout", "30m"))
        .isInstanceOf(SettingsException.class)
        .hasMessage("unknown parameter idleTimout (did you mean idleTimeout?); the parameters are " + Param.keys());
  }

  @Test
  void parseWhenKeyCaseDiffersThenUnknownWithSuggestion() {
    assertThatThrownBy(() -> parse("IdleTimeout", "30m"))
        .isInstanceOf(SettingsException.class)
        .hasMessage("unknown parameter IdleTimeout (did you mean idleTimeout?); the parameters are " + Param.keys());
  }

  @Test
  void parseWhenKeyFarFromEveryNameThenNoSuggestion() {
    assertThatThrownBy(() -> parse("zzz", "1"))
        .isInstanceOf(SettingsException.class)
        .hasMessage("unknown parameter zzz; the parameters are " + Param.keys());
  }

  static Stream<Arguments> setInCode() {
    return Stream.of(
        arguments("idleTimeout", "30m", (UnaryOperator<Settings.Builder>) b -> b.idleTimeout(Duration.ofMinutes(20))),
        arguments("codec", "json",
            (UnaryOperator<Settings.Builder>) b -> b.codec(Codecs.open(List.of("java"), null, null))),
        arguments("clientChangeListener", RecordingClientChangeListener.class.getName(),
            (UnaryOperator<Settings.Builder>) b -> b.clientChangeListener(change -> { })),
        arguments("anomalyListener", RecordingAnomalyListener.class.getName(),
            (UnaryOperator<Settings.Builder>) b -> b.anomalyListener(anomaly -> { })));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("setInCode")
  void applyWhenKeySetInCodeThenInParamsThenFailsNamingBothDoors(String key, String value,
      UnaryOperator<Settings.Builder> inCode) {
    Settings.Builder builder = inCode.apply(Settings.builder());

    assertThatThrownBy(() -> SettingsParser.apply(builder, Map.of(key, value), "init-param"))
        .isInstanceOf(SettingsException.class)
        .hasMessage(key + " is set twice (code and init-param); set it once");
  }

  @Test
  void applyWhenKeySetInParamsThenInCodeThenFailsNamingBothDoors() {
    Settings.Builder builder = Settings.builder();
    SettingsParser.apply(builder, Map.of("cookieName", "S"), "init-param");

    assertThatThrownBy(() -> builder.cookieName("T"))
        .isInstanceOf(SettingsException.class)
        .hasMessage("cookieName is set twice (init-param and code); set it once");
  }

  @Test
  void parseWhenSameSiteNoneWithoutSecureAlwaysThenRejected() {
    assertThatThrownBy(() -> parse("cookieSameSite", "None"))
        .isInstanceOf(SettingsException.class)
        .hasMessage("cookieSameSite=None needs cookieSecure=always: browsers reject a SameSite=None cookie"
            + " without Secure");
  }

  @Test
  void parseWhenPartitionedWithoutSecureAlwaysThenRejected() {
    assertThatThrownBy(() -> parse("cookiePartitioned", "true"))
        .isInstanceOf(SettingsException.class)
        .hasMessage("cookiePartitioned=true needs cookieSecure=always: browsers reject a Partitioned cookie"
            + " without Secure");
  }

  @Test
  void parseWhenHostPrefixWithDomainThenRejected() {
    assertThatThrownBy(() -> parse("cookiePrefix", "host", "cookieSecure", "always", "cookieDomain", "example.com"))
        .isInstanceOf(SettingsException.class)
        .hasMessage("cookiePrefix=host cannot go with cookieDomain: a __Host- cookie has no Domain");
  }

  @Test
  void parseWhenHostPrefixWithSubPathThenRejected() {
    assertThatThrownBy(() -> parse("cookiePrefix", "host", "cookieSecure", "always", "cookiePath", "/app"))
        .isInstanceOf(SettingsException.class)
        .hasMessage("cookiePrefix=host needs cookiePath=/ (it is /app)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"host", "secure"})
  void parseWhenPrefixWithoutSecureAlwaysThenRejected(String prefix) {
    assertThatThrownBy(() -> parse("cookiePrefix", prefix))
        .isInstanceOf(SettingsException.class)
        .hasMessage("cookiePrefix=" + prefix + " needs cookieSecure=always: browsers reject a prefixed cookie"
            + " without Secure");
  }

  @Test
  void parseWhenAbsoluteTimeoutBelowIdleTimeoutThenRejected() {
    assertThatThrownBy(() -> parse("absoluteTimeout", "10m"))
        .isInstanceOf(SettingsException.class)
        .hasMessage("absoluteTimeout=PT10M (idleTimeout is PT30M) is not accepted; it accepts a positive duration"
            + " at least idleTimeout, such as 8h or PT8H");
  }

  @Test
  void parseWhenAbsoluteTimeoutEqualsIdleTimeoutThenAccepted() {
    assertThat(parse("absoluteTimeout", "30m").absoluteTimeout()).isEqualTo(Duration.ofMinutes(30));
  }

  /** Issue 7, case 1: a short idle timeout never makes the settings fail; each session touches sooner. */
  @Test
  void parseWhenTouchIntervalAtOrAboveIdleTimeoutThenAccepted() {
    Settings s = Settings.fromParams(Map.of("idleTimeout", "1m", "touchInterval", "5m"));

    assertThat(s.touchInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.idleTimeout()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void buildWhenRenewalIntervalNotBelowAbsoluteTimeoutThenRejected() {
    assertThatThrownBy(() -> Settings.fromParams(Map.of("renewalInterval", "8h")))
        .isInstanceOf(SettingsException.class)
        .hasMessage("renewalInterval=PT8H (absoluteTimeout is PT8H, touchInterval is PT1M) is not accepted;"
            + " it accepts " + Param.RENEWAL_INTERVAL.accepts());
  }

  @Test
  void buildWhenRenewalIntervalBelowTouchIntervalThenRejected() {
    assertThatThrownBy(() -> Settings.fromParams(Map.of("renewalInterval", "30s")))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("renewalInterval=PT30S (absoluteTimeout is PT8H, touchInterval is PT1M)");
  }

  @Test
  void buildWhenRenewalIntervalNotSetThenOff() {
    assertThat(Settings.builder().build().renewalInterval()).isNull();
  }

  @Test
  void buildWhenTouchIntervalNegativeThenRejected() {
    assertThatThrownBy(() -> Settings.builder().touchInterval(Duration.ofSeconds(-1)).build())
        .isInstanceOf(SettingsException.class)
        .hasMessage("touchInterval=PT-1S is not accepted; it accepts a duration of 0 or more, such as 1m");
  }

  static Stream<Arguments> everyKey() {
    return Arrays.stream(Param.values()).map(p -> Arguments.of(p.key()));
  }

  @ParameterizedTest
  @MethodSource("everyKey")
  void paramOfWhenKeyThenFindsIt(String key) {
    assertThat(Param.of(key)).map(Param::key).contains(key);
  }

  @Test
  void keysWhenListedThenInDeclarationOrder() {
    assertThat(Param.keys()).startsWith("store", "maxSessions").hasSize(Param.values().length);
    assertThat(List.copyOf(Param.keys())).doesNotHaveDuplicates();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Cookie", "set-cookie", "Authorization", "Host", "Session-Id"})
  void parseWhenPassiveHeaderReservedOrTheSessionHeaderThenRejected(String header) {
    assertThatThrownBy(() -> parse("passiveHeader", header))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("passiveHeader=" + header)
        .hasMessageEndingWith("it accepts " + Param.PASSIVE_HEADER.accepts());
  }

  @Test
  void codecWhenNotSetThenJavaAlone() {
    assertThat(Settings.fromParams(Map.of()).codecs()).containsExactly(Settings.Codec.JAVA);
  }

  @Test
  void codecWhenTwoGivenThenInThatOrder() {
    assertThat(parse("codec", "java, json").codecs()).containsExactly(Settings.Codec.JAVA, Settings.Codec.JSON);
  }

  @Test
  void parseWhenJsonTypesWithoutTheJsonCodecThenRejected() {
    assertThatThrownBy(() -> parse("jsonTypes", "com.shop.*"))
        .isInstanceOf(SettingsException.class)
        .hasMessage("jsonTypes is set but codec=java does not include json");
  }

  @Test
  void parseWhenSerializationFilterWithJsonCodecAloneThenRejected() {
    assertThatThrownBy(() -> parse("codec", "json", "serializationFilter", "com.shop.*"))
        .isInstanceOf(SettingsException.class)
        .hasMessage("serializationFilter is set but codec=json never reads Java serialization; remove it, or set"
            + " codec=json,java while old values remain");
  }

  @Test
  void parseWhenSerializationFilterAndJsonTypesWithBothCodecsThenAccepted() {
    Settings s = parse("codec", "json,java", "serializationFilter", "com.shop.*", "jsonTypes", "com.shop.*");

    assertThat(s.serializationFilter()).isEqualTo("com.shop.*");
    assertThat(s.jsonTypes()).isEqualTo("com.shop.*");
  }

  @Test
  void toStringWhenJsonCodecThenNamesCodecsAndTypes() {
    assertThat(parse("codec", "json,java", "jsonTypes", "com.shop.*").toString())
        .contains(" codec=json,java jsonTypes=com.shop.* ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"*.tar.gz", ",", " , "})
  void parseWhenPassivePathsCanNeverMatchOrListNothingThenRejected(String paths) {
    assertThatThrownBy(() -> parse("passivePaths", paths))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("passivePaths=")
        .hasMessageEndingWith("it accepts " + Param.PASSIVE_PATHS.accepts());
  }

  // ---- anomaly signals and Micrometer (issue 11)

  @Test
  void anomalyThresholdsWhenNotSetThenOnWithDefaultsAndMicrometerOff() {
    Settings s = parse();

    assertThat(s.anomalyRejectedPerMinute()).isEqualTo(30);
    assertThat(s.anomalyCreatedPerMinute()).isEqualTo(120);
    assertThat(s.anomalyListener()).isNull();
    assertThat(s.micrometer()).isEqualTo(Settings.Micrometer.OFF);
  }

  @ParameterizedTest
  @ValueSource(strings = {"off", "0"})
  void anomalyThresholdWhenOffOrZeroThenOff(String text) {
    assertThat(parse("anomalyRejectedPerMinute", text).anomalyRejectedPerMinute()).isZero();
  }

  @Test
  void anomalyThresholdWhenNegativeThenRejectedNotClamped() {
    assertThatThrownBy(() -> parse("anomalyCreatedPerMinute", "-5"))
        .isInstanceOf(SettingsException.class)
        .hasMessage(rejected(Param.ANOMALY_CREATED_PER_MINUTE, "-5"));
  }

  @Test
  void anomalyListenerWhenClassIsNoListenerThenRejectedNamingTheInterface() {
    assertThatThrownBy(() -> parse("anomalyListener", "java.lang.String"))
        .isInstanceOf(SettingsException.class)
        .hasMessage("anomalyListener=java.lang.String is not accepted (it does not implement"
            + " dev.cloakroom.event.AnomalyListener); it accepts " + Param.ANOMALY_LISTENER.accepts());
  }

  @Test
  void anomalyListenerWhenBothThresholdsOffThenRejectedAsNeverCalled() {
    assertThatThrownBy(() -> parse("anomalyListener", "dev.cloakroom.support.RecordingAnomalyListener",
        "anomalyRejectedPerMinute", "off", "anomalyCreatedPerMinute", "off"))
        .isInstanceOf(SettingsException.class)
        .hasMessage("anomalyListener needs anomalyRejectedPerMinute or anomalyCreatedPerMinute on: both are off,"
            + " so it would never be called");
  }

  /** An anomaly listener the parameter cannot make. */
  public static final class NoDefaultConstructor implements dev.cloakroom.event.AnomalyListener {
    public NoDefaultConstructor(String unused) {}

    @Override
    public void anomaly(Anomaly anomaly) {}
  }
}
