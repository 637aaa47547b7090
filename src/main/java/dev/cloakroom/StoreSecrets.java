package dev.cloakroom;

import dev.cloakroom.store.redis.RedisEndpoints;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The secrets of a {@code store} value (a password in a Redis URI or a JDBC URL), hidden wherever the
 * value, or a message that may quote it, could leave the filter: the start-up log, error messages and
 * their causes. Thread-safe; all methods are static.
 */
final class StoreSecrets {

  private StoreSecrets() {}

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
  static String mask(String store) {
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
   */
  static String maskIn(String text, String store) {
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
    Matcher m = SCHEMES.matcher(store);
    int start = m.find() ? m.end() : 0;
    if (store.startsWith("//", start)) {
      start += 2;
    }
    if (start > at) {
      start = 0; // the '@' is inside what looked like a scheme: hide all that comes before it
    }
    Arrays.fill(hidden, start, at, true);
  }

  /**
   * Hides the value of each secret parameter, up to the next separator ({@code &} after {@code ?} or
   * {@code &}, {@code ;} after {@code ;}) that starts another {@code name=}, or the end.
   */
  private static void hideSecretParameters(String store, boolean[] hidden) {
    Matcher m = PARAMETER.matcher(store);
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
      Arrays.fill(hidden, m.end(), end, true);
    }
  }

  private static boolean isSecretName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.contains("password") || n.equals("pwd") || n.equals("passwd") || n.contains("secret")
        || n.contains("token") || n.contains("credential");
  }

  /**
   * A copy of {@code e} and its causes whose messages hide the secrets of {@code store}: drivers and
   * pools quote the URL they were given, password included, and the container logs the whole chain.
   */
  static Throwable scrubbed(Throwable e, String store) {
    if (e == null || store == null) {
      return e;
    }
    RuntimeException copy = new RuntimeException(e.getClass().getName() + ": "
        + maskIn(e.getMessage(), store), scrubbed(e.getCause() == e ? null : e.getCause(), store));
    copy.setStackTrace(e.getStackTrace());
    return copy;
  }
}
