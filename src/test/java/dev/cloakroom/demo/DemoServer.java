package dev.cloakroom.demo;

import dev.cloakroom.SessionFilter;
import dev.cloakroom.Settings;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The demo: embedded Jetty with the filter wired in code (memory store, {@code principalAttribute=user}).
 *
 * <p>Run: {@code mvn test-compile exec:java}, then open http://localhost:8080/. Another port:
 * {@code mvn test-compile exec:java -Dexec.args=9090} (or {@code -Dport=9090}). It listens on 127.0.0.1
 * only.
 */
public final class DemoServer {

  private DemoServer() {}

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : Integer.getInteger("port", 8080);
    Server server = start(port);
    System.out.println("Cloakroom demo on http://localhost:" + port + "/ (Ctrl-C stops it)");
    server.join();
  }

  /** Starts the demo on {@code port} of 127.0.0.1 (0 picks a free one). */
  public static Server start(int port) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    Settings settings = Settings.builder().principalAttribute(DemoServlets.USER).build();
    FilterHolder filter = new FilterHolder(new SessionFilter(settings));
    filter.setName("cloakroom");
    filter.setAsyncSupported(true);
    context.addFilter(filter, "/*", EnumSet.allOf(DispatcherType.class));
    context.addServlet(new ServletHolder(new DemoServlets.Home()), "");
    context.addServlet(new ServletHolder(new DemoServlets.Login()), "/login");
    context.addServlet(new ServletHolder(new DemoServlets.Logout()), "/logout");
    context.addServlet(new ServletHolder(new DemoServlets.Counter()), "/counter");
    context.addServlet(new ServletHolder(new DemoServlets.Whoami()), "/whoami");
    server.setHandler(context);
    server.start();
    return server;
  }
}
