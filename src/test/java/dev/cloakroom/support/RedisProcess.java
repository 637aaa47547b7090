package dev.cloakroom.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A private {@code redis-server} on a free loopback port, for tests that count commands, need a
 * cluster, or stop the server. No persistence; its files live in a temporary directory removed on
 * {@link #close()}. Only the process this fixture started is ever stopped.
 */
public final class RedisProcess implements AutoCloseable {

  private static final Duration START_DEADLINE = Duration.ofSeconds(15);

  private final int port;
  private final Path dir;
  private final List<String> extraArgs;
  private Process process;

  private RedisProcess(int port, Path dir, List<String> extraArgs) {
    this.port = port;
    this.dir = dir;
    this.extraArgs = extraArgs;
  }

  /** Starts a server on a free port (call {@link Services#requireRedisServer()} first). */
  public static RedisProcess start(String... extraArgs) {
    return start(freePort(false), extraArgs);
  }

  /** Starts a server on {@code port}. */
  public static RedisProcess start(int port, String... extraArgs) {
    try {
      RedisProcess p = new RedisProcess(port, Files.createTempDirectory("cloakroom-redis-" + port + "-"),
          List.of(extraArgs));
      p.startProcess();
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A loopback port nobody listens on; with {@code clusterBus}, port + 10000 is free as well. */
  public static int freePort(boolean clusterBus) {
    for (int attempt = 0; attempt < 100; attempt++) {
      try (ServerSocket s = new ServerSocket(0)) {
        int p = s.getLocalPort();
        if (!clusterBus) {
          return p;
        }
        if (p + 10000 <= 65535) {
          try (ServerSocket bus = new ServerSocket(p + 10000)) {
            return p;
          } catch (IOException busy) {
            // try another
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException("no free port found");
  }

  private void startProcess() throws IOException {
    List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no"));
    cmd.addAll(extraArgs);
    process = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis.log").toFile()).start();
    awaitTrue("redis-server on port " + port + " answers PING", START_DEADLINE,
        () -> Services.Resp.answers("127.0.0.1", port));
  }

  /** The port it listens on. */
  public int port() {
    return port;
  }

  /** A {@code redis://} URI for it. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** Sends one command (see {@link Services.Resp#command}). */
  public String command(String... args) {
    try {
      return Services.Resp.command("127.0.0.1", port, args);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the server (the process this fixture started) and waits until it is gone. */
  public void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /**
   * Starts it again on the same port, in the same directory: it loads what a {@code SAVE} wrote there
   * before {@link #stop()}, else it starts empty.
   */
  public void restart() {
    stop();
    try {
      startProcess();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    stop();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }

  /** Polls {@code condition} every 20 ms until it holds; fails naming {@code what} after {@code deadline}. */
  public static void awaitTrue(String what, Duration deadline, BooleanSupplier condition) {
    Instant end = Instant.now().plus(deadline);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(end)) {
        throw new IllegalStateException("timed out after " + deadline + " waiting until " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }
}
