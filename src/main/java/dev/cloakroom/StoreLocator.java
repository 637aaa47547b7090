package dev.cloakroom;

import dev.cloakroom.store.Breaker;
import dev.cloakroom.store.SessionRepository;
import dev.cloakroom.store.jdbc.JdbcStoreFactory;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.store.redis.RedisEndpoints;
import dev.cloakroom.store.redis.RedisStoreFactory;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The {@code store} parameter into a repository: {@code memory}, a Redis URI ({@link RedisEndpoints}), a
 * {@code jdbc:} URL or the JNDI name ({@code java:…}) of a {@code DataSource} (or a {@code DataSource}
 * given in code), or the class name of a {@link StoreFactory}. The value is parsed once, when the settings
 * are built ({@link #parse}); {@link #open} works from what was parsed. Redis and JDBC stores get a
 * {@link Breaker}.
 *
 * <p>Lettuce and HikariCP are optional dependencies: each store's classes are reached only on the path
 * that opens that store, after a check by name that the dependency is there, so a memory-store
 * application never loads one of their classes.
 */
final class StoreLocator {

  /** What kind of store a {@code store} value names. */
  enum Kind { MEMORY, REDIS, JDBC_URL, JNDI, FACTORY }

  /**
   * A {@code store} value, parsed.
   *
   * @param kind  what it names
   * @param text  the value as given
   * @param redis where the Redis servers are, for {@link Kind#REDIS}; else null
   */
  record Target(Kind kind, String text, RedisEndpoints redis) {
    @Override
    public String toString() {
      return StoreSecrets.mask(text);
    }
  }

  private static final Pattern CLASS_NAME =
      Pattern.compile("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*(\\.[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*)+");
  private static final String LETTUCE_CLASS = "io.lettuce.core.RedisClient";
  private static final String HIKARI_CLASS = "com.zaxxer.hikari.HikariDataSource";

  private StoreLocator() {}

  /**
   * Parses a {@code store} value.
   *
   * @throws SettingsException naming the parameter, the value (masked) and what it accepts
   */
  static Target parse(String store) {
    if (RedisEndpoints.isRedis(store)) {
      try {
        return new Target(Kind.REDIS, store, RedisEndpoints.parse(store));
      } catch (IllegalArgumentException e) {
        throw new SettingsException(Param.STORE.key() + "=" + StoreSecrets.mask(store) + " is not accepted: "
            + e.getMessage() + "; it accepts " + Param.STORE.accepts());
      }
    }
    if (store.startsWith("jdbc:") && store.length() > "jdbc:x:".length()) {
      return new Target(Kind.JDBC_URL, store, null);
    }
    if (store.startsWith("java:") && store.length() > "java:".length()
        && store.chars().noneMatch(Character::isWhitespace)) {
      return new Target(Kind.JNDI, store, null);
    }
    if (store.equals("memory")) {
      return new Target(Kind.MEMORY, store, null);
    }
    if (CLASS_NAME.matcher(store).matches()) {
      return new Target(Kind.FACTORY, store, null);
    }
    throw ParamType.rejected(Param.STORE, StoreSecrets.mask(store));
  }

  /** Opens the repository the settings name. */
  static SessionRepository open(Settings s) {
    if (s.repository() != null) {
      return s.repository();
    }
    if (s.dataSource() != null) {
      return jdbc(s.dataSource(), s);
    }
    Target target = s.storeTarget();
    String store = target.text();
    return switch (target.kind()) {
      case MEMORY -> new MemoryRepository(s.maxSessions());
      case REDIS -> {
        require(LETTUCE_CLASS, store, " needs io.lettuce:lettuce-core 6.x on the class path (an optional"
            + " dependency of Cloakroom); add it to the application");
        // the store keeps a session's data 2 × sweepInterval past its expiry, so the sweep can tell listeners
        yield breaker(RedisStoreFactory.open(target.redis(), s.redisNamespace(), s.storeTimeout(), s.clock(),
            s.sweepInterval().multipliedBy(2)), s);
      }
      case JDBC_URL -> {
        require(HIKARI_CLASS, store, " needs com.zaxxer:HikariCP on the class path (an optional dependency of"
            + " Cloakroom), or give a DataSource: a JNDI name or Settings.Builder.store(DataSource)");
        yield jdbc(() -> JdbcStoreFactory.open(store, s.jdbcTablePrefix(), s.jdbcCreateSchema(), s.storeTimeout()),
            store, s);
      }
      case JNDI -> jdbc(lookup(store), s);
      case FACTORY -> ParamType.newInstance(Param.STORE, store, StoreFactory.class).open(s);
    };
  }

  /**
   * A short word for the kind of store the settings name: {@code memory}, {@code redis}, {@code jdbc},
   * else the simple class name of {@code repository} as opened (through the filter's own wrappers), for
   * status pages.
   */
  static String name(Settings s, SessionRepository repository) {
    Target target = s.storeTarget();
    if (s.dataSource() != null || target != null && (target.kind() == Kind.JDBC_URL || target.kind() == Kind.JNDI)) {
      return "jdbc";
    }
    if (target != null && target.kind() != Kind.FACTORY) {
      return target.kind() == Kind.MEMORY ? "memory" : "redis";
    }
    SessionRepository r = TimedRepository.unwrap(repository);
    r = r instanceof Breaker b ? b.delegate() : r;
    return r instanceof MemoryRepository ? "memory" : r.getClass().getSimpleName();
  }

  private static SessionRepository breaker(SessionRepository repository, Settings s) {
    return new Breaker(repository, s.clock(), Breaker.DEFAULT_THRESHOLD, Breaker.DEFAULT_COOL_DOWN);
  }

  /**
   * The JDBC store {@code opener} opens, behind a breaker; its failures become {@link SettingsException}s
   * with the secrets of {@code url} (a {@code jdbc:} URL, or null) hidden from the message and every cause.
   */
  private static SessionRepository jdbc(Supplier<SessionRepository> opener, String url, Settings s) {
    try {
      return breaker(opener.get(), s);
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new SettingsException(Param.STORE.key() + (url == null ? "" : "=" + StoreSecrets.mask(url)) + ": "
          + StoreSecrets.maskIn(e.getMessage(), url), StoreSecrets.scrubbed(e.getCause(), url));
    }
  }

  /** The JDBC store on {@code dataSource}, behind a breaker. */
  private static SessionRepository jdbc(DataSource dataSource, Settings s) {
    return jdbc(() -> JdbcStoreFactory.open(dataSource, s.jdbcTablePrefix(), s.jdbcCreateSchema(), s.storeTimeout()),
        null, s);
  }

  private static DataSource lookup(String name) {
    try {
      Object found = new javax.naming.InitialContext().lookup(name);
      if (found instanceof DataSource ds) {
        return ds;
      }
      throw new SettingsException(Param.STORE.key() + "=" + name + " names a "
          + (found == null ? "null" : found.getClass().getName()) + ", not a javax.sql.DataSource");
    } catch (javax.naming.NamingException e) {
      throw new SettingsException(Param.STORE.key() + "=" + name + ": no DataSource under that JNDI name ("
          + e.getMessage() + "); declare it as a resource of the application", e);
    }
  }

  /** Checks, without linking it, that the optional dependency holding {@code className} is there. */
  private static void require(String className, String store, String needs) {
    try {
      Class.forName(className, false, StoreLocator.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new SettingsException(Param.STORE.key() + "=" + StoreSecrets.mask(store) + needs, e);
    }
  }
}
