package dev.cloakroom.demo;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The launcher's store switch ({@code CLOAKROOM_DEMO_STORE} or {@code -Ddemo.store}): a short name or a
 * store URI, turned into the filter init-params that override web.xml's {@code store=memory}.
 */
final class DemoStores {

  /** The machine's Redis, for {@code redis}. */
  static final String LOCAL_REDIS = "redis://127.0.0.1:6379";
  /** The machine's PostgreSQL (trust auth, database {@code test}), for {@code postgres}. */
  static final String LOCAL_POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  static final String ACCEPTED = "memory, redis, postgres, a redis:// or rediss:// URI, or a jdbc:postgresql: URL";

  private DemoStores() {}

  /**
   * The init-params for {@code choice}: {@code memory} (or empty: the default), {@code redis} (the local
   * Redis), {@code postgres} (the local PostgreSQL), a {@code redis://}/{@code rediss://} URI or a
   * {@code jdbc:postgresql:} URL. Redis gets its own key namespace, PostgreSQL its own tables (created
   * when missing).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  static Map<String, String> params(String choice) {
    String c = choice == null ? "" : choice.strip();
    Map<String, String> params = new LinkedHashMap<>();
    String lower = c.toLowerCase(Locale.ROOT);
    if (c.isEmpty() || lower.equals("memory")) {
      params.put("store", "memory");
    } else if (lower.equals("redis") || lower.startsWith("redis://") || lower.startsWith("rediss://")) {
      params.put("store", lower.equals("redis") ? LOCAL_REDIS : c);
      params.put("redisNamespace", "cloakroom-demo");
    } else if (lower.equals("postgres") || lower.equals("postgresql") || lower.startsWith("jdbc:postgresql:")) {
      params.put("store", lower.startsWith("jdbc:") ? c : LOCAL_POSTGRES);
      params.put("jdbcTablePrefix", "cloakroom_demo_");
      params.put("jdbcCreateSchema", "true");
    } else {
      throw new IllegalArgumentException("CLOAKROOM_DEMO_STORE (or -Ddemo.store): unknown store \"" + mask(c)
          + "\"; accepted: " + ACCEPTED);
    }
    return params;
  }

  /** {@code store} without the user info of a URI (a password never reaches the console). */
  static String mask(String store) {
    return store.replaceAll("//[^/]*@", "//***@").replaceAll("(?i)password=[^&]*", "password=***");
  }
}
