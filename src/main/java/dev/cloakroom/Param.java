package dev.cloakroom;

import dev.cloakroom.event.AnomalyListener;
import dev.cloakroom.event.ClientChangeListener;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every configuration parameter, named once. The same names are web.xml {@code <init-param>}s,
 * {@code @WebFilter(initParams = ...)} entries and {@link Settings.Builder} methods.
 *
 * <p>Durations read {@code 500ms}, {@code 90s}, {@code 30m}, {@code 12h}, {@code 7d} or ISO-8601
 * ({@code PT30M}).
 *
 * @since 0.1
 */
public enum Param {
  /**
   * Where sessions live: {@code memory}; a Redis URI ({@code redis://}, {@code rediss://},
   * {@code redis-sentinel://…#master}, {@code redis-cluster://host:port,host:port}; see
   * {@link dev.cloakroom.store.redis.RedisEndpoints}); a {@code jdbc:} URL (the filter opens a small
   * HikariCP pool: HikariCP and the JDBC driver must be on the class path); the JNDI name of a
   * container-managed {@code DataSource} ({@code java:comp/env/jdbc/sessions}); or the class name of a
   * {@link dev.cloakroom.StoreFactory}. In code, {@link Settings.Builder#store(javax.sql.DataSource)}.
   */
  STORE("store", "memory", "memory, redis://host:port[/db], rediss://…, redis-sentinel://host:port[,host:port]#master,"
      + " redis-cluster://host:port[,host:port…], a jdbc: URL, a JNDI name (java:comp/env/…) of a DataSource,"
      + " or the class name of a dev.cloakroom.StoreFactory",
      ParamType.STORE),
  /**
   * Memory store: most sessions held at once. When it is full, a new session makes room by evicting the
   * least recently used sessions that have no principal; only when every session held is signed in does
   * creating one fail with 503. By default sized from the heap: a quarter of
   * {@code Runtime.maxMemory()} divided by 4 KiB assumed per session, clamped to 1000 to 10000000 (a
   * 1 GiB heap holds 65536).
   */
  MAX_SESSIONS("maxSessions", "(max heap / 16 KiB, from 1000 to 10000000)", ParamType.wholeNumber(1, 100_000_000)),
  /**
   * Memory store: encode attribute values with the codec, as a remote store does, instead of keeping
   * the live objects. Off by default (values stay objects, as in the container's own sessions: any value
   * is accepted and a read costs no decoding). Turn it on to find, before moving to a remote store, the
   * values it cannot hold: they then fail at {@code setAttribute} with {@code IllegalArgumentException}.
   */
  MEMORY_ENCODING("memoryEncoding", "false", ParamType.BOOLEAN),
  /** Idle (sliding) timeout; per session through {@code setMaxInactiveInterval}. */
  IDLE_TIMEOUT("idleTimeout", "30m", "a positive duration such as 30m, 1h or PT30M", ParamType.POSITIVE_DURATION),
  /** Absolute timeout, counted from creation and restarted by re-authentication. */
  ABSOLUTE_TIMEOUT("absoluteTimeout", "8h", "a positive duration at least idleTimeout, such as 8h or PT8H",
      ParamType.POSITIVE_DURATION),
  /**
   * Last-access time is written at most once per this interval; 0 writes it on every request. A
   * session's own interval is the smaller of this and a quarter of its idle timeout (the setting, the
   * app's {@code session-timeout}, or {@code setMaxInactiveInterval}), so a session whose user keeps
   * clicking never expires, whatever its idle timeout, and an idle session lives at least three quarters
   * of its idle timeout after its last request. Any value works with any idle timeout.
   */
  TOUCH_INTERVAL("touchInterval", "1m", "a duration of 0 or more, such as 1m", ParamType.DURATION),
  /** How often expired sessions are swept from stores that do not expire them by themselves. */
  SWEEP_INTERVAL("sweepInterval", "1m", "a positive duration such as 1m", ParamType.POSITIVE_DURATION),
  /**
   * Base name of the session cookie; the prefix comes from {@code cookiePrefix}. A name the app sets in
   * its own session config is used as given instead, unless {@code cookiePrefix} is set.
   */
  COOKIE_NAME("cookieName", "SID", "a cookie name (RFC 6265 token) not starting with __Host- or __Secure-",
      ParamType.COOKIE_NAME),
  /**
   * Cookie name prefix. {@code auto}: none over plain http; when Secure, {@code __Host-} unless a
   * {@code cookieDomain} or a {@code cookiePath} other than {@code /} is set (then {@code __Secure-}).
   * An app not at {@code /} then gets {@code Path=/} and a name of its own, {@code __Host-SID-} and 8 hex
   * digits of the SHA-256 of its context path, so that no sibling subdomain can plant a cookie it reads.
   */
  COOKIE_PREFIX("cookiePrefix", "auto", ParamType.choice(Settings.CookiePrefix.class)),
  /** Secure attribute: {@code auto} (secure requests, or https from a trusted proxy) or {@code always}. */
  COOKIE_SECURE("cookieSecure", "auto", ParamType.choice(Settings.CookieSecure.class)),
  /** SameSite attribute. */
  COOKIE_SAME_SITE("cookieSameSite", "Lax", ParamType.choice(Settings.SameSite.class, Settings.SameSite::text)),
  /**
   * Path attribute; by default the context path ({@code /} for the root context), or {@code /} for a
   * Secure cookie with the automatic {@code __Host-} prefix.
   */
  COOKIE_PATH("cookiePath", "(context path)", "a path starting with /", ParamType.COOKIE_PATH),
  /** Domain attribute; by default none, so the cookie goes to this host only. */
  COOKIE_DOMAIN("cookieDomain", "(none)", "a domain name such as example.com", ParamType.COOKIE_DOMAIN),
  /**
   * Max-Age of every session cookie, so it outlives the browser session (capped at the session's
   * absolute expiry). By default none: the cookie ends with the browser session, except for remember-me
   * sessions ({@link SessionFilter#REMEMBER_ME}).
   */
  COOKIE_MAX_AGE("cookieMaxAge", "(none)", "a positive duration such as 7d", ParamType.POSITIVE_DURATION),
  /** Partitioned attribute (CHIPS), for sessions inside third-party iframes. Needs cookieSecure=always. */
  COOKIE_PARTITIONED("cookiePartitioned", "false", ParamType.BOOLEAN),
  /** Proxies whose {@code X-Forwarded-Proto} is believed, by address or CIDR range. */
  TRUSTED_PROXIES("trustedProxies", "(none)", "comma-separated IP addresses or CIDR ranges, such as 10.0.0.0/8",
      ParamType.PROXIES),
  /**
   * Session attribute holding the signed-in user: a {@code String} name or a
   * {@link java.security.Principal} (or any value, with {@link Settings.Builder#principalName} in code).
   * A change of the <em>name</em> gives the session a new id and restarts its absolute timeout; storing
   * another object with the same name does neither. Other values are refused at {@code setAttribute}.
   */
  PRINCIPAL_ATTRIBUTE("principalAttribute", "(none)", "a session attribute name (its values: String or java.security.Principal)",
      ParamType.TEXT),
  /** Classes the serialization codec may decode, added before the built-in allow-list. */
  SERIALIZATION_FILTER("serializationFilter", "(none)",
      "java.io.ObjectInputFilter patterns separated by ';', such as com.example.model.*",
      ParamType.SERIALIZATION_FILTER),
  /** Redis store: prefix of every key, so several applications can share one Redis. */
  REDIS_NAMESPACE("redisNamespace", "cloakroom", "1 to 64 letters, digits, '.', '_', ':' or '-'",
      ParamType.REDIS_NAMESPACE),
  /** Networked stores: how long one store command may take before it counts as the store being down. */
  STORE_TIMEOUT("storeTimeout", "2s", "a duration from 1ms to 60s, such as 500ms or 2s", ParamType.STORE_TIMEOUT),
  /**
   * JDBC store: prefix of its three table names ({@code <prefix>sessions}, {@code <prefix>attributes},
   * {@code <prefix>moves}), so several applications can share one database.
   */
  JDBC_TABLE_PREFIX("jdbcTablePrefix", "cloakroom_", "1 to 32 letters, digits or '_', starting with a letter",
      ParamType.JDBC_TABLE_PREFIX),
  /**
   * JDBC store: create the tables at start-up if they are missing (the shipped DDL,
   * {@code dev/cloakroom/jdbc/schema-<database>.sql}). Off by default: production schemas are usually
   * run by hand or by a migration tool.
   */
  JDBC_CREATE_SCHEMA("jdbcCreateSchema", "false", ParamType.BOOLEAN),
  /**
   * Passive requests by path: a request whose path within the application (servlet path plus path
   * info: decoded, normalized, without the context path or the query) matches one of these servlet
   * URL patterns reads its session without extending its idle timer: no touch, no renewal, no cookie,
   * and no store write unless the app itself changes the session (then only that change is written,
   * still without a touch). Patterns: an exact path ({@code /api/poll}), a prefix ({@code /status/*},
   * which also matches {@code /status}), or an extension ({@code *.json}); {@code /} alone matches only
   * the root. By default none: which requests are background traffic is the app's knowledge.
   *
   * @since 0.2
   */
  PASSIVE_PATHS("passivePaths", "(none)",
      "comma-separated servlet URL patterns: an exact path (/api/poll), a prefix (/status/*) or an extension (*.json)",
      ParamType.PATH_PATTERNS),
  /**
   * Passive requests by header: a request carrying this header, with any value, is passive as
   * {@code passivePaths} describes (for clients that poll, such as a script's {@code fetch} with
   * {@code X-Passive: 1}). A client can only make its own request weaker with it: a passive request
   * never keeps a session alive. By default none.
   *
   * @since 0.2
   */
  PASSIVE_HEADER("passiveHeader", "(none)", "a request header name (an RFC 9110 token) other than Cookie, Set-Cookie,"
      + " Authorization, Host and the sessionHeader, such as X-Passive",
      ParamType.HEADER),
  /**
   * Renewal timeout: a session's id is renewed every this long of its life, counted from its
   * authentication (else its creation), so a stolen cookie stops working at the next boundary even while
   * the real user stays active. The first non-passive request that uses the session after a boundary
   * gives it a new id and a new cookie; data, principal and absolute deadline are kept; the old id dies
   * at once. That request also writes the last-access time, whatever {@code touchInterval} says, so the
   * next requests do not renew again. Must be less than {@code absoluteTimeout} and at least
   * {@code touchInterval}. Off by default: each renewal costs an id change and a cookie.
   *
   * @since 0.2
   */
  RENEWAL_INTERVAL("renewalInterval", "(off)",
      "a positive duration at least touchInterval and less than absoluteTimeout, such as 15m",
      ParamType.POSITIVE_DURATION),
  /**
   * Keys that sign session ids: {@code env:VARIABLE} or {@code file:/path} (a relative path is read from
   * the server's working directory) whose content is {@code kid=base64key} entries separated by commas
   * or newlines, each key at least 32 bytes, each key id (1 to 16 letters, digits, {@code _} or
   * {@code -}) once. Never the keys themselves: a value of any other form fails {@code init} without
   * being shown. The first key signs; every key verifies. The cookie (or header) then carries
   * {@code <id>.<kid>.<tag>}, the tag being the first 128 bits of HMAC-SHA-256 over {@code <id>.<kid>},
   * base64url. A value that does not verify is an absent session and costs no store call. A session
   * whose id was signed by another key than the first gets its value re-issued under the first key on
   * its next response, so keys rotate by adding a new first key, waiting out the absolute timeout, then
   * dropping the old one. Unsigned values (cookies issued before keys were set) are not accepted: those
   * sessions end. Off by default (ids carry 256 random bits and are not guessable either way). In code,
   * {@link Settings.Builder#signingKeys(String)} takes the entries.
   *
   * @since 0.2
   */
  SIGNING_KEYS("signingKeys", "(none)", "env:VARIABLE or file:/path (never the keys themselves) holding"
      + " kid=base64key entries separated by commas or newlines, each key at least 32 bytes",
      ParamType.SIGNING_KEYS),
  /**
   * Where session ids come from and go to, in the order tried: {@code cookie}, {@code header} (the
   * {@code sessionHeader}, for API and mobile clients), or both ({@code cookie,header} or
   * {@code header,cookie}). With both, the first source in this order that the request carries a value
   * in (even an empty or invalid one) is the only one read, and the response answers through it; a
   * request that carries none gets a new session through the first source. A session found through the
   * header is answered with the header, never with {@code Set-Cookie}.
   *
   * @since 0.2
   */
  SESSION_ID_SOURCES("sessionIdSources", "cookie", "cookie, header, cookie,header or header,cookie",
      ParamType.choices(Settings.IdSource.class)),
  /**
   * The request and response header of the {@code header} source: the client sends its id in it; the
   * response carries it when the id is new or changed, and with an empty value when the session ended.
   * Never read from the query string.
   *
   * @since 0.2
   */
  SESSION_HEADER("sessionHeader", "Session-Id", "a header name (RFC 9110 token) other than Cookie, Set-Cookie,"
      + " Authorization and Host",
      ParamType.HEADER),
  /**
   * Most sessions one signed-in user may hold at once (counted over the sessions that carry their
   * principal, on every node sharing the store). By default none. When a sign-in ({@code login()} or
   * the {@code principalAttribute}) would give the user one more, {@code sessionLimitPolicy} decides
   * what gives way.
   *
   * @since 0.2
   */
  MAX_SESSIONS_PER_USER("maxSessionsPerUser", "(none)", ParamType.wholeNumber(1, 10_000)),
  /**
   * What a sign-in beyond {@code maxSessionsPerUser} does: {@code end-oldest} (the default) ends the
   * user's least recently signed-in sessions, as if they had been invalidated; {@code refuse} fails the
   * sign-in with {@link SessionLimitException} and leaves the session as it was before, anonymous, with a
   * new id. The default ends old sessions because refusing would lock out a user whose old device was
   * lost or stolen until its session expires.
   *
   * @since 0.2
   */
  SESSION_LIMIT_POLICY("sessionLimitPolicy", "end-oldest", ParamType.named(Settings.SessionLimitPolicy.class)),
  /**
   * What happens when a signed-in session is used by a client whose coarse fingerprint differs from the
   * one taken at sign-in (its network, IPv4 /24 or IPv6 /48, under the {@code trustedProxies} rules; or
   * its browser family or major version): {@code signal} (the default) only raises the event (the
   * {@code client-changed} counter, an INFO log line, the {@code clientChangeListener}); {@code end-session}
   * also ends the session, as if invalidated, and the request goes on without one. The default is not a
   * logout because honest clients change both all the time: phones move between mobile and Wi-Fi
   * networks, mobile carriers move users between address blocks, and browsers update themselves.
   *
   * @since 0.2
   */
  CLIENT_CHANGE_POLICY("clientChangePolicy", "signal", ParamType.named(Settings.ClientChangePolicy.class)),
  /**
   * The class of a {@link dev.cloakroom.event.ClientChangeListener}, made once at start-up with its public
   * no-argument constructor, told of every client change ({@code clientChangePolicy}). In code,
   * {@link Settings.Builder#clientChangeListener}. By default none.
   *
   * @since 0.2
   */
  CLIENT_CHANGE_LISTENER("clientChangeListener", "(none)", ParamType.instanceOf(ClientChangeListener.class)),
  /**
   * How attribute values are encoded for the store (Redis, JDBC, or the memory store with
   * {@code memoryEncoding}): {@code java} (Java serialization behind {@code serializationFilter}) or
   * {@code json} (readable JSON through Jackson, behind {@code jsonTypes}; needs
   * {@code com.fasterxml.jackson.core:jackson-databind} 2.18 or later on the class path). Two, comma-separated,
   * switch a live store from one to the other: the first writes, and each value is read by the codec that
   * wrote it ({@code json,java} moves to JSON, {@code java,json} back). With one codec, values written by
   * the other are dropped and counted when read.
   *
   * @since 0.2
   */
  CODEC("codec", "java", "java, json, json,java or java,json", ParamType.CODECS),
  /**
   * The JSON codec's allow-list: the application classes a stored value may be read as, besides the
   * built-in types ({@code String}, boxed primitives, {@code BigInteger}, {@code BigDecimal}, {@code UUID},
   * {@code URI}, {@code java.time} values, and lists, sets and maps of allowed values). Entries separated by
   * {@code ;}: a class name ({@code com.shop.Cart}, a nested one as {@code com.shop.Cart$Line}),
   * {@code com.shop.*} (the package's classes) or {@code com.shop.**} (with its subpackages); no JDK classes.
   * Needs {@code codec} to include {@code json}.
   *
   * @since 0.2
   */
  JSON_TYPES("jsonTypes", "(none: built-in types only)",
      "class names, package.* or package.** entries separated by ';', such as com.shop.Cart;com.shop.model.*;"
      + " no JDK classes (java., javax., jdk., sun., com.sun.)", ParamType.JSON_TYPES),
  /**
   * Anomaly signal: most rejected session ids (malformed, bad signature, unknown) one client address
   * may send in its one-minute window before the filter logs one WARN for it
   * ({@code session anomaly address=… rejected=… created=… window=1m}), counts
   * {@link dev.cloakroom.event.SessionEvent#ANOMALY} and tells the {@code anomalyListener}; once per
   * address and window. The address is the client's under {@code trustedProxies}; an IPv6 address counts
   * as its /64 network. {@code off} (or 0) turns this signal off.
   *
   * @since 0.2
   */
  ANOMALY_REJECTED_PER_MINUTE("anomalyRejectedPerMinute", "30", ParamType.PER_MINUTE),
  /**
   * Anomaly signal: most sessions one client address may have created in its one-minute window, as
   * {@code anomalyRejectedPerMinute} describes. {@code off} (or 0) turns this signal off; with both off,
   * nothing is counted per address at all.
   *
   * @since 0.2
   */
  ANOMALY_CREATED_PER_MINUTE("anomalyCreatedPerMinute", "120", ParamType.PER_MINUTE),
  /**
   * The class name of a {@link dev.cloakroom.event.AnomalyListener}, made once at {@code init} with its
   * public no-argument constructor, told of each anomaly the two thresholds above find. In code,
   * {@link Settings.Builder#anomalyListener}. Needs at least one of the thresholds on.
   *
   * @since 0.2
   */
  ANOMALY_LISTENER("anomalyListener", "(none)", ParamType.instanceOf(AnomalyListener.class)),
  /**
   * {@code global} registers the filter's metrics with Micrometer's global registry
   * ({@code io.micrometer.core.instrument.Metrics.globalRegistry}) at {@code init}, and removes them at
   * {@code destroy}; {@code micrometer-core} must then be on the class path. {@code off}: Micrometer is
   * never loaded; an app that holds a registry binds {@code dev.cloakroom.metrics.CloakroomMeterBinder}
   * itself.
   *
   * @since 0.2
   */
  MICROMETER("micrometer", "off", ParamType.choice(Settings.Micrometer.class));

  private final String key;
  private final String defaultText;
  private final String accepts;
  private final ParamType<?> type;

  /** A parameter whose type says what it accepts ({@link ParamType#accepts()}). */
  Param(String key, String defaultText, ParamType<?> type) {
    this(key, defaultText, type.accepts(), type);
  }

  Param(String key, String defaultText, String accepts, ParamType<?> type) {
    this.key = key;
    this.defaultText = defaultText;
    this.accepts = accepts;
    this.type = type;
  }

  /** The parameter's name, as written in web.xml and as the builder method. */
  public String key() {
    return key;
  }

  /**
   * The default: a value as it would be written ({@code 30m}), read with the parameter's own rules to
   * give the default of {@link Settings.Builder}; or, in parentheses, what holds when the parameter is
   * not set ({@code (none)}, {@code (context path)}). The README's parameter table shows the same text.
   */
  public String defaultText() {
    return defaultText;
  }

  /** Whether {@link #defaultText()} is a value (rather than a description in parentheses). */
  boolean hasDefaultValue() {
    return !defaultText.startsWith("(");
  }

  /** The default value: {@link #defaultText()} read with this parameter's rules; null when it is a description. */
  Object defaultValue() {
    return hasDefaultValue() ? type.parse(this, defaultText) : null;
  }

  /** The type of the value: how it is read, checked and shown. */
  ParamType<?> type() {
    return type;
  }

  /** What values are accepted, as documentation and error text. */
  public String accepts() {
    return accepts;
  }

  /** The parameter named {@code key}, exactly (names are case-sensitive). */
  public static Optional<Param> of(String key) {
    return Arrays.stream(values()).filter(p -> p.key.equals(key)).findFirst();
  }

  /** Every name, in declaration order. */
  public static List<String> keys() {
    return Arrays.stream(values()).map(Param::key).toList();
  }
}
