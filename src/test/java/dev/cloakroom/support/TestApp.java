package dev.cloakroom.support;

import dev.cloakroom.SessionFilter;
import dev.cloakroom.Settings;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A small app on embedded Jetty (ee10) with the filter registered in code, for tests that need a real
 * container but not a deployed webapp. Servlets are lambdas.
 */
public final class TestApp implements AutoCloseable {

  /** A servlet body. */
  @FunctionalInterface
  public interface Handler {
    void handle(HttpServletRequest request, HttpServletResponse response) throws Exception;
  }

  private final Server server;
  private final SessionFilter filter;
  private final String filterName;

  private TestApp(Server server, SessionFilter filter, String filterName) {
    this.server = server;
    this.filter = filter;
    this.filterName = filterName;
  }

  /** Starts an app serving {@code handlers} (path to body) behind a filter with {@code settings}. */
  public static TestApp start(Settings settings, Map<String, Handler> handlers) throws Exception {
    return start(settings, handlers, null);
  }

  /**
   * Starts an app serving {@code handlers} behind {@code outer} (when not null, the container's side:
   * a login realm, say) and then the filter with {@code settings}.
   */
  public static TestApp start(Settings settings, Map<String, Handler> handlers, jakarta.servlet.Filter outer)
      throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    SessionFilter filter = new SessionFilter(settings);
    if (outer != null) {
      context.addFilter(new FilterHolder(outer), "/*", EnumSet.allOf(DispatcherType.class));
    }
    FilterHolder holder = new FilterHolder(filter);
    context.addFilter(holder, "/*", EnumSet.allOf(DispatcherType.class));
    for (Map.Entry<String, Handler> e : new LinkedHashMap<>(handlers).entrySet()) {
      Handler h = e.getValue();
      context.addServlet(new ServletHolder(new HttpServlet() {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse res) {
          try {
            h.handle(req, res);
          } catch (RuntimeException ex) {
            throw ex;
          } catch (Exception ex) {
            throw new IllegalStateException(ex);
          }
        }
      }), e.getKey());
    }
    server.setHandler(context);
    server.start();
    return new TestApp(server, filter, holder.getName());
  }

  /** The base URL, such as {@code http://127.0.0.1:41234}. */
  public String url() {
    return "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /** The filter instance, for its metrics. */
  public SessionFilter filter() {
    return filter;
  }

  /** The name the container gave the filter (its {@code FilterConfig.getFilterName()}). */
  public String filterName() {
    return filterName;
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
