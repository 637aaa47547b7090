package dev.cloakroom.store.redis;

import dev.cloakroom.store.SessionRepository;
import dev.cloakroom.store.StoreUnavailableException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.event.command.CommandListener;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Opens the Redis store at {@link RedisEndpoints} (the parsed {@code store} URI), under a key
 * namespace, with a connect and command timeout, keeping a session's data for a grace period past its
 * expiry (so a sweep can hand it to the listeners).
 *
 * <p>Connections reconnect by themselves; while one is down, commands are rejected at once rather than
 * queued, so requests fail fast (503) instead of piling up. The first connection is made here: a Redis
 * that cannot be reached at start-up fails the filter's {@code init}.
 *
 * <p>Not API: the filter's door to this package, called only when the {@code store} parameter names
 * Redis, so an application on another store never loads a Lettuce class.
 */
public final class RedisStoreFactory {

  /** How long a session's data outlives its expiry in tests that give no sweep interval. */
  static final Duration DEFAULT_GRACE = Duration.ofMinutes(2);

  private RedisStoreFactory() {}

  /**
   * Connects the store.
   *
   * @param endpoints where the servers are
   * @param namespace the key prefix ({@link RedisEndpoints#isNamespace})
   * @param timeout   connect and command timeout
   * @param clock     the filter's clock
   * @param grace     how long a session's data outlives its expiry
   * @throws StoreUnavailableException if the servers cannot be reached
   */
  public static SessionRepository open(RedisEndpoints endpoints, String namespace, Duration timeout, Clock clock,
      Duration grace) {
    return connect(endpoints, new RedisKeys(namespace), timeout, clock, grace, List.of());
  }

  /**
   * Connects a repository with a grace of {@link #DEFAULT_GRACE}.
   *
   * @throws StoreUnavailableException if the servers cannot be reached
   */
  static RedisRepository connect(RedisEndpoints endpoints, RedisKeys keys, Duration timeout, Clock clock) {
    return connect(endpoints, keys, timeout, clock, DEFAULT_GRACE, List.of());
  }

  /** As {@link #connect(RedisEndpoints, RedisKeys, Duration, Clock)}, with command listeners (tests count commands). */
  static RedisRepository connect(RedisEndpoints endpoints, RedisKeys keys, Duration timeout, Clock clock,
      List<CommandListener> listeners) {
    return connect(endpoints, keys, timeout, clock, DEFAULT_GRACE, listeners);
  }

  /**
   * As {@link #connect(RedisEndpoints, RedisKeys, Duration, Clock)}, keeping each session's data for
   * {@code grace} past its expiry (so a sweep can hand it to the listeners), with command listeners.
   */
  static RedisRepository connect(RedisEndpoints endpoints, RedisKeys keys, Duration timeout, Clock clock,
      Duration grace, List<CommandListener> listeners) {
    SocketOptions socket = SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build();
    TimeoutOptions timeouts = TimeoutOptions.enabled(timeout);
    boolean cluster = endpoints.mode() == RedisEndpoints.Mode.CLUSTER;
    Connected repository = (commands, resources) ->
        new RedisRepository(commands, cluster, keys, clock, timeout, grace, resources);
    if (cluster) {
      List<RedisURI> seeds = endpoints.hosts().stream().map(h -> uri(endpoints, h, timeout).build()).toList();
      RedisClusterClient client = RedisClusterClient.create(seeds);
      client.setOptions(ClusterClientOptions.builder()
          .socketOptions(socket)
          .timeoutOptions(timeouts)
          .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
          .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
              .enableAllAdaptiveRefreshTriggers()
              .enablePeriodicRefresh(Duration.ofMinutes(1))
              .build())
          .build());
      return open(client, client::connect, StatefulRedisClusterConnection::async, repository, endpoints, timeout,
          listeners);
    }
    RedisURI.Builder b = uri(endpoints, endpoints.hosts().get(0), timeout);
    if (endpoints.mode() == RedisEndpoints.Mode.SENTINEL) {
      for (RedisEndpoints.HostPort h : endpoints.hosts().subList(1, endpoints.hosts().size())) {
        b.withSentinel(h.host(), h.port());
      }
    }
    RedisClient client = RedisClient.create(b.build());
    client.setOptions(ClientOptions.builder()
        .socketOptions(socket)
        .timeoutOptions(timeouts)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .build());
    return open(client, client::connect, StatefulRedisConnection::async, repository, endpoints, timeout, listeners);
  }

  /** Makes the repository over a connection's commands; closing {@code resources} lets the connection go. */
  @FunctionalInterface
  private interface Connected {
    RedisRepository over(RedisClusterAsyncCommands<byte[], byte[]> commands, AutoCloseable resources);
  }

  /**
   * Connects {@code client} (standalone, Sentinel or Cluster) and makes the repository over it, its scripts
   * loaded; the repository's {@code close} closes the connection and shuts the client down, as a failure
   * to connect does at once.
   */
  private static <C extends StatefulConnection<byte[], byte[]>> RedisRepository open(AbstractRedisClient client,
      Function<ByteArrayCodec, C> connect, Function<C, RedisClusterAsyncCommands<byte[], byte[]>> commands,
      Connected repository, RedisEndpoints endpoints, Duration timeout, List<CommandListener> listeners) {
    listeners.forEach(client::addListener);
    Runnable shutdown = () -> client.shutdown(0, timeout.toMillis(), TimeUnit.MILLISECONDS);
    try {
      C connection = connect.apply(ByteArrayCodec.INSTANCE);
      RedisRepository opened = repository.over(commands.apply(connection), () -> {
        connection.close();
        shutdown.run();
      });
      opened.preloadScripts();
      return opened;
    } catch (RedisException e) {
      shutdown.run();
      throw new StoreUnavailableException("redis: cannot connect to " + endpoints + ": " + e.getMessage(), e);
    }
  }

  private static RedisURI.Builder uri(RedisEndpoints e, RedisEndpoints.HostPort h, Duration timeout) {
    RedisURI.Builder b = e.mode() == RedisEndpoints.Mode.SENTINEL
        ? RedisURI.Builder.sentinel(h.host(), h.port(), e.masterName())
        : RedisURI.Builder.redis(h.host(), h.port());
    b.withSsl(e.tls()).withTimeout(timeout).withDatabase(e.database());
    if (e.password() != null) {
      if (e.username() != null) {
        b.withAuthentication(e.username(), e.password().toCharArray());
      } else {
        b.withPassword(e.password().toCharArray());
      }
    }
    return b;
  }
}
