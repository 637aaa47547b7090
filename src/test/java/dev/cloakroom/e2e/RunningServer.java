package dev.cloakroom.e2e;

import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * A started embedded container, whatever its kind: {@link JettyServer} and {@link TomcatServer} start one
 * and say how to reach it, whether the app is up and how to stop it.
 *
 * @param kind what was started, which also names it in reports
 * @param port the port the container listens on, on 127.0.0.1
 * @param available whether the container considers the app started and available
 * @param container stops the container
 */
record RunningServer(AppServer.Kind kind, IntSupplier port, BooleanSupplier available, AutoCloseable container)
    implements AppServer {

  @Override
  public String baseUrl() {
    return "http://127.0.0.1:" + port.getAsInt();
  }

  @Override
  public boolean appAvailable() {
    return available.getAsBoolean();
  }

  @Override
  public void close() {
    try {
      container.close();
    } catch (Exception e) {
      throw new IllegalStateException(kind + " did not stop", e);
    }
  }

  @Override
  public String toString() {
    return kind.toString();
  }
}
