package dev.cloakroom.store.redis;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Redis {@code store} value, parsed and checked without Lettuce (so settings are checked at start-up
 * even where Lettuce is missing). The accepted forms:
 *
 * <pre>
 * redis://[[user]:password@]host[:port][/database]                       one server
 * rediss://…                                                             the same over TLS
 * redis-sentinel://[[user]:password@]host[:port][,host[:port]…][/database]#masterName
 * rediss-sentinel://…                                                    the same over TLS
 * redis-cluster://[[user]:password@]host[:port][,host[:port]…]           cluster seed nodes
 * rediss-cluster://…                                                     the same over TLS
 * </pre>
 *
 * <p>Ports default to 6379 (26379 for Sentinel). A user-info without a colon is a password (as in
 * Lettuce). User and password are percent-decoded. Query strings are refused: timeouts and the key
 * namespace are filter parameters ({@code storeTimeout}, {@code redisNamespace}).
 *
 * <p>The filter parses the {@code store} parameter with it once, at start-up, keeps the result in its
 * settings, and opens the store from it ({@link RedisStoreFactory#open}); it also holds the rule of the
 * {@code redisNamespace} parameter ({@link #isNamespace}). Not API: the filter's door to this package.
 *
 * <p>Thread-safe (immutable). {@link #toString()} masks the password.
 *
 * @param mode       standalone, Sentinel or Cluster
 * @param tls        whether connections use TLS
 * @param hosts      one server, the Sentinels, or the cluster seed nodes; never empty
 * @param username   ACL user name, or null
 * @param password   password, or null
 * @param database   database number (0 in Cluster mode)
 * @param masterName Sentinel master name, or null outside Sentinel mode
 */
public record RedisEndpoints(
    Mode mode, boolean tls, List<HostPort> hosts, String username, String password, int database,
    String masterName) {

  /** How the servers are reached. */
  public enum Mode { STANDALONE, SENTINEL, CLUSTER }

  /** One host and port. */
  public record HostPort(String host, int port) {
    @Override
    public String toString() {
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
  }

  public RedisEndpoints {
    hosts = List.copyOf(hosts);
  }

  /** Whether {@code store} names a Redis store (by its scheme), well formed or not. */
  public static boolean isRedis(String store) {
    return scheme(store) != null;
  }

  /** Whether {@code namespace} may prefix the store's keys (see {@link RedisKeys}). */
  public static boolean isNamespace(String namespace) {
    return RedisKeys.isNamespace(namespace);
  }

  /**
   * Parses a {@code store} value.
   *
   * @throws IllegalArgumentException saying what is wrong, without showing the value (it may hold a
   *     password)
   */
  public static RedisEndpoints parse(String store) {
    String scheme = scheme(store);
    if (scheme == null) {
      throw bad("not a Redis URI");
    }
    boolean tls = scheme.startsWith("rediss");
    Mode mode = scheme.endsWith("-sentinel") ? Mode.SENTINEL : scheme.endsWith("-cluster") ? Mode.CLUSTER : Mode.STANDALONE;
    String rest = store.substring(scheme.length() + 3);
    if (rest.indexOf('?') >= 0) {
      throw bad("query options are not read; use the storeTimeout and redisNamespace parameters");
    }
    String masterName = null;
    int hash = rest.indexOf('#');
    if (hash >= 0) {
      masterName = rest.substring(hash + 1);
      rest = rest.substring(0, hash);
      if (mode != Mode.SENTINEL) {
        throw bad("a #fragment (master name) only goes with redis-sentinel://");
      }
    }
    if (mode == Mode.SENTINEL && (masterName == null || masterName.isEmpty())) {
      throw bad("redis-sentinel:// needs the master name after '#'");
    }
    String username = null;
    String password = null;
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = rest.substring(0, at);
      rest = rest.substring(at + 1);
      int colon = userInfo.indexOf(':');
      if (colon >= 0) {
        username = colon > 0 ? decode(userInfo.substring(0, colon)) : null;
        password = decode(userInfo.substring(colon + 1));
      } else {
        password = decode(userInfo);
      }
    }
    int database = 0;
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      String db = rest.substring(slash + 1);
      rest = rest.substring(0, slash);
      if (!db.isEmpty()) {
        if (!db.matches("\\d{1,4}")) {
          throw bad("the database after '/' must be a number");
        }
        database = Integer.parseInt(db);
        if (mode == Mode.CLUSTER && database != 0) {
          throw bad("Redis Cluster has database 0 only");
        }
      }
    }
    int defaultPort = mode == Mode.SENTINEL ? 26379 : 6379;
    List<HostPort> hosts = new ArrayList<>();
    for (String part : rest.split(",", -1)) {
      hosts.add(hostPort(part.trim(), defaultPort));
    }
    if (mode == Mode.STANDALONE && hosts.size() > 1) {
      throw bad("one host only; list several with redis-sentinel:// or redis-cluster://");
    }
    return new RedisEndpoints(mode, tls, hosts, username, password, database, masterName);
  }

  private static HostPort hostPort(String part, int defaultPort) {
    String host;
    String port = null;
    if (part.startsWith("[")) {
      int end = part.indexOf(']');
      if (end < 0) {
        throw bad("unclosed '[' in an IPv6 address");
      }
      host = part.substring(1, end);
      String after = part.substring(end + 1);
      if (after.startsWith(":")) {
        port = after.substring(1);
      } else if (!after.isEmpty()) {
        throw bad("unexpected text after an IPv6 address");
      }
    } else {
      int colon = part.lastIndexOf(':');
      host = colon >= 0 ? part.substring(0, colon) : part;
      port = colon >= 0 ? part.substring(colon + 1) : null;
    }
    if (host.isEmpty() || !host.matches("[A-Za-z0-9._:%-]+")) {
      throw bad("a host is missing or malformed");
    }
    int p = defaultPort;
    if (port != null) {
      if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
        throw bad("a port must be a number from 1 to 65535");
      }
      p = Integer.parseInt(port);
    }
    return new HostPort(host, p);
  }

  private static String scheme(String store) {
    if (store == null) {
      return null;
    }
    int sep = store.indexOf("://");
    if (sep < 0) {
      return null;
    }
    String scheme = store.substring(0, sep).toLowerCase(Locale.ROOT);
    return switch (scheme) {
      case "redis", "rediss", "redis-sentinel", "rediss-sentinel", "redis-cluster", "rediss-cluster" -> scheme;
      default -> null;
    };
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw bad("bad percent-encoding in the user or password");
    }
  }

  private static IllegalArgumentException bad(String why) {
    return new IllegalArgumentException(why);
  }

  @Override
  public String toString() {
    String scheme = (tls ? "rediss" : "redis") + switch (mode) {
      case STANDALONE -> "";
      case SENTINEL -> "-sentinel";
      case CLUSTER -> "-cluster";
    };
    String auth = password != null ? (username != null ? username + ":***@" : "***@") : "";
    return scheme + "://" + auth + String.join(",", hosts.stream().map(HostPort::toString).toList())
        + (database != 0 ? "/" + database : "") + (masterName != null ? "#" + masterName : "");
  }
}
