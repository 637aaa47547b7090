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

/**
 * Jetty's ee10 environment (Servlet 6.0). web.xml and annotated apps are {@link WebAppContext}s; only the
 * annotated one gets {@link AnnotationConfiguration}, so no other app can find an annotated class. Code
 * apps are plain {@link ServletContextHandler}s, which scan nothing. {@link JettyEe11} is the same code
 * over ee11's packages.
 */
final class JettyEe10 {

  private JettyEe10() {}

  static ServletContextHandler context(Deployment deployment) throws Exception {
    if (deployment instanceof Deployment.WebXml w) {
      return webapp(w.dir().toString(), false);
    } else if (deployment instanceof Deployment.Annotated a) {
      return webapp(WebAppDirs.annotated(a.anyClass()).toString(), true);
    }
    return code((Deployment.Code) deployment);
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
    context.setContextPath(c.contextPath().isEmpty() ? "/" : c.contextPath());
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
}
