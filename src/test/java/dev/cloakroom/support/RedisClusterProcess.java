package dev.cloakroom.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis Cluster of three masters (no replicas) from private {@code redis-server} processes on free
 * loopback ports, created with {@code redis-cli --cluster create}. Ready when every node reports
 * {@code cluster_state:ok} with all 16384 slots assigned. {@link #close()} stops the processes it
 * started and removes their files.
 */
public final class RedisClusterProcess implements AutoCloseable {

  private static final Duration READY_DEADLINE = Duration.ofSeconds(30);

  private final List<RedisProcess> nodes = new ArrayList<>();

  private RedisClusterProcess() {}

  /** Starts three masters and joins them (call {@link Services#requireRedisServer()} first). */
  public static RedisClusterProcess start() {
    RedisClusterProcess c = new RedisClusterProcess();
    try {
      for (int i = 0; i < 3; i++) {
        int port = RedisProcess.freePort(true);
        c.nodes.add(RedisProcess.start(port, "--cluster-enabled", "yes", "--cluster-config-file",
            "nodes-" + port + ".conf", "--cluster-node-timeout", "5000"));
      }
      List<String> cmd = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
      c.nodes.forEach(n -> cmd.add("127.0.0.1:" + n.port()));
      cmd.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
      Process create = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(create.getInputStream().readAllBytes());
      if (!create.waitFor(30, TimeUnit.SECONDS) || create.exitValue() != 0) {
        create.destroyForcibly();
        throw new IllegalStateException("redis-cli --cluster create failed:\n" + out);
      }
      for (RedisProcess n : c.nodes) {
        RedisProcess.awaitTrue("cluster node " + n.port() + " reports cluster_state:ok", READY_DEADLINE, () -> {
          String info = n.command("CLUSTER", "INFO");
          return info.contains("cluster_state:ok") && info.contains("cluster_slots_ok:16384")
              && info.contains("cluster_known_nodes:3");
        });
      }
      return c;
    } catch (IOException e) {
      c.close();
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      c.close();
      throw new IllegalStateException(e);
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** The nodes. */
  public List<RedisProcess> nodes() {
    return List.copyOf(nodes);
  }

  /** A {@code redis-cluster://} URI listing every node as a seed. */
  public String uri() {
    return "redis-cluster://" + String.join(",", nodes.stream().map(n -> "127.0.0.1:" + n.port()).toList());
  }

  @Override
  public void close() {
    nodes.forEach(RedisProcess::close);
  }
}
