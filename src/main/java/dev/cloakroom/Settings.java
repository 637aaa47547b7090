package dev.cloakroom;

import dev.cloakroom.codec.AttributeCodec;
import dev.cloakroom.codec.Codecs;
import dev.cloakroom.http.ProxyMatcher;
import dev.cloakroom.id.IdSigner;
import dev.cloakroom.store.StoreLocator;
import dev.cloakroom.store.SessionRepository;
import dev.cloakroom.store.redis.RedisKeys;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.EventListener;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The filter's configuration: validated once by {@link Builder#build()}, immutable after. Every
 * parameter is described in {@link Param}; the builder's methods carry the same names.
 *
 * <p>Built from code ({@link #builder()}), from parameter strings ({@link #fromParams(Map)}), or by the
 * filter from its {@code FilterConfig}. All doors end in {@link Builder#build()}, with the same checks.
 * A parameter may be set once; setting it again fails.
 *
 * <p>Thread-safe (immutable).
 *
 * @since 0.1
 */
public final class Settings {

  /** SameSite attribute values. */
  public enum SameSite { LAX("Lax"), STRICT("Strict"), NONE("None");
    private final String text;
    SameSite(String text) { this.text = text; }
    /** The attribute value as written in {@code Set-Cookie}. */
    public String text() { return text; }
  }

  /** When the cookie carries the Secure attribute. */
  public enum CookieSecure { AUTO, ALWAYS }

  /** Which cookie-name prefix to use. */
  public enum CookiePrefix { AUTO, HOST, SECURE, NONE }

  /**
   * A place session ids come from and go to (see {@link Param#SESSION_ID_SOURCES}).
   *
   * @since 0.2
   */
  public enum IdSource {
    /** The session cookie. */
    COOKIE,
    /** The {@code sessionHeader} request and response header, for API clients. */
    HEADER
  }

  /** Headers that cannot carry a session id of ours: the cookie's own, and credentials. */
  private static final Set<String> RESERVED_HEADERS = Set.of("cookie", "set-cookie", "authorization", "host");

  /**
   * What gives way when a sign-in exceeds {@code maxSessionsPerUser}; see {@link Param#SESSION_LIMIT_POLICY}.
   *
   * @since 0.2
   */
  public enum SessionLimitPolicy {
    /** The user's least recently signed-in sessions end. */
    END_OLDEST("end-oldest"),
    /** The sign-in fails with {@link SessionLimitException}. */
    REFUSE("refuse");

    private final String text;

    SessionLimitPolicy(String text) {
      this.text = text;
    }

    /** The parameter value naming it. */
    public String text() {
      return text;
    }
  }

  /**
   * What a client change of a signed-in session does; see {@link Param#CLIENT_CHANGE_POLICY}.
   *
   * @since 0.2
   */
  public enum ClientChangePolicy {
    /** Only the event: counter, log line, listener. */
    SIGNAL("signal"),
    /** The event, and the session ends. */
    END_SESSION("end-session");

    private final String text;

    ClientChangePolicy(String text) {
      this.text = text;
    }

    /** The parameter value naming it. */
    public String text() {
      return text;
    }
  }

  /**
   * A built-in attribute codec, named by the {@code codec} parameter; see {@link Param#CODEC}.
   *
   * @since 0.2
   */
  public enum Codec {
    /** Java serialization behind the {@code serializationFilter} allow-list. */
    JAVA("java"),
    /** JSON, through Jackson, behind the {@code jsonTypes} allow-list. */
    JSON("json");

    private final String text;

    Codec(String text) {
      this.text = text;
    }

    /** The parameter value naming it. */
    public String text() {
      return text;
    }
  }

  /**
   * Whether the filter registers its metrics with Micrometer itself; see {@link Param#MICROMETER}.
   *
   * @since 0.2
   */
  public enum Micrometer {
    /** Never: Micrometer is not loaded (an app may bind the metrics to a registry of its own). */
    OFF,
    /** With {@code Metrics.globalRegistry}, at {@code init}; removed at {@code destroy}. */
    GLOBAL
  }

  /** Largest anomaly threshold accepted. */
  private static final int MAX_PER_MINUTE = 1_000_000;

  private static final Pattern TABLE_PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,31}");
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern DOMAIN = Pattern.compile("\\.?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");

  final String store;
  final SessionRepository repository;
  final javax.sql.DataSource dataSource;
  final String jdbcTablePrefix;
  final boolean jdbcCreateSchema;
  final String redisNamespace;
  final Duration storeTimeout;
  final int maxSessions;
  final boolean memoryEncoding;
  final Duration idleTimeout;
  final Duration absoluteTimeout;
  final Duration touchInterval;
  final Duration sweepInterval;
  final String cookieName;
  final CookiePrefix cookiePrefix;
  final CookieSecure cookieSecure;
  final SameSite cookieSameSite;
  final String cookiePath;
  final String cookieDomain;
  final boolean cookiePartitioned;
  final Duration cookieMaxAge;
  final List<String> trustedProxies;
  final String principalAttribute;
  final java.util.function.Function<Object, String> principalName;
  final String serializationFilter;
  final Clock clock;
  final SecureRandom random;
  final AttributeCodec codec;
  final List<EventListener> listeners;
  final IdSigner signingKeys;
  final List<IdSource> sessionIdSources;
  final String sessionHeader;
  final Set<String> explicit;
  final List<String> passivePaths;
  final String passiveHeader;
  final Duration renewalInterval;
  final int maxSessionsPerUser;
  final SessionLimitPolicy sessionLimitPolicy;
  final ClientChangePolicy clientChangePolicy;
  final dev.cloakroom.event.ClientChangeListener clientChangeListener;
  final List<Codec> codecs;
  final String jsonTypes;
  final int anomalyRejectedPerMinute;
  final int anomalyCreatedPerMinute;
  final dev.cloakroom.event.AnomalyListener anomalyListener;
  final Micrometer micrometer;

  private Settings(Builder b) {
    store = b.store;
    repository = b.repository;
    dataSource = b.dataSource;
    jdbcTablePrefix = b.jdbcTablePrefix;
    jdbcCreateSchema = b.jdbcCreateSchema;
    redisNamespace = b.redisNamespace;
    storeTimeout = b.storeTimeout;
    maxSessions = b.maxSessions;
    memoryEncoding = b.memoryEncoding;
    idleTimeout = b.idleTimeout;
    absoluteTimeout = b.absoluteTimeout;
    touchInterval = b.touchInterval;
    sweepInterval = b.sweepInterval;
    cookieName = b.cookieName;
    cookiePrefix = b.cookiePrefix;
    cookieSecure = b.cookieSecure;
    cookieSameSite = b.cookieSameSite;
    cookiePath = b.cookiePath;
    cookieDomain = b.cookieDomain;
    cookiePartitioned = b.cookiePartitioned;
    cookieMaxAge = b.cookieMaxAge;
    trustedProxies = List.copyOf(b.trustedProxies);
    principalAttribute = b.principalAttribute;
    principalName = b.principalName;
    serializationFilter = b.serializationFilter;
    clock = b.clock;
    random = b.random;
    codec = b.codec;
    listeners = List.copyOf(b.listeners);
    signingKeys = b.signingKeys;
    sessionIdSources = b.sessionIdSources;
    sessionHeader = b.sessionHeader;
    explicit = Collections.unmodifiableSet(new LinkedHashSet<>(b.explicit));
    passivePaths = List.copyOf(b.passivePaths);
    passiveHeader = b.passiveHeader;
    renewalInterval = b.renewalInterval;
    maxSessionsPerUser = b.maxSessionsPerUser;
    sessionLimitPolicy = b.sessionLimitPolicy;
    clientChangePolicy = b.clientChangePolicy;
    clientChangeListener = b.clientChangeListener;
    codecs = b.codecs;
    jsonTypes = b.jsonTypes;
    anomalyRejectedPerMinute = b.anomalyRejectedPerMinute;
    anomalyCreatedPerMinute = b.anomalyCreatedPerMinute;
    anomalyListener = b.anomalyListener;
    micrometer = b.micrometer;
  }

  /** Heap one in-memory session is assumed to take, attributes included, for the default bound. */
  static final int ASSUMED_SESSION_BYTES = 4096;

  /**
   * The default {@code maxSessions}: a quarter of {@code maxHeapBytes} divided by
   * {@link #ASSUMED_SESSION_BYTES}, clamped to 1000 to 10000000 (see {@link Param#MAX_SESSIONS}).
   */
  static int heapSizedMaxSessions(long maxHeapBytes) {
    long sessions = maxHeapBytes / 4 / ASSUMED_SESSION_BYTES;
    return (int) Math.max(1_000, Math.min(10_000_000, sessions));
  }

  /** A builder holding every default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Settings from parameter strings, as web.xml would give them; fails naming the bad parameter. */
  public static Settings fromParams(Map<String, String> params) {
    Builder builder = builder();
    SettingsParser.apply(builder, params, "parameter");
    return builder.build();
  }

  /** A builder preset with these settings; those set explicitly stay set (a second set fails). */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.store = store; b.repository = repository; b.maxSessions = maxSessions;
    b.memoryEncoding = memoryEncoding;
    b.dataSource = dataSource; b.jdbcTablePrefix = jdbcTablePrefix; b.jdbcCreateSchema = jdbcCreateSchema;
    b.redisNamespace = redisNamespace; b.storeTimeout = storeTimeout;
    b.idleTimeout = idleTimeout; b.absoluteTimeout = absoluteTimeout; b.touchInterval = touchInterval;
    b.sweepInterval = sweepInterval; b.cookieName = cookieName; b.cookiePrefix = cookiePrefix;
    b.cookieSecure = cookieSecure; b.cookieSameSite = cookieSameSite; b.cookiePath = cookiePath;
    b.cookieDomain = cookieDomain; b.cookiePartitioned = cookiePartitioned;
    b.cookieMaxAge = cookieMaxAge; b.listeners.addAll(listeners);
    b.trustedProxies = trustedProxies; b.principalAttribute = principalAttribute;
    b.principalName = principalName;
    b.serializationFilter = serializationFilter; b.clock = clock; b.random = random; b.codec = codec;
    b.signingKeys = signingKeys; b.sessionIdSources = sessionIdSources; b.sessionHeader = sessionHeader;
    b.explicit.addAll(explicit);
    b.passivePaths = passivePaths; b.passiveHeader = passiveHeader; b.renewalInterval = renewalInterval;
    b.maxSessionsPerUser = maxSessionsPerUser; b.sessionLimitPolicy = sessionLimitPolicy;
    b.clientChangePolicy = clientChangePolicy; b.clientChangeListener = clientChangeListener;
    b.codecs = codecs; b.jsonTypes = jsonTypes;
    b.anomalyRejectedPerMinute = anomalyRejectedPerMinute; b.anomalyCreatedPerMinute = anomalyCreatedPerMinute;
    b.anomalyListener = anomalyListener; b.micrometer = micrometer;
    return b;
  }

  /** The {@code store} parameter ("memory", a class name; later a URI). */
  public String store() { return store; }
  /** A repository given in code, or null. */
  public SessionRepository repository() { return repository; }
  /** A JDBC data source given in code, or null; the filter does not close it. */
  public javax.sql.DataSource dataSource() { return dataSource; }
  /** See {@link Param#JDBC_TABLE_PREFIX}. */
  public String jdbcTablePrefix() { return jdbcTablePrefix; }
  /** See {@link Param#JDBC_CREATE_SCHEMA}. */
  public boolean jdbcCreateSchema() { return jdbcCreateSchema; }
  /** See {@link Param#REDIS_NAMESPACE}. */
  public String redisNamespace() { return redisNamespace; }
  /** See {@link Param#STORE_TIMEOUT}. */
  public Duration storeTimeout() { return storeTimeout; }
  /** See {@link Param#MAX_SESSIONS}. */
  public int maxSessions() { return maxSessions; }
  /** See {@link Param#MEMORY_ENCODING}. */
  public boolean memoryEncoding() { return memoryEncoding; }
  /** See {@link Param#IDLE_TIMEOUT}. */
  public Duration idleTimeout() { return idleTimeout; }
  /** See {@link Param#ABSOLUTE_TIMEOUT}. */
  public Duration absoluteTimeout() { return absoluteTimeout; }
  /** See {@link Param#TOUCH_INTERVAL}. */
  public Duration touchInterval() { return touchInterval; }
  /** See {@link Param#SWEEP_INTERVAL}. */
  public Duration sweepInterval() { return sweepInterval; }
  /** See {@link Param#COOKIE_NAME}. */
  public String cookieName() { return cookieName; }
  /** See {@link Param#COOKIE_PREFIX}. */
  public CookiePrefix cookiePrefix() { return cookiePrefix; }
  /** See {@link Param#COOKIE_SECURE}. */
  public CookieSecure cookieSecure() { return cookieSecure; }
  /** See {@link Param#COOKIE_SAME_SITE}. */
  public SameSite cookieSameSite() { return cookieSameSite; }
  /** See {@link Param#COOKIE_PATH}; null means the context path. */
  public String cookiePath() { return cookiePath; }
  /** See {@link Param#COOKIE_DOMAIN}; null means none. */
  public String cookieDomain() { return cookieDomain; }
  /** See {@link Param#COOKIE_PARTITIONED}. */
  public boolean cookiePartitioned() { return cookiePartitioned; }
  /** See {@link Param#COOKIE_MAX_AGE}; null means none. */
  public Duration cookieMaxAge() { return cookieMaxAge; }
  /** See {@link Param#TRUSTED_PROXIES}. */
  public List<String> trustedProxies() { return trustedProxies; }
  /** See {@link Param#PRINCIPAL_ATTRIBUTE}; null means none. */
  public String principalAttribute() { return principalAttribute; }
  /**
   * The function naming the signed-in user from a value of the principal attribute, given in code; null
   * means the built-in rule: a {@code String} as it is, a {@link java.security.Principal}'s name.
   */
  public java.util.function.Function<Object, String> principalName() { return principalName; }
  /** See {@link Param#SERIALIZATION_FILTER}; null means the built-in allow-list only. */
  public String serializationFilter() { return serializationFilter; }
  /** The clock every timeout is measured with. */
  public Clock clock() { return clock; }
  /** The source of session ids. */
  public SecureRandom random() { return random; }
  /** The attribute codec given in code, or null for the built-in ones {@link #codecs()} names. */
  public AttributeCodec codec() { return codec; }
  /** Session listeners given in code, called besides those the container declares. */
  public List<EventListener> listeners() { return listeners; }
  /** Names of the parameters set explicitly (as opposed to defaults). */
  public Set<String> explicit() { return explicit; }
  /**
   * See {@link Param#PASSIVE_PATHS}; empty means none.
   *
   * @since 0.2
   */
  public List<String> passivePaths() { return passivePaths; }
  /**
   * See {@link Param#PASSIVE_HEADER}; null means none.
   *
   * @since 0.2
   */
  public String passiveHeader() { return passiveHeader; }
  /**
   * See {@link Param#RENEWAL_INTERVAL}; null means no renewal.
   *
   * @since 0.2
   */
  public Duration renewalInterval() { return renewalInterval; }
  /**
   * See {@link Param#SIGNING_KEYS}: the signer holding the keys, or null when ids are not signed.
   *
   * @since 0.2
   */
  public IdSigner signingKeys() { return signingKeys; }
  /**
   * See {@link Param#SESSION_ID_SOURCES}: never empty, no source twice, in the order they are tried.
   *
   * @since 0.2
   */
  public List<IdSource> sessionIdSources() { return sessionIdSources; }
  /**
   * See {@link Param#SESSION_HEADER}.
   *
   * @since 0.2
   */
  public String sessionHeader() { return sessionHeader; }
  /** See {@link Param#MAX_SESSIONS_PER_USER}; 0 means no limit. @since 0.2 */
  public int maxSessionsPerUser() { return maxSessionsPerUser; }
  /** See {@link Param#SESSION_LIMIT_POLICY}. @since 0.2 */
  public SessionLimitPolicy sessionLimitPolicy() { return sessionLimitPolicy; }
  /** See {@link Param#CLIENT_CHANGE_POLICY}. @since 0.2 */
  public ClientChangePolicy clientChangePolicy() { return clientChangePolicy; }
  /** See {@link Param#CLIENT_CHANGE_LISTENER}; null means none. @since 0.2 */
  public dev.cloakroom.event.ClientChangeListener clientChangeListener() { return clientChangeListener; }
  /**
   * See {@link Param#CODEC}: the built-in codecs, never empty, none twice; the first writes, each reads
   * the values it wrote. Unused when a codec is given in code ({@link #codec()}).
   *
   * @since 0.2
   */
  public List<Codec> codecs() { return codecs; }
  /**
   * See {@link Param#JSON_TYPES}; null means the JSON codec's built-in types only.
   *
   * @since 0.2
   */
  public String jsonTypes() { return jsonTypes; }
  /** See {@link Param#ANOMALY_REJECTED_PER_MINUTE}; 0 means off. @since 0.2 */
  public int anomalyRejectedPerMinute() { return anomalyRejectedPerMinute; }
  /** See {@link Param#ANOMALY_CREATED_PER_MINUTE}; 0 means off. @since 0.2 */
  public int anomalyCreatedPerMinute() { return anomalyCreatedPerMinute; }
  /** See {@link Param#ANOMALY_LISTENER}; null means none. @since 0.2 */
  public dev.cloakroom.event.AnomalyListener anomalyListener() { return anomalyListener; }
  /** See {@link Param#MICROMETER}. @since 0.2 */
  public Micrometer micrometer() { return micrometer; }

  /** The effective settings, one {@code name=value} each, for the start-up log. Holds no secrets. */
  @Override
  public String toString() {
    return "store=" + (repository != null ? repository.getClass().getSimpleName()
        : dataSource != null ? "DataSource " + dataSource.getClass().getName() : StoreLocator.mask(store))
        + " jdbcTablePrefix=" + jdbcTablePrefix + " jdbcCreateSchema=" + jdbcCreateSchema
        + " redisNamespace=" + redisNamespace + " storeTimeout=" + storeTimeout
        + " maxSessions=" + maxSessions + " memoryEncoding=" + memoryEncoding + " idleTimeout=" + idleTimeout + " absoluteTimeout=" + absoluteTimeout
        + " touchInterval=" + touchInterval + " sweepInterval=" + sweepInterval
        + " cookieName=" + cookieName + " cookiePrefix=" + cookiePrefix + " cookieSecure=" + cookieSecure
        + " cookieSameSite=" + cookieSameSite.text() + " cookiePath=" + (cookiePath == null ? "(context path)" : cookiePath)
        + " cookieDomain=" + (cookieDomain == null ? "(none)" : cookieDomain) + " cookiePartitioned=" + cookiePartitioned
        + " cookieMaxAge=" + (cookieMaxAge == null ? "(none)" : cookieMaxAge)
        + " trustedProxies=" + trustedProxies + " principalAttribute=" + (principalAttribute == null ? "(none)" : principalAttribute)
        + " serializationFilter=" + (serializationFilter == null ? "(none)" : serializationFilter)
        + " passivePaths=" + passivePaths + " passiveHeader=" + (passiveHeader == null ? "(none)" : passiveHeader)
        + " renewalInterval=" + (renewalInterval == null ? "(off)" : renewalInterval)
        + " signingKeys=" + (signingKeys == null ? "(none)" : "kids " + signingKeys.keyIds())
        + " sessionIdSources=" + sessionIdSources.stream().map(x -> x.name().toLowerCase(java.util.Locale.ROOT)).toList()
        + " sessionHeader=" + sessionHeader
        + " maxSessionsPerUser=" + (maxSessionsPerUser == 0 ? "(none)" : maxSessionsPerUser)
        + " sessionLimitPolicy=" + sessionLimitPolicy.text()
        + " clientChangePolicy=" + clientChangePolicy.text()
        + " clientChangeListener=" + (clientChangeListener == null ? "(none)" : clientChangeListener.getClass().getName())
        + " codec=" + (codec != null ? codec.getClass().getName()
            : codecs.stream().map(Codec::text).collect(java.util.stream.Collectors.joining(",")))
        + " jsonTypes=" + (jsonTypes == null ? "(none)" : jsonTypes)
        + " anomalyRejectedPerMinute=" + (anomalyRejectedPerMinute == 0 ? "off" : anomalyRejectedPerMinute)
        + " anomalyCreatedPerMinute=" + (anomalyCreatedPerMinute == 0 ? "off" : anomalyCreatedPerMinute)
        + " anomalyListener=" + (anomalyListener == null ? "(none)" : anomalyListener.getClass().getName())
        + " micrometer=" + micrometer.name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Collects settings; {@link #build()} validates them together. Each parameter may be set once.
   * Not thread-safe.
   */
  public static final class Builder {
    private String store = "memory";
    private SessionRepository repository;
    private javax.sql.DataSource dataSource;
    private String jdbcTablePrefix = "cloakroom_";
    private boolean jdbcCreateSchema;
    private String redisNamespace = "cloakroom";
    private Duration storeTimeout = Duration.ofSeconds(2);
    private int maxSessions = heapSizedMaxSessions(Runtime.getRuntime().maxMemory());
    private boolean memoryEncoding;
    private Duration idleTimeout = Duration.ofMinutes(30);
    private Duration absoluteTimeout = Duration.ofHours(8);
    private Duration touchInterval = Duration.ofMinutes(1);
    private Duration sweepInterval = Duration.ofMinutes(1);
    private String cookieName = "SID";
    private CookiePrefix cookiePrefix = CookiePrefix.AUTO;
    private CookieSecure cookieSecure = CookieSecure.AUTO;
    private SameSite cookieSameSite = SameSite.LAX;
    private String cookiePath;
    private String cookieDomain;
    private boolean cookiePartitioned;
    private Duration cookieMaxAge;
    private final List<EventListener> listeners = new java.util.ArrayList<>();
    private List<String> trustedProxies = List.of();
    private String principalAttribute;
    private java.util.function.Function<Object, String> principalName;
    private String serializationFilter;
    private Clock clock = Clock.systemUTC();
    private SecureRandom random = new SecureRandom();
    private AttributeCodec codec;
    private IdSigner signingKeys;
    private List<IdSource> sessionIdSources = List.of(IdSource.COOKIE);
    private String sessionHeader = "Session-Id";
    private final Set<String> explicit = new LinkedHashSet<>();
    private final java.util.Map<String, String> origin = new java.util.HashMap<>();
    private String door = "code";
    private List<String> passivePaths = List.of();
    private String passiveHeader;
    private Duration renewalInterval;
    private int maxSessionsPerUser;
    private SessionLimitPolicy sessionLimitPolicy = SessionLimitPolicy.END_OLDEST;
    private ClientChangePolicy clientChangePolicy = ClientChangePolicy.SIGNAL;
    private dev.cloakroom.event.ClientChangeListener clientChangeListener;
    private List<Codec> codecs = List.of(Codec.JAVA);
    private String jsonTypes;
    private int anomalyRejectedPerMinute = 30;
    private int anomalyCreatedPerMinute = 120;
    private dev.cloakroom.event.AnomalyListener anomalyListener;
    private Micrometer micrometer = Micrometer.OFF;

    private Builder() {}

    private void once(Param p) { once(p.key()); }

    private void once(String key) {
      if (!explicit.add(key)) {
        String first = origin.getOrDefault(key, "code");
        throw new SettingsException(key + " is set twice (" + first + " and " + door + "); set it once");
      }
      origin.put(key, door);
    }

    /** Whether {@code key} was set already, by any door. */
    boolean isSet(String key) { return explicit.contains(key); }

    /** The absolute timeout as it stands. */
    Duration absoluteTimeoutNow() { return absoluteTimeout; }

    /** Names where the next values come from ("code", "init-param"), for the set-twice message. */
    void door(String door) { this.door = door; }

    /** See {@link Param#STORE}. */
    public Builder store(String store) { once(Param.STORE); this.store = Objects.requireNonNull(store, "store"); return this; }
    /**
     * A JDBC data source (a container's pool, or one the app built), instead of the {@code store}
     * parameter: the JDBC store runs on it. The filter does not close it.
     *
     * @since 0.2
     */
    public Builder store(javax.sql.DataSource dataSource) { once(Param.STORE); this.dataSource = Objects.requireNonNull(dataSource, "dataSource"); return this; }
    /** See {@link Param#JDBC_TABLE_PREFIX}. */
    public Builder jdbcTablePrefix(String v) { once(Param.JDBC_TABLE_PREFIX); jdbcTablePrefix = Objects.requireNonNull(v, "jdbcTablePrefix"); return this; }
    /** See {@link Param#JDBC_CREATE_SCHEMA}. */
    public Builder jdbcCreateSchema(boolean v) { once(Param.JDBC_CREATE_SCHEMA); jdbcCreateSchema = v; return this; }
    /** A ready repository, instead of the {@code store} parameter; the filter closes it on destroy. */
    public Builder store(SessionRepository repository) { once(Param.STORE); this.repository = Objects.requireNonNull(repository, "repository"); return this; }
    /** See {@link Param#REDIS_NAMESPACE}. */
    public Builder redisNamespace(String v) { once(Param.REDIS_NAMESPACE); redisNamespace = Objects.requireNonNull(v, "redisNamespace"); return this; }
    /** See {@link Param#STORE_TIMEOUT}. */
    public Builder storeTimeout(Duration v) { once(Param.STORE_TIMEOUT); storeTimeout = Objects.requireNonNull(v, "storeTimeout"); return this; }
    /** See {@link Param#MAX_SESSIONS}. */
    public Builder maxSessions(int v) { once(Param.MAX_SESSIONS); maxSessions = v; return this; }
    /** See {@link Param#MEMORY_ENCODING}. */
    public Builder memoryEncoding(boolean v) { once(Param.MEMORY_ENCODING); memoryEncoding = v; return this; }
    /** See {@link Param#IDLE_TIMEOUT}. */
    public Builder idleTimeout(Duration v) { once(Param.IDLE_TIMEOUT); idleTimeout = Objects.requireNonNull(v, "idleTimeout"); return this; }
    /** See {@link Param#ABSOLUTE_TIMEOUT}. */
    public Builder absoluteTimeout(Duration v) { once(Param.ABSOLUTE_TIMEOUT); absoluteTimeout = Objects.requireNonNull(v, "absoluteTimeout"); return this; }
    /** See {@link Param#TOUCH_INTERVAL}. */
    public Builder touchInterval(Duration v) { once(Param.TOUCH_INTERVAL); touchInterval = Objects.requireNonNull(v, "touchInterval"); return this; }
    /** See {@link Param#SWEEP_INTERVAL}. */
    public Builder sweepInterval(Duration v) { once(Param.SWEEP_INTERVAL); sweepInterval = Objects.requireNonNull(v, "sweepInterval"); return this; }
    /** See {@link Param#COOKIE_NAME}. */
    public Builder cookieName(String v) { once(Param.COOKIE_NAME); cookieName = Objects.requireNonNull(v, "cookieName"); return this; }
    /** See {@link Param#COOKIE_PREFIX}. */
    public Builder cookiePrefix(CookiePrefix v) { once(Param.COOKIE_PREFIX); cookiePrefix = Objects.requireNonNull(v, "cookiePrefix"); return this; }
    /** See {@link Param#COOKIE_SECURE}. */
    public Builder cookieSecure(CookieSecure v) { once(Param.COOKIE_SECURE); cookieSecure = Objects.requireNonNull(v, "cookieSecure"); return this; }
    /** See {@link Param#COOKIE_SAME_SITE}. */
    public Builder cookieSameSite(SameSite v) { once(Param.COOKIE_SAME_SITE); cookieSameSite = Objects.requireNonNull(v, "cookieSameSite"); return this; }
    /** See {@link Param#COOKIE_PATH}. */
    public Builder cookiePath(String v) { once(Param.COOKIE_PATH); cookiePath = Objects.requireNonNull(v, "cookiePath"); return this; }
    /** See {@link Param#COOKIE_DOMAIN}. */
    public Builder cookieDomain(String v) { once(Param.COOKIE_DOMAIN); cookieDomain = Objects.requireNonNull(v, "cookieDomain"); return this; }
    /** See {@link Param#COOKIE_PARTITIONED}. */
    public Builder cookiePartitioned(boolean v) { once(Param.COOKIE_PARTITIONED); cookiePartitioned = v; return this; }
    /** See {@link Param#COOKIE_MAX_AGE}. */
    public Builder cookieMaxAge(Duration v) { once(Param.COOKIE_MAX_AGE); cookieMaxAge = Objects.requireNonNull(v, "cookieMaxAge"); return this; }
    /**
     * Adds a session listener ({@code HttpSessionListener}, {@code HttpSessionAttributeListener},
     * {@code HttpSessionIdListener}), called besides those declared to the container (code only; may be
     * called many times).
     */
    public Builder listener(EventListener v) { listeners.add(Objects.requireNonNull(v, "listener")); return this; }
    /** See {@link Param#TRUSTED_PROXIES}. */
    public Builder trustedProxies(List<String> v) { once(Param.TRUSTED_PROXIES); trustedProxies = List.copyOf(v); return this; }
    /** See {@link Param#PRINCIPAL_ATTRIBUTE}. */
    public Builder principalAttribute(String v) { once(Param.PRINCIPAL_ATTRIBUTE); principalAttribute = Objects.requireNonNull(v, "principalAttribute"); return this; }
    /**
     * How to name the signed-in user from a value of the principal attribute (code only), for apps that
     * store their own user type there. Only a change of this name gives the session a new id and
     * restarts its absolute timeout. The function must return a non-empty name of at most 512
     * characters for every value the app stores, and must not print secrets. Default: a {@code String}
     * as it is, a {@link java.security.Principal}'s {@code getName()}; any other value is refused at
     * {@code setAttribute} with {@link IllegalArgumentException}.
     *
     * @since 0.2
     */
    public Builder principalName(java.util.function.Function<Object, String> v) { principalName = Objects.requireNonNull(v, "principalName"); return this; }
    /** See {@link Param#SERIALIZATION_FILTER}. */
    public Builder serializationFilter(String v) { once(Param.SERIALIZATION_FILTER); serializationFilter = Objects.requireNonNull(v, "serializationFilter"); return this; }
    /**
     * See {@link Param#PASSIVE_PATHS}.
     *
     * @since 0.2
     */
    public Builder passivePaths(List<String> v) { once(Param.PASSIVE_PATHS); passivePaths = List.copyOf(v); return this; }
    /**
     * See {@link Param#PASSIVE_HEADER}.
     *
     * @since 0.2
     */
    public Builder passiveHeader(String v) { once(Param.PASSIVE_HEADER); passiveHeader = Objects.requireNonNull(v, "passiveHeader"); return this; }
    /**
     * See {@link Param#RENEWAL_INTERVAL}.
     *
     * @since 0.2
     */
    public Builder renewalInterval(Duration v) { once(Param.RENEWAL_INTERVAL); renewalInterval = Objects.requireNonNull(v, "renewalInterval"); return this; }
    /**
     * The keys that sign and verify session ids, given directly in code (the parameter only accepts
     * {@code env:} or {@code file:}, never the keys themselves): {@code kid=base64key} entries separated
     * by commas or newlines, the first one signing. See {@link Param#SIGNING_KEYS}.
     *
     * @param v the entries; not null
     * @throws SettingsException naming the parameter and the faulty entry by position or key id, never a
     *     key's bytes
     * @since 0.2
     */
    public Builder signingKeys(String v) { return signingKeys(v, null); }

    /** {@link #signingKeys(String)}, with where the entries came from for the message, or null. */
    Builder signingKeys(String v, String from) {
      Objects.requireNonNull(v, "signingKeys");
      once(Param.SIGNING_KEYS);
      try {
        signingKeys = IdSigner.parse(v);
      } catch (IllegalArgumentException e) {
        throw new SettingsException(Param.SIGNING_KEYS.key() + (from == null ? "" : "=" + from) + ": "
            + e.getMessage() + "; it accepts " + Param.SIGNING_KEYS.accepts());
      }
      return this;
    }
    /**
     * See {@link Param#SESSION_ID_SOURCES}.
     *
     * @since 0.2
     */
    public Builder sessionIdSources(List<IdSource> v) { once(Param.SESSION_ID_SOURCES); sessionIdSources = List.copyOf(v); return this; }
    /**
     * See {@link Param#SESSION_HEADER}.
     *
     * @since 0.2
     */
    public Builder sessionHeader(String v) { once(Param.SESSION_HEADER); sessionHeader = Objects.requireNonNull(v, "sessionHeader"); return this; }
    /** See {@link Param#MAX_SESSIONS_PER_USER}. @since 0.2 */
    public Builder maxSessionsPerUser(int v) { once(Param.MAX_SESSIONS_PER_USER); maxSessionsPerUser = v; return this; }
    /** See {@link Param#SESSION_LIMIT_POLICY}. @since 0.2 */
    public Builder sessionLimitPolicy(SessionLimitPolicy v) { once(Param.SESSION_LIMIT_POLICY); sessionLimitPolicy = Objects.requireNonNull(v, "sessionLimitPolicy"); return this; }
    /** See {@link Param#CLIENT_CHANGE_POLICY}. @since 0.2 */
    public Builder clientChangePolicy(ClientChangePolicy v) { once(Param.CLIENT_CHANGE_POLICY); clientChangePolicy = Objects.requireNonNull(v, "clientChangePolicy"); return this; }
    /**
     * The listener told of every client change of a signed-in session; see {@link Param#CLIENT_CHANGE_LISTENER}
     * (whose class name is the same setting: set it once, in code or as a parameter).
     *
     * @since 0.2
     */
    public Builder clientChangeListener(dev.cloakroom.event.ClientChangeListener v) { once(Param.CLIENT_CHANGE_LISTENER); clientChangeListener = Objects.requireNonNull(v, "clientChangeListener"); return this; }
    /** See {@link Param#ANOMALY_REJECTED_PER_MINUTE}; 0 turns it off. @since 0.2 */
    public Builder anomalyRejectedPerMinute(int v) { once(Param.ANOMALY_REJECTED_PER_MINUTE); anomalyRejectedPerMinute = v; return this; }
    /** See {@link Param#ANOMALY_CREATED_PER_MINUTE}; 0 turns it off. @since 0.2 */
    public Builder anomalyCreatedPerMinute(int v) { once(Param.ANOMALY_CREATED_PER_MINUTE); anomalyCreatedPerMinute = v; return this; }
    /**
     * See {@link Param#ANOMALY_LISTENER}: the listener itself, in code.
     *
     * @param v told of each anomaly; not null
     * @since 0.2
     */
    public Builder anomalyListener(dev.cloakroom.event.AnomalyListener v) { once(Param.ANOMALY_LISTENER); anomalyListener = Objects.requireNonNull(v, "anomalyListener"); return this; }
    /** See {@link Param#MICROMETER}. @since 0.2 */
    public Builder micrometer(Micrometer v) { once(Param.MICROMETER); micrometer = Objects.requireNonNull(v, "micrometer"); return this; }
    /** The clock (code only; tests pass a fake one). Default: the system UTC clock. */
    public Builder clock(Clock v) { clock = Objects.requireNonNull(v, "clock"); return this; }
    /** The id source (code only). Default: a new {@link SecureRandom}. */
    public Builder random(SecureRandom v) { random = Objects.requireNonNull(v, "random"); return this; }
    /**
     * The attribute codec (code only), instead of the built-in ones the {@code codec} parameter names;
     * setting both fails. Default: Java serialization behind the allow-list.
     */
    public Builder codec(AttributeCodec v) { once(Param.CODEC); codec = Objects.requireNonNull(v, "codec"); return this; }
    /**
     * See {@link Param#CODEC}: the first codec writes; each one listed reads the values it wrote.
     *
     * @since 0.2
     */
    public Builder codec(List<Codec> v) { once(Param.CODEC); codecs = List.copyOf(v); return this; }
    /**
     * See {@link Param#JSON_TYPES}.
     *
     * @since 0.2
     */
    public Builder jsonTypes(String v) { once(Param.JSON_TYPES); jsonTypes = Objects.requireNonNull(v, "jsonTypes"); return this; }

    /**
     * Validates every setting, alone and together, and seals them.
     *
     * @throws SettingsException naming the parameter and what it accepts
     */
    public Settings build() {
      check(RedisKeys.isNamespace(redisNamespace), Param.REDIS_NAMESPACE, redisNamespace);
      check(storeTimeout.compareTo(Duration.ofMillis(1)) >= 0 && storeTimeout.compareTo(Duration.ofSeconds(60)) <= 0,
          Param.STORE_TIMEOUT, storeTimeout.toString());
      check(maxSessions >= 1 && maxSessions <= 100_000_000, Param.MAX_SESSIONS, String.valueOf(maxSessions));
      check(positive(idleTimeout), Param.IDLE_TIMEOUT, idleTimeout.toString());
      check(positive(absoluteTimeout) && absoluteTimeout.compareTo(idleTimeout) >= 0, Param.ABSOLUTE_TIMEOUT,
          absoluteTimeout + " (idleTimeout is " + idleTimeout + ")");
      // no upper bound: each session touches at least every quarter of its own idle timeout (see Param)
      check(!touchInterval.isNegative(), Param.TOUCH_INTERVAL, touchInterval.toString());
      check(positive(sweepInterval), Param.SWEEP_INTERVAL, sweepInterval.toString());
      check(TOKEN.matcher(cookieName).matches() && !cookieName.startsWith("__Host-")
          && !cookieName.startsWith("__Secure-"), Param.COOKIE_NAME, cookieName);
      if (cookiePath != null) {
        check(cookiePath.startsWith("/") && cookiePath.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ';'),
            Param.COOKIE_PATH, cookiePath);
      }
      if (cookieDomain != null) {
        check(DOMAIN.matcher(cookieDomain).matches(), Param.COOKIE_DOMAIN, cookieDomain);
      }
      check(cookieMaxAge == null || positive(cookieMaxAge), Param.COOKIE_MAX_AGE, String.valueOf(cookieMaxAge));
      check(principalAttribute == null || !principalAttribute.isEmpty(), Param.PRINCIPAL_ATTRIBUTE, "(empty)");
      check(!isSet(Param.MAX_SESSIONS_PER_USER.key()) || maxSessionsPerUser >= 1 && maxSessionsPerUser <= 10_000,
          Param.MAX_SESSIONS_PER_USER, String.valueOf(maxSessionsPerUser));
      if (serializationFilter != null) {
        try {
          java.io.ObjectInputFilter.Config.createFilter(serializationFilter);
        } catch (IllegalArgumentException e) {
          throw new SettingsException(Param.SERIALIZATION_FILTER.key() + "=" + serializationFilter
              + " is not accepted: " + e.getMessage() + "; it accepts " + Param.SERIALIZATION_FILTER.accepts(), e);
        }
      }
      ProxyMatcher.parse(trustedProxies); // throws naming the bad entry
      check(!sessionIdSources.isEmpty() && sessionIdSources.stream().distinct().count() == sessionIdSources.size(),
          Param.SESSION_ID_SOURCES, sessionIdSources.stream().map(x -> x.name().toLowerCase(java.util.Locale.ROOT))
              .collect(java.util.stream.Collectors.joining(",")));
      check(TOKEN.matcher(sessionHeader).matches() && !RESERVED_HEADERS.contains(sessionHeader.toLowerCase(java.util.Locale.ROOT)),
          Param.SESSION_HEADER, sessionHeader);
      boolean alwaysSecure = cookieSecure == CookieSecure.ALWAYS;
      if (cookieSameSite == SameSite.NONE && !alwaysSecure) {
        throw new SettingsException("cookieSameSite=None needs cookieSecure=always: browsers reject a"
            + " SameSite=None cookie without Secure");
      }
      if (cookiePartitioned && !alwaysSecure) {
        throw new SettingsException("cookiePartitioned=true needs cookieSecure=always: browsers reject a"
            + " Partitioned cookie without Secure");
      }
      if (cookiePrefix == CookiePrefix.HOST) {
        if (cookieDomain != null) {
          throw new SettingsException("cookiePrefix=host cannot go with cookieDomain: a __Host- cookie has no Domain");
        }
        if (cookiePath != null && !cookiePath.equals("/")) {
          throw new SettingsException("cookiePrefix=host needs cookiePath=/ (it is " + cookiePath + ")");
        }
      }
      if ((cookiePrefix == CookiePrefix.HOST || cookiePrefix == CookiePrefix.SECURE) && !alwaysSecure) {
        throw new SettingsException("cookiePrefix=" + cookiePrefix.name().toLowerCase(java.util.Locale.ROOT)
            + " needs cookieSecure=always: browsers reject a prefixed cookie without Secure");
      }
      check(TABLE_PREFIX.matcher(jdbcTablePrefix).matches(), Param.JDBC_TABLE_PREFIX, jdbcTablePrefix);
      if (repository == null && dataSource == null) {
        StoreLocator.check(store);
      }
      checkPassiveAndRenewal();
      checkCodecs();
      checkAnomalies();
      return new Settings(this);
    }

    private void checkCodecs() {
      String names = codecs.stream().map(Codec::text).collect(java.util.stream.Collectors.joining(","));
      check(!codecs.isEmpty() && codecs.stream().distinct().count() == codecs.size(), Param.CODEC, names);
      if (jsonTypes != null) {
        try {
          Codecs.checkJsonTypes(jsonTypes);
        } catch (IllegalArgumentException e) {
          throw new SettingsException(e.getMessage());
        }
        if (!codecs.contains(Codec.JSON) || codec != null) {
          throw new SettingsException(Param.JSON_TYPES.key() + " is set but " + Param.CODEC.key() + "="
              + (codec != null ? "(a codec given in code)" : names) + " does not include json");
        }
      }
      if (serializationFilter != null && codec == null && !codecs.contains(Codec.JAVA)) {
        throw new SettingsException(Param.SERIALIZATION_FILTER.key() + " is set but " + Param.CODEC.key() + "="
            + names + " never reads Java serialization; remove it, or set codec=json,java while old values remain");
      }
    }

    private void checkAnomalies() {
      check(anomalyRejectedPerMinute >= 0 && anomalyRejectedPerMinute <= MAX_PER_MINUTE,
          Param.ANOMALY_REJECTED_PER_MINUTE, String.valueOf(anomalyRejectedPerMinute));
      check(anomalyCreatedPerMinute >= 0 && anomalyCreatedPerMinute <= MAX_PER_MINUTE,
          Param.ANOMALY_CREATED_PER_MINUTE, String.valueOf(anomalyCreatedPerMinute));
      if (anomalyListener != null && anomalyRejectedPerMinute == 0 && anomalyCreatedPerMinute == 0) {
        throw new SettingsException("anomalyListener needs anomalyRejectedPerMinute or anomalyCreatedPerMinute"
            + " on: both are off, so it would never be called");
      }
    }

    private void checkPassiveAndRenewal() {
      for (String pattern : passivePaths) {
        check(isPathPattern(pattern), Param.PASSIVE_PATHS, pattern);
      }
      check(passiveHeader == null || (TOKEN.matcher(passiveHeader).matches()
          && !RESERVED_HEADERS.contains(passiveHeader.toLowerCase(java.util.Locale.ROOT))
          && !passiveHeader.equalsIgnoreCase(sessionHeader)), Param.PASSIVE_HEADER,
          passiveHeader == null ? null : passiveHeader + (passiveHeader.equalsIgnoreCase(sessionHeader)
              ? " (it is the sessionHeader)" : ""));
      if (renewalInterval != null) {
        check(positive(renewalInterval) && renewalInterval.compareTo(absoluteTimeout) < 0
            && renewalInterval.compareTo(touchInterval) >= 0, Param.RENEWAL_INTERVAL,
            renewalInterval + " (absoluteTimeout is " + absoluteTimeout + ", touchInterval is " + touchInterval + ")");
      }
    }

    /** A servlet URL pattern: {@code /exact}, {@code /prefix/*} (or {@code /*}) or {@code *.extension}. */
    private static boolean isPathPattern(String p) {
      if (p.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
        return false;
      }
      if (p.startsWith("*.")) {
        String extension = p.substring(2); // matched against the last dot's suffix: a dot here never matches
        return !extension.isEmpty() && extension.indexOf('/') < 0 && extension.indexOf('*') < 0
            && extension.indexOf('.') < 0;
      }
      if (!p.startsWith("/")) {
        return false;
      }
      String fixed = p.endsWith("/*") ? p.substring(0, p.length() - 2) : p;
      return fixed.indexOf('*') < 0;
    }

    private static boolean positive(Duration d) {
      return !d.isZero() && !d.isNegative();
    }

    private static void check(boolean ok, Param p, String value) {
      if (!ok) {
        throw new SettingsException(p.key() + "=" + value + " is not accepted; it accepts " + p.accepts());
      }
    }
  }
}
