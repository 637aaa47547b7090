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

  /**
   * The store value with every secret hidden, for logs and messages: the whole user info of a URI
   * ({@code redis://user:pw@host} becomes {@code redis://***@host}, also in the {@code user/pw@host}
   * form of some JDBC URLs) and the value of every parameter whose name says it holds a secret
   * ({@code ?password=}, {@code &sslpassword=}, {@code ;PASSWORD=}, {@code pwd}, {@code secret},
   * {@code token}). Found by parsing, not by a pattern over the text, so a password holding {@code /},
   * {@code @}, {@code :}, {@code ?}, {@code #} or percent-escapes is hidden whole: the user info runs to
   * the last {@code @} (outside a hidden parameter value), as the Redis URI parser reads it; when in
   * doubt it hides more.
   *
   * @param store the {@code store} parameter as given; null gives null
   */
  public static String mask(String store) {
    if (store == null) {
      return null;
    }
    boolean[] hidden = hidden(store);
    StringBuilder sb = new StringBuilder(store.length());
    for (int i = 0; i < store.length(); i++) {
      if (!hidden[i]) {
        sb.append(store.charAt(i));
      } else if (i == 0 || !hidden[i - 1]) {
        sb.append("***");
      }
    }
    return sb.toString();
  }

  /**
   * {@code text} (an error message of a driver or pool, say) with every secret of {@code store} hidden:
   * each hidden span of {@link #mask} that occurs in the text is replaced by {@code ***}.
   *
   * @param text  any text; null gives null
   * @param store the {@code store} parameter whose secrets to hide
   * @since 0.2
   */
  public static String maskIn(String text, String store) {
    if (text == null || store == null) {
      return text;
    }
    String out = text.replace(store, mask(store));
    boolean[] hidden = hidden(store);
    for (int i = 0; i < hidden.length; i++) {
      if (hidden[i]) {
        int j = i;
        while (j < hidden.length && hidden[j]) {
          j++;
        }
        String secret = store.substring(i, j);
        if (!secret.isEmpty()) {
          out = out.replace(secret, "***");
          // the password part alone, as a parser may quote it without the user name
          int colon = secret.indexOf(':');
          if (colon >= 0 && colon + 1 < secret.length()) {
            out = out.replace(secret.substring(colon + 1), "***");
          }
        }
        i = j;
      }
    }
    return out;
  }

  /** Which characters of {@code store} are secret. */
  private static boolean[] hidden(String store) {
    boolean[] hidden = new boolean[store.length()];
    if (!RedisEndpoints.isRedis(store)) {
      hideSecretParameters(store, hidden); // Redis URIs take no parameters; their user info may hold '?'
    }
    hideUserInfo(store, hidden);
    return hidden;
  }

  /** Scheme prefixes such as {@code redis:} or {@code jdbc:oracle:thin:}. */
  private static final Pattern SCHEMES = Pattern.compile("^(?:[A-Za-z][A-Za-z0-9+.-]*:)+");
  /** A parameter's start: {@code ?name=}, {@code &name=} or {@code ;name=}. */
  private static final Pattern PARAMETER = Pattern.compile("[?&;]([A-Za-z0-9_.-]+)=");
  private static final Pattern NEXT_PARAMETER = Pattern.compile("[A-Za-z0-9_.-]+=");

  /** Hides the user info: from after the scheme (and its {@code //}) to the last {@code @} outside a hidden value. */
  private static void hideUserInfo(String store, boolean[] hidden) {
    int at = -1;
    for (int i = store.length() - 1; i >= 0; i--) {
      if (store.charAt(i) == '@' && !hidden[i]) {
        at = i;
        break;
      }
    }
    if (at < 0) {
      return;
    }
    java.util.regex.Matcher m = SCHEMES.matcher(store);
    int start = m.find() ? m.end() : 0;
    if (store.startsWith("//", start)) {
      start += 2;
    }
    if (start > at) {
      start = 0; // the '@' is inside what looked like a scheme: hide all that comes before it
    }
    java.util.Arrays.fill(hidden, start, at, true);
  }

  /**
   * Hides the value of each secret parameter, up to the next separator ({@code &} after {@code ?} or
   * {@code &}, {@code ;} after {@code ;}) that starts another {@code name=}, or the end.
   */
  private static void hideSecretParameters(String store, boolean[] hidden) {
    java.util.regex.Matcher m = PARAMETER.matcher(store);
    while (m.find()) {
      if (!isSecretName(m.group(1))) {
        continue;
      }
      char separator = store.charAt(m.start()) == ';' ? ';' : '&';
      int end = store.length();
      for (int i = store.indexOf(separator, m.end()); i >= 0; i = store.indexOf(separator, i + 1)) {
        if (NEXT_PARAMETER.matcher(store).region(i + 1, store.length()).lookingAt()) {
          end = i;
          break;
        }
      }
      java.util.Arrays.fill(hidden, m.end(), end, true);
    }
  }

  private static boolean isSecretName(String name) {
    String n = name.toLowerCase(java.util.Locale.ROOT);
    return n.contains("password") || n.equals("pwd") || n.equals("passwd") || n.contains("secret")
        || n.contains("token") || n.contains("credential");
  }
}
