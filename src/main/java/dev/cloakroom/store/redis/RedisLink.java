package dev.cloakroom.store.redis;

import dev.cloakroom.store.StoreException;
import dev.cloakroom.store.StoreUnavailableException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The connection as the repository's parts use it: commands, scripts, and waiting for answers with a
 * bound, turning Lettuce failures into store exceptions. Thread-safe.
 */
final class RedisLink {

  final RedisClusterAsyncCommands<byte[], byte[]> redis;
  /** Whether keys of different slots must go in separate commands (Redis Cluster). */
  final boolean cluster;
  private final Duration timeout;
  private volatile boolean closed;

  RedisLink(RedisClusterAsyncCommands<byte[], byte[]> redis, boolean cluster, Duration timeout) {
    this.redis = redis;
    this.cluster = cluster;
    this.timeout = timeout;
  }

  /** Runs {@code script}; keys of one slot (or any keys on a standalone server). */
  <T> CompletableFuture<T> run(RedisScript script, ScriptOutputType type, byte[][] keys, List<byte[]> args) {
    return script.run(redis, type, keys, args);
  }

  void close() {
    closed = true;
  }

  <T> T await(String op, CompletionStage<T> future) {
    if (closed) {
      throw new StoreException("redis " + op + ": the store is closed");
    }
    try {
      return future.toCompletableFuture().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw failure(op, e.getCause());
    } catch (TimeoutException e) {
      throw new StoreUnavailableException("redis " + op + ": no answer within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("redis " + op + ": interrupted", e);
    }
  }

  /** A Lettuce failure as a store exception: unreachable or overloaded servers are "unavailable". */
  static StoreException failure(String op, Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof StoreException e) {
      return e;
    }
    if (t instanceof RedisCommandExecutionException) {
      String m = String.valueOf(t.getMessage());
      for (String transient_ : List.of("LOADING", "BUSY", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN", "READONLY",
          "OOM", "NOREPLICAS", "NOSCRIPT")) {
        if (m.startsWith(transient_)) {
          return new StoreUnavailableException("redis " + op + ": " + m, t);
        }
      }
      return new StoreException("redis " + op + " failed: " + m, t);
    }
    if (t instanceof RedisException || t instanceof java.io.IOException) {
      return new StoreUnavailableException("redis " + op + ": unreachable: " + t.getMessage(), t);
    }
    return new StoreException("redis " + op + " failed: " + t, t);
  }

  static String string(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
