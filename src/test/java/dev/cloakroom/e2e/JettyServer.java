package dev.cloakroom.e2e;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
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
 * Embedded Jetty 12 (ee10). web.xml and annotated apps are {@link WebAppContext}s; only the annotated
 * one gets {@link AnnotationConfiguration}, so no other app can find an annotated class. Code apps are
 * plain {@link ServletContextHandler}s, which scan nothing.
 */
final class JettyServer implements AppServer {

  private final Server server;
  private final ServletContextHandler context;

  private JettyServer(Server server, ServletContextHandler context) {
    this.server = server;
    this.context = context;
  }

  static JettyServer start(Deployment deployment) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context;
    if (deployment instanceof Deployment.WebXml w) {
      context = webapp(w.dir().toString(), false);
    } else if (deployment instanceof Deployment.Annotated a) {
      context = webapp(WebAppDirs.annotated(a.anyClass()).toString(), true);
    } else {
      context = code((Deployment.Code) deployment);
    }
    server.setHandler(context);
    try {
      server.start();
    } catch (Exception e) {
      server.stop();
      throw e;
    }
    return new JettyServer(server, context);
  }

  private static WebAppContext webapp(String dir, boolean scanAnnotations) {
    WebAppContext webapp = new WebAppContext();
    webapp.setContextPath("/");
    webapp.setWar(dir);
    webapp.setConfigurations(scanAnnotations
        ? new Configuration[] {new WebInfConfiguration(), new WebXmlConfiguration(), new MetaInfConfiguration(),
            new FragmentConfiguration(), new WebAppConfiguration(), new AnnotationConfiguration(),
            new JettyWebXmlConfiguration()}
        : new Configuration[] {new WebInfConfiguration(), new WebXmlConfiguration(), new MetaInfConfiguration(),
            new FragmentConfiguration(), new WebAppConfiguration(), new JettyWebXmlConfiguration()});
    return webapp;
  }

  private static ServletContextHandler code(Deployment.Code c) {
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    FilterHolder filter = new FilterHolder(c.filter());
    filter.setName("cloakroom");
    filter.setAsyncSupported(true);
    c.filterParams().forEach(filter::setInitParameter);
    context.addFilter(filter, "/*", EnumSet.allOf(DispatcherType.class));
    for (Map.Entry<String, HttpServlet> e : c.servlets().entrySet()) {
      ServletHolder holder = new ServletHolder(e.getValue());
      holder.setAsyncSupported(true);
      context.addServlet(holder, e.getKey());
    }
    if (!c.errorPages().isEmpty()) {
      ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
      c.errorPages().forEach(errors::addErrorPage);
      context.setErrorHandler(errors);
    }
    return context;
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
    return "jetty";
  }
}
