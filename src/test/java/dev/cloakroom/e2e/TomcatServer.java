package dev.cloakroom.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * Embedded Tomcat 11 or 10.1, whichever the classpath holds. web.xml and annotated apps go through
 * {@code addWebapp} (ContextConfig: web.xml parsing and the annotation scan of {@code WEB-INF/classes});
 * classpath JAR scanning is off, so only what a webapp directory holds is found. Code apps use
 * {@code addContext}, which scans nothing.
 */
final class TomcatServer {

  private TomcatServer() {}

  /** The version of the Tomcat on the classpath, such as {@code 11.0.29}. */
  static String version() {
    return ServerInfo.getServerInfo().replaceFirst("^[^/]*/", "");
  }

  /** The major version of the Tomcat on the classpath, such as 11. */
  static int majorVersion() {
    return Integer.parseInt(version().replaceFirst("\\..*", ""));
  }

  static AppServer start(Deployment deployment, AppServer.Kind kind) throws Exception {
    Tomcat tomcat = new Tomcat();
    Path base = WebAppDirs.fresh("tomcat-");
    tomcat.setBaseDir(base.toString());
    tomcat.setHostname("127.0.0.1");
    tomcat.setPort(0);
    tomcat.getConnector().setProperty("address", "127.0.0.1");
    tomcat.setAddDefaultWebXmlToWebapp(false);
    Context context = context(tomcat, deployment, base);
    AutoCloseable stop = () -> {
      tomcat.stop();
      tomcat.destroy();
    };
    try {
      tomcat.start();
    } catch (Exception e) {
      stop.close();
      throw e;
    }
    return new RunningServer(kind, () -> tomcat.getConnector().getLocalPort(),
        () -> context.getState() == LifecycleState.STARTED && context.getState().isAvailable(), stop);
  }

  private static Context context(Tomcat tomcat, Deployment deployment, Path base) throws Exception {
    if (deployment instanceof Deployment.Code c) {
      Context context = tomcat.addContext(c.contextPath(), Files.createDirectories(base.resolve("docbase")).toString());
      context.addServletContainerInitializer((classes, servletContext) -> c.register(servletContext), null);
      c.errorPages().forEach((status, location) -> {
        ErrorPage page = new ErrorPage();
        page.setErrorCode(status);
        page.setLocation(location);
        context.addErrorPage(page);
      });
      return context;
    }
    Context context = tomcat.addWebapp("", WebAppDirs.of(deployment).toString());
    StandardJarScanner scanner = new StandardJarScanner();
    scanner.setScanClassPath(false);
    context.setJarScanner(scanner);
    return context;
  }
}
