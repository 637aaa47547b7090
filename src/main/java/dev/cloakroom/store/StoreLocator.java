package dev.cloakroom.store;

import dev.cloakroom.Param;
import dev.cloakroom.Settings;
import dev.cloakroom.SettingsException;
import dev.cloakroom.store.memory.MemoryRepository;
import java.lang.reflect.InvocationTargetException;
import java.util.regex.Pattern;

/**
 * The {@code store} parameter into a repository: {@code memory}, or the class name of a
 * {@link StoreFactory}.
 *
 * @since 0.1
 */
public final class StoreLocator {

  private static final Pattern CLASS_NAME =
      Pattern.compile("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*(\\.[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*)+");

  private StoreLocator() {}

  /** Checks the form of a {@code store} value at build time. */
  public static void check(String store) {
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
    if (store.equals("memory")) {
      return new MemoryRepository(settings.maxSessions());
    }
    return factory(store).open(settings);
  }

  private static StoreFactory factory(String className) {
    Class<?> type;
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      type = Class.forName(className, true, loader != null ? loader : StoreLocator.class.getClassLoader());
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
