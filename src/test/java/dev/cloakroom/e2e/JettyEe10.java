package dev.cloakroom.e2e;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.ee10.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
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
 * over ee11's packages, which share no type with ee10's: the one repetition the harness keeps.
 */
final class JettyEe10 {

  private JettyEe10() {}

  static ServletContextHandler context(Deployment deployment) throws Exception {
    if (deployment instanceof Deployment.Code c) {
      ServletContextHandler context = new ServletContextHandler(c.contextPath().isEmpty() ? "/" : c.contextPath());
      context.addServletContainerInitializer((classes, servletContext) -> c.register(servletContext));
      if (!c.errorPages().isEmpty()) {
        ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
        c.errorPages().forEach(errors::addErrorPage);
        context.setErrorHandler(errors);
      }
      return context;
    }
    boolean annotated = deployment instanceof Deployment.Annotated;
    List<Configuration> configurations = new ArrayList<>(List.of(new WebInfConfiguration(),
        new WebXmlConfiguration(), new MetaInfConfiguration(), new FragmentConfiguration(),
        new WebAppConfiguration(), new JettyWebXmlConfiguration()));
    if (annotated) {
      configurations.add(new AnnotationConfiguration());
    }
    WebAppContext webapp = new WebAppContext();
    webapp.setContextPath("/");
    webapp.setWar(WebAppDirs.of(deployment).toString());
    webapp.setConfigurations(configurations.toArray(Configuration[]::new));
    return webapp;
  }
}
