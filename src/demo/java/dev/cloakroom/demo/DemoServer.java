package dev.cloakroom.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.webapp.Configuration;
import org.eclipse.jetty.ee10.webapp.FragmentConfiguration;
import org.eclipse.jetty.ee10.webapp.JettyWebXmlConfiguration;
import org.eclipse.jetty.ee10.webapp.MetaInfConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.ee10.webapp.WebInfConfiguration;
import org.eclipse.jetty.ee10.webapp.WebXmlConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The demo shop on embedded Jetty 12 (ee10): the webapp folder {@code src/demo/webapp} deployed as it is,
 * its {@code WEB-INF/web.xml} registering the filter. Its servlets come from the test classpath.
 *
 * <p>Run: {@code mvn -q test-compile exec:java}, then open http://localhost:8080/. Listens on 127.0.0.1.
 * <ul>
 *   <li>{@code CLOAKROOM_DEMO_STORE} (or {@code -Ddemo.store=}): {@code memory} (default), {@code redis},
 *       {@code postgres}, a {@code redis://} URI or a {@code jdbc:postgresql:} URL (see {@link DemoStores});
 *   <li>{@code CLOAKROOM_DEMO_PORT} (or {@code -Ddemo.port=}): the port, 8080 by default.
 * </ul>
 * The store choice becomes init-params of the filter in a Jetty override descriptor (a temporary file,
 * removed by {@link #close()} or else when the JVM exits), so web.xml stays the one configuration and the
 * switch is a plain init-param.
 *
 * @param server   the running Jetty
 * @param override the override descriptor, removed by {@link #close()}
 * @param store    the filter's {@code store} init-param
 */
public record DemoServer(Server server, Path override, String store) implements AutoCloseable {

  static final String STORE_ENV = "CLOAKROOM_DEMO_STORE";
  static final String PORT_ENV = "CLOAKROOM_DEMO_PORT";
  static final Path WEBAPP = Path.of("src", "demo", "webapp");

  /** Starts the demo with the environment's (or system properties') store and port, and waits. */
  public static void main(String[] args) throws Exception {
    String store = setting("demo.store", STORE_ENV, "memory");
    int port;
    try {
      port = Integer.parseInt(setting("demo.port", PORT_ENV, "8080"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(PORT_ENV + " (or -Ddemo.port): a port number, 0 to 65535", e);
    }
    DemoServer demo = start(port, store, Map.of());
    demo.server.setStopAtShutdown(true);
    System.out.println("Cloakroom demo shop on http://localhost:" + demo.port() + "/ (store: "
        + DemoStores.mask(demo.store) + "; Ctrl-C stops it)");
    demo.server.join();
  }

  private static String setting(String property, String env, String fallback) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      value = System.getenv(env);
    }
    return value == null || value.isBlank() ? fallback : value.strip();
  }

  /**
   * Starts the demo on {@code port} of 127.0.0.1 (0: a free one).
   *
   * @param store  a store choice, see {@link DemoStores#params}
   * @param params more filter init-params over web.xml's (tests use a short idle timeout), applied last
   */
  public static DemoServer start(int port, String store, Map<String, String> params) throws Exception {
    Map<String, String> all = new LinkedHashMap<>(DemoStores.params(store));
    all.putAll(params);
    Path override = Files.createTempFile("cloakroom-demo-override-", ".xml");
    override.toFile().deleteOnExit(); // Ctrl-C ends main without close()
    Files.writeString(override, overrideDescriptor(all), StandardCharsets.UTF_8);

    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    WebAppContext webapp = new WebAppContext();
    webapp.setContextPath("/");
    webapp.setWar(WEBAPP.toAbsolutePath().toString());
    // web.xml is metadata-complete: no annotation scanning
    webapp.setConfigurations(new Configuration[] {new WebInfConfiguration(), new WebXmlConfiguration(),
        new MetaInfConfiguration(), new FragmentConfiguration(), new WebAppConfiguration(),
        new JettyWebXmlConfiguration()});
    webapp.addOverrideDescriptor(override.toString());
    webapp.setThrowUnavailableOnStartupException(true);
    server.setHandler(webapp);
    DemoServer demo = new DemoServer(server, override, all.get("store"));
    try {
      server.start();
    } catch (Exception e) {
      demo.close(); // stops what started, removes the descriptor
      throw e;
    }
    return demo;
  }

  /** A web.xml fragment that sets {@code params} on the filter named {@code cloakroom}. */
  static String overrideDescriptor(Map<String, String> params) {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">\n")
        .append("  <filter>\n    <filter-name>cloakroom</filter-name>\n");
    params.forEach((name, value) -> xml.append("    <init-param><param-name>").append(Html.escape(name))
        .append("</param-name><param-value>").append(Html.escape(value)).append("</param-value></init-param>\n"));
    return xml.append("  </filter>\n</web-app>\n").toString();
  }

  /** The port it listens on. */
  public int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /** {@code http://127.0.0.1:port}, no trailing slash. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** Stops the server and removes the override descriptor. */
  @Override
  public void close() throws Exception {
    try {
      server.stop();
    } finally {
      try {
        Files.deleteIfExists(override);
      } catch (IOException e) {
        // a temporary file left behind is harmless
      }
    }
  }
}
