package dev.cloakroom.store.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One Lua script from {@code dev/cloakroom/redis/*.lua}, run with {@code EVALSHA}; when the server does
 * not know it yet (a restart, a failover, a new cluster node) the call is repeated once with
 * {@code EVAL}, which also caches it. So a script costs one round trip except on its first use per
 * server. Every script touches the keys it is given only, all of one hash slot in Cluster (standalone
 * scripts also get the session's schedule bucket).
 */
enum RedisScript {

  CREATE("create"),
  SAVE("save"),
  RENAME("rename", true),
  TAKEOUT("takeout"),
  DELETE("delete"),
  INDEX_ADD("index-add", true),
  INDEX_REMOVE("index-remove", true),
  INDEX_READ("index-read", true),
  INDEX_PRUNE("index-prune", true),
  MOVE_BEGIN("move-begin"),
  MOVE_END("move-end"),
  SWEEP_CLAIM("sweep-claim"),
  SWEEP_TAKE("sweep-take");

  private final String source;
  private final String sha;

  RedisScript(String file) {
    this(file, false);
  }

  /** {@code index}: the script reads or writes the principal index, so the index functions come first. */
  RedisScript(String file, boolean index) {
    this.source = (index ? text("index-lib") : "") + text(file);
    this.sha = sha1(source);
  }

  /** The script's text. */
  String source() {
    return source;
  }

  /** Runs the script on {@code keys} (one slot) with {@code args}. */
  <T> CompletableFuture<T> run(RedisClusterAsyncCommands<byte[], byte[]> redis, ScriptOutputType type,
      byte[][] keys, List<byte[]> args) {
    byte[][] values = args.toArray(new byte[0][]);
    CompletableFuture<T> first = redis.<T>evalsha(sha, type, keys, values).toCompletableFuture();
    return first.exceptionallyCompose(e -> {
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      if (cause instanceof RedisNoScriptException) {
        return redis.<T>eval(source, type, keys, values).toCompletableFuture();
      }
      return CompletableFuture.failedFuture(cause);
    });
  }

  private static String text(String name) {
    String path = "/dev/cloakroom/redis/" + name + ".lua";
    try (InputStream in = RedisScript.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  private static String sha1(String source) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required by every Java platform", e);
    }
  }
}
