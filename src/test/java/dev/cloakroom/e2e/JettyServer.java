package dev.cloakroom.e2e;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.Jetty;

/**
 * Embedded Jetty 12.1 serving one context, built by {@link JettyEe10} or {@link JettyEe11}: the part that
 * does not depend on the Servlet environment.
 */
final class JettyServer implements AppServer {

  private final Server server;
  private final ContextHandler context;
  private final AppServer.Kind kind;

  private JettyServer(Server server, ContextHandler context, AppServer.Kind kind) {
    this.server = server;
    this.context = context;
    this.kind = kind;
  }

  static JettyServer start(ContextHandler context, AppServer.Kind kind) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(context);
    try {
      server.start();
    } catch (Exception e) {
      server.stop();
      throw e;
    }
    return new JettyServer(server, context, kind);
  }

  /** Jetty's version, such as {@code 12.1.12}. */
  static String version() {
    return Jetty.VERSION;
  }

  @Override
  public String baseUrl() {
    return "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  @Override
  public boolean appAvailable() {
    return context.isAvailable() && context.isStarted();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("jetty did not stop", e);
    }
  }

  @Override
  public String toString() {
    return kind.toString();
  }
}
