package dev.cloakroom;

import dev.cloakroom.codec.AttributeCodec;
import dev.cloakroom.event.AnomalyListener;
import dev.cloakroom.event.ClientChangeListener;
import dev.cloakroom.store.SessionRepository;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EventListener;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The filter's configuration: validated once by {@link Builder#build()}, immutable after. Every
 * parameter is described in {@link Param}; the builder's methods and the getters carry the same names.
 *
 * <p>Built from code ({@link #builder()}), from parameter strings ({@link #fromParams(Map)}), or by the
 * filter from its {@code FilterConfig}. All doors end in {@link Builder#build()}, with the same checks.
 * A parameter may be set once; setting it again fails.
 *
 * <p>Each parameter's default, rules and display live with its {@link Param} constant; this
 * class holds the values, keyed by parameter, and the rules that tie two parameters together.
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

  /**
   * What gives way when a sign-in exceeds {@code maxSessionsPerUser}; see {@link Param#SESSION_LIMIT_POLICY}.
   *
   * @since 0.2
   */
  public enum SessionLimitPolicy {
    /** The user's least recently signed-in sessions end. */
    END_OLDEST,
    /** The sign-in fails with {@link SessionLimitException}. */
    REFUSE;


    /** The parameter value naming it: the name in lower case, with {@code -} for {@code _}. */
    public String text() {
      return ParamType.text(this);
    }
  }

  /**
   * What a client change of a signed-in session does; see {@link Param#CLIENT_CHANGE_POLICY}.
   *
   * @since 0.2
   */
  public enum ClientChangePolicy {
    /** Only the event: counter, log line, listener. */
    SIGNAL,
    /** The event, and the session ends. */
    END_SESSION;


    /** The parameter value naming it: the name in lower case, with {@code -} for {@code _}. */
    public String text() {
      return ParamType.text(this);
    }
  }

  /**
   * A built-in attribute codec, named by the {@code codec} parameter; see {@link Param#CODEC}.
   *
   * @since 0.2
   */
  public enum Codec {
    /** Java serialization behind the {@code serializationFilter} allow-list. */
    JAVA,
    /** JSON, through Jackson, behind the {@code jsonTypes} allow-list. */
    JSON;


    /** The parameter value naming it: the name in lower case, with {@code -} for {@code _}. */
    public String text() {
      return ParamType.text(this);
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

  /** What the builder held at {@link Builder#build()}: a private copy, never changed or handed out. */
  private final Builder v;

  private Settings(Builder b) {
    this.v = b.copy();
  }

  /** A builder holding every default. */
  public static Builder builder() {
    return new Builder().defaults();
  }

  /** Settings from parameter strings, as web.xml would give them; fails naming the bad parameter. */
  public static Settings fromParams(Map<String, String> params) {
    Builder builder = builder();
    SettingsParser.apply(builder, params, "parameter");
    return builder.build();
  }

  /** A builder preset with these settings; those set explicitly stay set (a second set fails). */
  public Builder toBuilder() {
    return v.copy();
  }

  /**
   * See {@link Param#STORE}: the parameter as given; {@code memory}, its default, when the store was given
   * in code ({@link #repository()}, {@link #dataSource()}).
   */
  public String store() { return v.values.get(Param.STORE) instanceof String s ? s : (String) Param.STORE.defaultValue(); }
  /** A repository given in code, or null. */
  public SessionRepository repository() { return v.values.get(Param.STORE) instanceof SessionRepository r ? r : null; }
  /** A JDBC data source given in code, or null; the filter does not close it. */
  public DataSource dataSource() { return v.values.get(Param.STORE) instanceof DataSource d ? d : null; }
  /** See {@link Param#JDBC_TABLE_PREFIX}. */
  public String jdbcTablePrefix() { return v.get(Param.JDBC_TABLE_PREFIX); }
  /** See {@link Param#JDBC_CREATE_SCHEMA}. */
  public boolean jdbcCreateSchema() { return v.get(Param.JDBC_CREATE_SCHEMA); }
  /** See {@link Param#REDIS_NAMESPACE}. */
  public String redisNamespace() { return v.get(Param.REDIS_NAMESPACE); }
  /** See {@link Param#STORE_TIMEOUT}. */
  public Duration storeTimeout() { return v.get(Param.STORE_TIMEOUT); }
  /** See {@link Param#MAX_SESSIONS}. */
  public int maxSessions() { return v.get(Param.MAX_SESSIONS); }
  /** See {@link Param#MEMORY_ENCODING}. */
  public boolean memoryEncoding() { return v.get(Param.MEMORY_ENCODING); }
  /** See {@link Param#IDLE_TIMEOUT}. */
  public Duration idleTimeout() { return v.get(Param.IDLE_TIMEOUT); }
  /** See {@link Param#ABSOLUTE_TIMEOUT}. */
  public Duration absoluteTimeout() { return v.get(Param.ABSOLUTE_TIMEOUT); }
  /** See {@link Param#TOUCH_INTERVAL}. */
  public Duration touchInterval() { return v.get(Param.TOUCH_INTERVAL); }
  /** See {@link Param#SWEEP_INTERVAL}. */
  public Duration sweepInterval() { return v.get(Param.SWEEP_INTERVAL); }
  /** See {@link Param#COOKIE_NAME}. */
  public String cookieName() { return v.get(Param.COOKIE_NAME); }
  /** See {@link Param#COOKIE_PREFIX}. */
  public CookiePrefix cookiePrefix() { return v.get(Param.COOKIE_PREFIX); }
  /** See {@link Param#COOKIE_SECURE}. */
  public CookieSecure cookieSecure() { return v.get(Param.COOKIE_SECURE); }
  /** See {@link Param#COOKIE_SAME_SITE}. */
  public SameSite cookieSameSite() { return v.get(Param.COOKIE_SAME_SITE); }
  /** See {@link Param#COOKIE_PATH}; null means the context path. */
  public String cookiePath() { return v.get(Param.COOKIE_PATH); }
  /** See {@link Param#COOKIE_DOMAIN}; null means none. */
  public String cookieDomain() { return v.get(Param.COOKIE_DOMAIN); }
  /** See {@link Param#COOKIE_PARTITIONED}. */
  public boolean cookiePartitioned() { return v.get(Param.COOKIE_PARTITIONED); }
  /** See {@link Param#COOKIE_MAX_AGE}; null means none. */
  public Duration cookieMaxAge() { return v.get(Param.COOKIE_MAX_AGE); }
  /** See {@link Param#TRUSTED_PROXIES}. */
  public List<String> trustedProxies() { return v.list(Param.TRUSTED_PROXIES); }
  /** See {@link Param#PRINCIPAL_ATTRIBUTE}; null means none. */
  public String principalAttribute() { return v.get(Param.PRINCIPAL_ATTRIBUTE); }
  /**
   * The function naming the signed-in user from a value of the principal attribute, given in code; null
   * means the built-in rule: a {@code String} as it is, a {@link java.security.Principal}'s name.
   */
  public Function<Object, String> principalName() { return v.principalName; }
  /** See {@link Param#SERIALIZATION_FILTER}; null means the built-in allow-list only. */
  public String serializationFilter() { return v.get(Param.SERIALIZATION_FILTER); }
  /** The clock every timeout is measured with. */
  public Clock clock() { return v.clock; }
  /** The source of session ids. */
  public SecureRandom random() { return v.random; }
  /** The attribute codec given in code, or null for the built-in ones {@link #codecs()} names. */
  public AttributeCodec codec() { return v.values.get(Param.CODEC) instanceof AttributeCodec c ? c : null; }
  /** Session listeners given in code, called besides those the container declares. */
  public List<EventListener> listeners() { return Collections.unmodifiableList(v.listeners); }
  /** Names of the parameters set explicitly (as opposed to defaults), in the order they were set. */
  public Set<String> explicit() { return Collections.unmodifiableSet(v.explicit); }
  /** See {@link Param#PASSIVE_PATHS}; empty means none. @since 0.2 */
  public List<String> passivePaths() { return v.list(Param.PASSIVE_PATHS); }
  /** See {@link Param#PASSIVE_HEADER}; null means none. @since 0.2 */
  public String passiveHeader() { return v.get(Param.PASSIVE_HEADER); }
  /** See {@link Param#RENEWAL_INTERVAL}; null means no renewal. @since 0.2 */
  public Duration renewalInterval() { return v.get(Param.RENEWAL_INTERVAL); }
  /**
   * See {@link Param#SIGNING_KEYS}: the signer holding the keys, or null when ids are not signed. Not
   * public: the keys are secrets, and stay inside the filter.
   */
  IdSigner signingKeys() { return v.get(Param.SIGNING_KEYS); }
  /** See {@link Param#SESSION_ID_SOURCES}: never empty, no source twice, in the order they are tried. @since 0.2 */
  public List<IdSource> sessionIdSources() { return v.list(Param.SESSION_ID_SOURCES); }
  /** See {@link Param#SESSION_HEADER}. @since 0.2 */
  public String sessionHeader() { return v.get(Param.SESSION_HEADER); }
  /** See {@link Param#MAX_SESSIONS_PER_USER}; 0 means no limit. @since 0.2 */
  public int maxSessionsPerUser() { return v.values.get(Param.MAX_SESSIONS_PER_USER) instanceof Integer n ? n : 0; }
  /** See {@link Param#SESSION_LIMIT_POLICY}. @since 0.2 */
  public SessionLimitPolicy sessionLimitPolicy() { return v.get(Param.SESSION_LIMIT_POLICY); }
  /** See {@link Param#CLIENT_CHANGE_POLICY}. @since 0.2 */
  public ClientChangePolicy clientChangePolicy() { return v.get(Param.CLIENT_CHANGE_POLICY); }
  /** See {@link Param#CLIENT_CHANGE_LISTENER}; null means none. @since 0.2 */
  public ClientChangeListener clientChangeListener() { return v.get(Param.CLIENT_CHANGE_LISTENER); }

  /**
   * See {@link Param#CODEC}: the built-in codecs, never empty, none twice; the first writes, each reads
   * the values it wrote. Unused when a codec is given in code ({@link #codec()}).
   *
   * @since 0.2
   */
  @SuppressWarnings("unchecked")
  public List<Codec> codecs() {
    return (List<Codec>) (v.values.get(Param.CODEC) instanceof List<?> l ? l : Param.CODEC.defaultValue());
  }
  /** See {@link Param#JSON_TYPES}; null means the JSON codec's built-in types only. @since 0.2 */
  public String jsonTypes() { return v.get(Param.JSON_TYPES); }
  /** See {@link Param#ANOMALY_REJECTED_PER_MINUTE}; 0 means off. @since 0.2 */
  public int anomalyRejectedPerMinute() { return v.get(Param.ANOMALY_REJECTED_PER_MINUTE); }
  /** See {@link Param#ANOMALY_CREATED_PER_MINUTE}; 0 means off. @since 0.2 */
  public int anomalyCreatedPerMinute() { return v.get(Param.ANOMALY_CREATED_PER_MINUTE); }
  /** See {@link Param#ANOMALY_LISTENER}; null means none. @since 0.2 */
  public AnomalyListener anomalyListener() { return v.get(Param.ANOMALY_LISTENER); }
  /** See {@link Param#MICROMETER}. @since 0.2 */
  public Micrometer micrometer() { return v.get(Param.MICROMETER); }

  /** The trusted proxies, parsed once. */
  ProxyMatcher proxies() {
    return v.parsed.get(Param.TRUSTED_PROXIES) instanceof ProxyMatcher m ? m : ProxyMatcher.NONE;
  }

  /** The {@code serializationFilter}, parsed once: the Java codec it makes; null for the built-in allow-list only. */
  AttributeCodec serializationCodec() {
    return (AttributeCodec) v.parsed.get(Param.SERIALIZATION_FILTER);
  }

  /** The {@code jsonTypes}, parsed once: the JSON codec behind them; null for the built-in types only. */
  @SuppressWarnings("unchecked")
  Supplier<AttributeCodec> jsonCodec() {
    return (Supplier<AttributeCodec>) v.parsed.get(Param.JSON_TYPES);
  }

  /** The {@code store} parameter, parsed once; null when the store was given in code. */
  StoreLocator.Target storeTarget() {
    return (StoreLocator.Target) v.parsed.get(Param.STORE);
  }

  /**
   * The effective settings for the start-up log: every parameter, in {@link Param}'s order, as
   * {@code name=value} written as it could be given ({@link Param#defaultText()} when none is set).
   * Holds no secrets: store credentials are masked, signing keys shown by key id.
   */
  @Override
  public String toString() {
    return Arrays.stream(Param.values()).map(p -> {
      Object value = v.values.get(p);
      boolean none = value == null || value instanceof Collection<?> c && c.isEmpty();
      return p.key() + "=" + (none ? p.defaultText() : p.type().show(value));
    }).collect(Collectors.joining(" "));
  }

  /**
   * Collects settings; {@link #build()} validates them together. Each parameter may be set once.
   * Not thread-safe.
   */
  public static final class Builder {
    /** Each parameter's value; absent where it has none (its default is a description, such as "(none)"). */
    private final Map<Param, Object> values = new EnumMap<>(Param.class);
    /** What {@link #build()} parsed further from a value, kept so nothing parses it again. */
    private final Map<Param, Object> parsed = new EnumMap<>(Param.class);
    private final Set<String> explicit = new LinkedHashSet<>();
    private final Map<String, String> origin = new HashMap<>();
    private final List<EventListener> listeners = new ArrayList<>();
    private Function<Object, String> principalName;
    private Clock clock = Clock.systemUTC();
    private SecureRandom random = new SecureRandom();
    private String door = "code";

    private Builder() {}

    /** Every parameter's default: its {@link Param#defaultText()} read with its own rules. */
    private Builder defaults() {
      for (Param p : Param.values()) {
        if (p.hasDefaultValue()) {
          values.put(p, p.defaultValue());
        }
      }
      values.put(Param.MAX_SESSIONS, heapSizedMaxSessions(Runtime.getRuntime().maxMemory()));
      return this;
    }

    /** A builder holding what this one holds, explicit settings included (where they came from is not). */
    private Builder copy() {
      Builder b = new Builder();
      b.values.putAll(values);
      b.parsed.putAll(parsed);
      b.explicit.addAll(explicit);
      b.listeners.addAll(listeners);
      b.principalName = principalName;
      b.clock = clock;
      b.random = random;
      return b;
    }

    @SuppressWarnings("unchecked")
    private <T> T get(Param p) {
      return (T) values.get(p);
    }

    private <T> List<T> list(Param p) {
      List<T> list = get(p);
      return list == null ? List.of() : list;
    }

    /** Sets {@code p} to {@code value} (of its type): once, through any door. */
    Builder set(Param p, Object value) {
      Objects.requireNonNull(value, p.key());
      once(p.key());
      values.put(p, value instanceof Collection<?> c ? List.copyOf(c) : value);
      return this;
    }

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
    Duration absoluteTimeoutNow() { return get(Param.ABSOLUTE_TIMEOUT); }

    /** Names where the next values come from ("code", "init-param"), for the set-twice message. */
    void door(String door) { this.door = door; }

    /** See {@link Param#STORE}. */
    public Builder store(String store) { return set(Param.STORE, store); }
    /**
     * A JDBC data source (a container's pool, or one the app built), instead of the {@code store}
     * parameter: the JDBC store runs on it. The filter does not close it.
     *
     * @since 0.2
     */
    public Builder store(DataSource dataSource) { return set(Param.STORE, dataSource); }
    /** A ready repository, instead of the {@code store} parameter; the filter closes it on destroy. */
    public Builder store(SessionRepository repository) { return set(Param.STORE, repository); }
    /** See {@link Param#JDBC_TABLE_PREFIX}. */
    public Builder jdbcTablePrefix(String v) { return set(Param.JDBC_TABLE_PREFIX, v); }
    /** See {@link Param#JDBC_CREATE_SCHEMA}. */
    public Builder jdbcCreateSchema(boolean v) { return set(Param.JDBC_CREATE_SCHEMA, v); }
    /** See {@link Param#REDIS_NAMESPACE}. */
    public Builder redisNamespace(String v) { return set(Param.REDIS_NAMESPACE, v); }
    /** See {@link Param#STORE_TIMEOUT}. */
    public Builder storeTimeout(Duration v) { return set(Param.STORE_TIMEOUT, v); }
    /** See {@link Param#MAX_SESSIONS}. */
    public Builder maxSessions(int v) { return set(Param.MAX_SESSIONS, v); }
    /** See {@link Param#MEMORY_ENCODING}. */
    public Builder memoryEncoding(boolean v) { return set(Param.MEMORY_ENCODING, v); }
    /** See {@link Param#IDLE_TIMEOUT}. */
    public Builder idleTimeout(Duration v) { return set(Param.IDLE_TIMEOUT, v); }
    /** See {@link Param#ABSOLUTE_TIMEOUT}. */
    public Builder absoluteTimeout(Duration v) { return set(Param.ABSOLUTE_TIMEOUT, v); }
    /** See {@link Param#TOUCH_INTERVAL}. */
    public Builder touchInterval(Duration v) { return set(Param.TOUCH_INTERVAL, v); }
    /** See {@link Param#SWEEP_INTERVAL}. */
    public Builder sweepInterval(Duration v) { return set(Param.SWEEP_INTERVAL, v); }
    /** See {@link Param#COOKIE_NAME}. */
    public Builder cookieName(String v) { return set(Param.COOKIE_NAME, v); }
    /** See {@link Param#COOKIE_PREFIX}. */
    public Builder cookiePrefix(CookiePrefix v) { return set(Param.COOKIE_PREFIX, v); }
    /** See {@link Param#COOKIE_SECURE}. */
    public Builder cookieSecure(CookieSecure v) { return set(Param.COOKIE_SECURE, v); }
    /** See {@link Param#COOKIE_SAME_SITE}. */
    public Builder cookieSameSite(SameSite v) { return set(Param.COOKIE_SAME_SITE, v); }
    /** See {@link Param#COOKIE_PATH}. */
    public Builder cookiePath(String v) { return set(Param.COOKIE_PATH, v); }
    /** See {@link Param#COOKIE_DOMAIN}. */
    public Builder cookieDomain(String v) { return set(Param.COOKIE_DOMAIN, v); }
    /** See {@link Param#COOKIE_PARTITIONED}. */
    public Builder cookiePartitioned(boolean v) { return set(Param.COOKIE_PARTITIONED, v); }
    /** See {@link Param#COOKIE_MAX_AGE}. */
    public Builder cookieMaxAge(Duration v) { return set(Param.COOKIE_MAX_AGE, v); }
    /**
     * Adds a session listener ({@code HttpSessionListener}, {@code HttpSessionAttributeListener},
     * {@code HttpSessionIdListener}), called besides those declared to the container (code only; may be
     * called many times).
     */
    public Builder listener(EventListener v) { listeners.add(Objects.requireNonNull(v, "listener")); return this; }
    /** See {@link Param#TRUSTED_PROXIES}. */
    public Builder trustedProxies(List<String> v) { return set(Param.TRUSTED_PROXIES, v); }
    /** See {@link Param#PRINCIPAL_ATTRIBUTE}. */
    public Builder principalAttribute(String v) { return set(Param.PRINCIPAL_ATTRIBUTE, v); }
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
    public Builder principalName(Function<Object, String> v) { principalName = Objects.requireNonNull(v, "principalName"); return this; }
    /** See {@link Param#SERIALIZATION_FILTER}. */
    public Builder serializationFilter(String v) { return set(Param.SERIALIZATION_FILTER, v); }
    /** See {@link Param#PASSIVE_PATHS}. @since 0.2 */
    public Builder passivePaths(List<String> v) { return set(Param.PASSIVE_PATHS, v); }
    /** See {@link Param#PASSIVE_HEADER}. @since 0.2 */
    public Builder passiveHeader(String v) { return set(Param.PASSIVE_HEADER, v); }
    /** See {@link Param#RENEWAL_INTERVAL}. @since 0.2 */
    public Builder renewalInterval(Duration v) { return set(Param.RENEWAL_INTERVAL, v); }
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
      once(Param.SIGNING_KEYS.key());
      try {
        values.put(Param.SIGNING_KEYS, IdSigner.parse(v));
      } catch (IllegalArgumentException e) {
        throw new SettingsException(Param.SIGNING_KEYS.key() + (from == null ? "" : "=" + from) + ": "
            + e.getMessage() + "; it accepts " + Param.SIGNING_KEYS.accepts());
      }
      return this;
    }
    /** See {@link Param#SESSION_ID_SOURCES}. @since 0.2 */
    public Builder sessionIdSources(List<IdSource> v) { return set(Param.SESSION_ID_SOURCES, v); }
    /** See {@link Param#SESSION_HEADER}. @since 0.2 */
    public Builder sessionHeader(String v) { return set(Param.SESSION_HEADER, v); }
    /** See {@link Param#MAX_SESSIONS_PER_USER}. @since 0.2 */
    public Builder maxSessionsPerUser(int v) { return set(Param.MAX_SESSIONS_PER_USER, v); }
    /** See {@link Param#SESSION_LIMIT_POLICY}. @since 0.2 */
    public Builder sessionLimitPolicy(SessionLimitPolicy v) { return set(Param.SESSION_LIMIT_POLICY, v); }
    /** See {@link Param#CLIENT_CHANGE_POLICY}. @since 0.2 */
    public Builder clientChangePolicy(ClientChangePolicy v) { return set(Param.CLIENT_CHANGE_POLICY, v); }
    /**
     * The listener told of every client change of a signed-in session; see {@link Param#CLIENT_CHANGE_LISTENER}
     * (whose class name is the same setting: set it once, in code or as a parameter).
     *
     * @since 0.2
     */
    public Builder clientChangeListener(ClientChangeListener v) { return set(Param.CLIENT_CHANGE_LISTENER, v); }
    /** The clock (code only; tests pass a fake one). Default: the system UTC clock. */
    public Builder clock(Clock v) { clock = Objects.requireNonNull(v, "clock"); return this; }
    /** The id source (code only). Default: a new {@link SecureRandom}. */
    public Builder random(SecureRandom v) { random = Objects.requireNonNull(v, "random"); return this; }
    /**
     * The attribute codec (code only), instead of the built-in ones the {@code codec} parameter names;
     * setting both fails. Default: Java serialization behind the allow-list.
     */
    public Builder codec(AttributeCodec v) { return set(Param.CODEC, v); }
    /** See {@link Param#CODEC}: the first codec writes; each one listed reads the values it wrote. @since 0.2 */
    public Builder codec(List<Codec> v) { return set(Param.CODEC, v); }
    /** See {@link Param#JSON_TYPES}. @since 0.2 */
    public Builder jsonTypes(String v) { return set(Param.JSON_TYPES, v); }
    /** See {@link Param#ANOMALY_REJECTED_PER_MINUTE}; 0 turns it off. @since 0.2 */
    public Builder anomalyRejectedPerMinute(int v) { return set(Param.ANOMALY_REJECTED_PER_MINUTE, v); }
    /** See {@link Param#ANOMALY_CREATED_PER_MINUTE}; 0 turns it off. @since 0.2 */
    public Builder anomalyCreatedPerMinute(int v) { return set(Param.ANOMALY_CREATED_PER_MINUTE, v); }
    /**
     * See {@link Param#ANOMALY_LISTENER}: the listener itself, in code.
     *
     * @param v told of each anomaly; not null
     * @since 0.2
     */
    public Builder anomalyListener(AnomalyListener v) { return set(Param.ANOMALY_LISTENER, v); }
    /** See {@link Param#MICROMETER}. @since 0.2 */
    public Builder micrometer(Micrometer v) { return set(Param.MICROMETER, v); }

    /**
     * Validates every setting, alone (each by its parameter's rules) and together, and seals them.
     *
     * @throws SettingsException naming the parameter and what it accepts
     */
    public Settings build() {
      parsed.clear();
      values.forEach((p, value) -> {
        Object kept = p.type().check(p, value);
        if (kept != null) {
          parsed.put(p, kept);
        }
      });
      checkTimeouts();
      checkCookie();
      checkHeaders();
      checkCodecs();
      checkAnomalies();
      return new Settings(this);
    }

    private void checkTimeouts() {
      Duration idle = get(Param.IDLE_TIMEOUT);
      Duration absolute = get(Param.ABSOLUTE_TIMEOUT);
      Duration touch = get(Param.TOUCH_INTERVAL);
      Duration renewal = get(Param.RENEWAL_INTERVAL);
      // touchInterval has no upper bound: each session touches at least every quarter of its own idle timeout
      check(absolute.compareTo(idle) >= 0, Param.ABSOLUTE_TIMEOUT, absolute + " (idleTimeout is " + idle + ")");
      check(renewal == null || renewal.compareTo(absolute) < 0 && renewal.compareTo(touch) >= 0,
          Param.RENEWAL_INTERVAL, renewal + " (absoluteTimeout is " + absolute + ", touchInterval is " + touch + ")");
    }

    /** Combinations a browser would reject. */
    private void checkCookie() {
      boolean alwaysSecure = get(Param.COOKIE_SECURE) == CookieSecure.ALWAYS;
      CookiePrefix prefix = get(Param.COOKIE_PREFIX);
      String path = get(Param.COOKIE_PATH);
      if (get(Param.COOKIE_SAME_SITE) == SameSite.NONE && !alwaysSecure) {
        throw new SettingsException("cookieSameSite=None needs cookieSecure=always: browsers reject a"
            + " SameSite=None cookie without Secure");
      }
      if ((boolean) get(Param.COOKIE_PARTITIONED) && !alwaysSecure) {
        throw new SettingsException("cookiePartitioned=true needs cookieSecure=always: browsers reject a"
            + " Partitioned cookie without Secure");
      }
      if (prefix == CookiePrefix.HOST) {
        if (get(Param.COOKIE_DOMAIN) != null) {
          throw new SettingsException("cookiePrefix=host cannot go with cookieDomain: a __Host- cookie has no Domain");
        }
        if (path != null && !path.equals("/")) {
          throw new SettingsException("cookiePrefix=host needs cookiePath=/ (it is " + path + ")");
        }
      }
      if ((prefix == CookiePrefix.HOST || prefix == CookiePrefix.SECURE) && !alwaysSecure) {
        throw new SettingsException("cookiePrefix=" + Param.COOKIE_PREFIX.type().show(prefix)
            + " needs cookieSecure=always: browsers reject a prefixed cookie without Secure");
      }
    }

    private void checkHeaders() {
      String passive = get(Param.PASSIVE_HEADER);
      check(passive == null || !passive.equalsIgnoreCase(get(Param.SESSION_HEADER)), Param.PASSIVE_HEADER,
          passive + " (it is the sessionHeader)");
    }

    private void checkCodecs() {
      Object codec = get(Param.CODEC);
      String names = Param.CODEC.type().show(codec);
      boolean inCode = codec instanceof AttributeCodec;
      if (get(Param.JSON_TYPES) != null && (inCode || !((List<?>) codec).contains(Codec.JSON))) {
        throw new SettingsException(Param.JSON_TYPES.key() + " is set but " + Param.CODEC.key() + "="
            + (inCode ? "(a codec given in code)" : names) + " does not include json");
      }
      if (get(Param.SERIALIZATION_FILTER) != null && !inCode && !((List<?>) codec).contains(Codec.JAVA)) {
        throw new SettingsException(Param.SERIALIZATION_FILTER.key() + " is set but " + Param.CODEC.key() + "="
            + names + " never reads Java serialization; remove it, or set codec=json,java while old values remain");
      }
    }

    private void checkAnomalies() {
      if (get(Param.ANOMALY_LISTENER) != null && (int) get(Param.ANOMALY_REJECTED_PER_MINUTE) == 0
          && (int) get(Param.ANOMALY_CREATED_PER_MINUTE) == 0) {
        throw new SettingsException("anomalyListener needs anomalyRejectedPerMinute or anomalyCreatedPerMinute"
            + " on: both are off, so it would never be called");
      }
    }

    private static void check(boolean ok, Param p, String value) {
      if (!ok) {
        throw ParamType.rejected(p, value);
      }
    }
  }
}
