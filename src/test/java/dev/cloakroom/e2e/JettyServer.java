package dev.cloakroom.e2e;

import jakarta.servlet.ServletContainerInitializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.Jetty;

/**
 * Embedded Jetty 12.1 serving one context in one of its Servlet environments, {@code ee10} (Servlet 6.0)
 * or {@code ee11} (Servlet 6.1). The two are the same classes in two packages that share no type, so the
 * context is built from the environment's class names, the way Jetty's own deployer builds one:
 * web.xml and annotated apps are {@code WebAppContext}s, and only the annotated one gets
 * {@code AnnotationConfiguration}, so no other app can find an annotated class; code apps are plain
 * {@code ServletContextHandler}s, which scan nothing. What is called on them beyond Jetty's core
 * {@link ContextHandler} takes only JDK and Servlet API types.
 */
final class JettyServer {

  /** A webapp's configurations in the environment's {@code webapp} package, without annotations. */
  private static final List<String> WEBAPP_CONFIGURATIONS = List.of("WebInfConfiguration", "WebXmlConfiguration",
      "MetaInfConfiguration", "FragmentConfiguration", "WebAppConfiguration", "JettyWebXmlConfiguration");

  private JettyServer() {}

  /** Starts Jetty with {@code deployment} in {@code environment} ({@code ee10} or {@code ee11}). */
  static AppServer start(String environment, Deployment deployment, AppServer.Kind kind) throws Exception {
    ContextHandler context = context(environment, deployment);
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
    return new RunningServer(kind, connector::getLocalPort, () -> context.isAvailable() && context.isStarted(),
        server::stop);
  }

  /** Jetty's version, such as {@code 12.1.12}. */
  static String version() {
    return Jetty.VERSION;
  }

  private static ContextHandler context(String environment, Deployment deployment) throws Exception {
    if (deployment instanceof Deployment.Code c) {
      ContextHandler context = (ContextHandler) type(environment, "servlet.ServletContextHandler")
          .getConstructor(String.class).newInstance(c.contextPath().isEmpty() ? "/" : c.contextPath());
      ServletContainerInitializer registration = (classes, servletContext) -> c.register(servletContext);
      context.getClass().getMethod("addServletContainerInitializer", ServletContainerInitializer.class)
          .invoke(context, registration);
      if (!c.errorPages().isEmpty()) {
        Object errors = type(environment, "servlet.ErrorPageErrorHandler").getConstructor().newInstance();
        for (Map.Entry<Integer, String> page : c.errorPages().entrySet()) {
          errors.getClass().getMethod("addErrorPage", int.class, String.class)
              .invoke(errors, page.getKey(), page.getValue());
        }
        context.setErrorHandler((Request.Handler) errors);
      }
      return context;
    }
    List<String> configurations = new ArrayList<>();
    WEBAPP_CONFIGURATIONS.forEach(name -> configurations.add(className(environment, "webapp." + name)));
    if (deployment instanceof Deployment.Annotated) {
      configurations.add(className(environment, "annotations.AnnotationConfiguration"));
    }
    ContextHandler webapp = (ContextHandler) type(environment, "webapp.WebAppContext").getConstructor().newInstance();
    webapp.setContextPath("/");
    webapp.getClass().getMethod("setWar", String.class).invoke(webapp, WebAppDirs.of(deployment).toString());
    webapp.getClass().getMethod("setConfigurationClasses", List.class).invoke(webapp, configurations);
    return webapp;
  }

  private static Class<?> type(String environment, String name) throws ClassNotFoundException {
    return Class.forName(className(environment, name));
  }

  private static String className(String environment, String name) {
    return "org.eclipse.jetty." + environment + "." + name;
  }
}
