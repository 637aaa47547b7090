package dev.cloakroom.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link BenchServer} in a JVM of its own, with the same JVM flags for every machinery; its output
 * goes to a log file. Closing it closes the server's standard input, which stops the server.
 */
final class ServerProcess implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  final Machinery machinery;
  final Process process;
  final int port;
  final Path log;

  private ServerProcess(Machinery machinery, Process process, int port, Path log) {
    this.machinery = machinery;
    this.process = process;
    this.port = port;
    this.log = log;
  }

  static ServerProcess start(Machinery machinery, List<String> jvmFlags, List<String> serverArgs, Path dir,
      String name) throws IOException, InterruptedException {
    Path portFile = dir.resolve(name + ".port");
    Files.deleteIfExists(portFile);
    Path log = dir.resolve(name + ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    jvmFlags.forEach(f -> command.add(f.replace("{name}", name))); // {name}: this server's, e.g. a recording
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(BenchServer.class.getName());
    command.add("--machinery");
    command.add(machinery.label);
    command.add("--port-file");
    command.add(portFile.toString());
    command.addAll(serverArgs);
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!Files.exists(portFile)) {
      if (!process.isAlive()) {
        throw new IOException(machinery.label + " server exited with " + process.exitValue() + " at start; see " + log);
      }
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IOException(machinery.label + " server not ready in " + START_TIMEOUT.toSeconds() + " s; see " + log);
      }
      Thread.sleep(50);
    }
    int port = Integer.parseInt(Files.readString(portFile, StandardCharsets.US_ASCII).trim());
    return new ServerProcess(machinery, process, port, log);
  }

  String base() {
    return "http://127.0.0.1:" + port;
  }

  /** The server JVM's CPU time so far (user + system), from the operating system. */
  Duration cpu() {
    return Cpu.of(process.pid());
  }

  @Override
  public void close() throws InterruptedException {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // already gone
    }
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }
}
