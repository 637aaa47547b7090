package dev.cloakroom.e2e;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.nio.file.Path;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * Embedded Tomcat 11 or 10.1, whichever the classpath holds. web.xml and annotated apps go through {@code addWebapp} (ContextConfig: web.xml
 * parsing and the annotation scan of {@code WEB-INF/classes}); classpath JAR scanning is off, so only
 * what a webapp directory holds is found. Code apps use {@code addContext}, which scans nothing.
 */
final class TomcatServer implements AppServer {

  private final Tomcat tomcat;
  private final Context context;
  private final AppServer.Kind kind;

  private TomcatServer(Tomcat tomcat, Context context, AppServer.Kind kind) {
    this.tomcat = tomcat;
    this.context = context;
    this.kind = kind;
  }

  /** The version of the Tomcat on the classpath, such as {@code 11.0.29}. */
  static String version() {
    return ServerInfo.getServerInfo().replaceFirst("^[^/]*/", "");
  }

  /** The major version of the Tomcat on the classpath, such as 11. */
  static int majorVersion() {
    return Integer.parseInt(version().replaceFirst("\\..*", ""));
  }

  static TomcatServer start(Deployment deployment, AppServer.Kind kind) throws Exception {
    Tomcat tomcat = new Tomcat();
    Path base = WebAppDirs.fresh("tomcat-");
    tomcat.setBaseDir(base.toString());
    tomcat.setHostname("127.0.0.1");
    tomcat.setPort(0);
    tomcat.getConnector().setProperty("address", "127.0.0.1");
    tomcat.setAddDefaultWebXmlToWebapp(false);
    Context context;
    if (deployment instanceof Deployment.WebXml w) {
      context = webapp(tomcat, w.dir());
    } else if (deployment instanceof Deployment.Annotated a) {
      context = webapp(tomcat, WebAppDirs.annotated(a.anyClass()));
    } else {
      context = code(tomcat, (Deployment.Code) deployment, base);
    }
    try {
      tomcat.start();
    } catch (Exception e) {
      tomcat.stop();
      tomcat.destroy();
      throw e;
    }
    return new TomcatServer(tomcat, context, kind);
  }

  private static Context webapp(Tomcat tomcat, Path dir) {
    Context context = tomcat.addWebapp("", dir.toString());
    StandardJarScanner scanner = new StandardJarScanner();
    scanner.setScanClassPath(false);
    context.setJarScanner(scanner);
    return context;
  }

  private static Context code(Tomcat tomcat, Deployment.Code c, Path base) throws Exception {
    Path docBase = java.nio.file.Files.createDirectories(base.resolve("docbase"));
    Context context = tomcat.addContext(c.contextPath(), docBase.toString());
    FilterDef def = new FilterDef();
    def.setFilterName("cloakroom");
    def.setFilter(c.filter());
    def.setFilterClass(c.filter().getClass().getName());
    def.setAsyncSupported("true");
    c.filterParams().forEach(def::addInitParameter);
    context.addFilterDef(def);
    FilterMap map = new FilterMap();
    map.setFilterName("cloakroom");
    map.addURLPattern("/*");
    for (DispatcherType type : DispatcherType.values()) {
      map.setDispatcher(type.name());
    }
    context.addFilterMap(map);
    int n = 0;
    for (Map.Entry<String, HttpServlet> e : c.servlets().entrySet()) {
      String name = "servlet" + n++;
      Wrapper wrapper = Tomcat.addServlet(context, name, e.getValue());
      wrapper.setAsyncSupported(true);
      context.addServletMappingDecoded(e.getKey(), name);
    }
    c.errorPages().forEach((status, location) -> {
      ErrorPage page = new ErrorPage();
      page.setErrorCode(status);
      page.setLocation(location);
      context.addErrorPage(page);
    });
    return context;
  }

  @Override
  public String baseUrl() {
    return "http://127.0.0.1:" + tomcat.getConnector().getLocalPort();
  }

  @Override
  public boolean appAvailable() {
    return context.getState() == LifecycleState.STARTED && context.getState().isAvailable();
  }

  @Override
  public void close() {
    try {
      tomcat.stop();
      tomcat.destroy();
    } catch (Exception e) {
      throw new IllegalStateException("tomcat did not stop", e);
    }
  }

  @Override
  public String toString() {
    return kind.toString();
  }
}
