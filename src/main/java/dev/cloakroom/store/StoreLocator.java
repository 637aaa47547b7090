package dev.cloakroom.store;

import dev.cloakroom.Param;
import dev.cloakroom.Settings;
import dev.cloakroom.SettingsException;
import dev.cloakroom.store.memory.MemoryRepository;
import dev.cloakroom.store.redis.RedisEndpoints;
import java.lang.reflect.InvocationTargetException;
import java.util.regex.Pattern;

/**
 * The {@code store} parameter into a repository: {@code memory}, a Redis URI (see
 * {@link RedisEndpoints}), a {@code jdbc:} URL or a JNDI name ({@code java:…}) of a DataSource (or a
 * DataSource given in code), or the class name of a {@link StoreFactory}.
 *
 * <p>Lettuce is an optional dependency: the Redis factory is loaded by name only when the
 * {@code store} parameter is a Redis URI, so memory-store users never load a Lettuce class.
 *
 * @since 0.1
 */
public final class StoreLocator {

  private static final Pattern CLASS_NAME =
      Pattern.compile("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*(\\.[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*)+");

  /** The Redis store's factory, loaded by name so the core does not link Lettuce. */
  private static final String REDIS_FACTORY = "dev.cloakroom.store.redis.RedisStoreFactory";
  private static final String LETTUCE_CLASS = "io.lettuce.core.RedisClient";

  private StoreLocator() {}

  /** Checks the form of a {@code store} value at build time. */
  public static void check(String store) {
    if (RedisEndpoints.isRedis(store)) {
      RedisEndpoints.parse(store); // throws naming the parameter and the problem
      return;
    }
    if (isJdbc(store)) {
      return;
    }
    if (!store.equals("memory") && !CLASS_NAME.matcher(store).matches()) {
      throw new SettingsException(Param.STORE.key() + "=" + mask(store) + " is not accepted; it accepts "
          + Param.STORE.accepts());
    }
  }

  /** Opens the repository the settings name. */
  public static SessionRepository open(Settings settings) {
    if (settings.repository() != null) {
      return settings.repository();
    }
    String store = settings.store();
    if (settings.dataSource() != null) {
      return new dev.cloakroom.store.jdbc.JdbcStoreFactory().open(settings);
    }
    if (store.equals("memory")) {
      return new MemoryRepository(settings.maxSessions());
    }
    if (RedisEndpoints.isRedis(store)) {
      requireLettuce(store);
      return factory(REDIS_FACTORY).open(settings);
    }
    if (isJdbc(store)) {
      return new dev.cloakroom.store.jdbc.JdbcStoreFactory().open(settings);
    }
    return factory(store).open(settings);
  }

  /** A {@code jdbc:} URL, or the JNDI name of a DataSource ({@code java:comp/env/jdbc/sessions}). */
  private static boolean isJdbc(String store) {
    return (store.startsWith("jdbc:") && store.length() > "jdbc:x:".length())
        || (store.startsWith("java:") && store.length() > "java:".length() && store.chars().noneMatch(Character::isWhitespace));
  }

  private static void requireLettuce(String store) {
    try {
      Class.forName(LETTUCE_CLASS, false, loader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new SettingsException(Param.STORE.key() + "=" + mask(store) + " needs io.lettuce:lettuce-core 6.x on the"
          + " class path (an optional dependency of Cloakroom); add it to the application", e);
    }
  }

  private static ClassLoader loader() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return loader != null ? loader : StoreLocator.class.getClassLoader();
  }

  private static StoreFactory factory(String className) {
    Class<?> type;
    try {
      type = Class.forName(className, true, loader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new SettingsException(Param.STORE.key() + "=" + className + ": no such class could be loaded", e);
    }
    if (!StoreFactory.class.isAssignableFrom(type)) {
      throw new SettingsException(Param.STORE.key() + "=" + className + " does not implement "
          + StoreFactory.class.getName());
    }
    try {
      return (StoreFactory) type.getConstructor().newInstance();
    } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
      throw new SettingsException(Param.STORE.key() + "=" + className
          + " needs a public no-argument constructor", e);
    } catch (InvocationTargetException e) {
      throw new SettingsException(Param.STORE.key() + "=" + className + ": its constructor failed: "
          + e.getCause(), e.getCause());
    }
  }

  /** The store value with any password in a URI's user-info hidden, for logs and messages. */
  public static String mask(String store) {
    return store.replaceAll("(?<=://)([^@/]*:)?[^@/]*@", "***@");
  }
}
