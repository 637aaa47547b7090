package dev.cloakroom.e2e;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.ee11.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee11.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.webapp.Configuration;
import org.eclipse.jetty.ee11.webapp.FragmentConfiguration;
import org.eclipse.jetty.ee11.webapp.JettyWebXmlConfiguration;
import org.eclipse.jetty.ee11.webapp.MetaInfConfiguration;
import org.eclipse.jetty.ee11.webapp.WebAppConfiguration;
import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.ee11.webapp.WebInfConfiguration;
import org.eclipse.jetty.ee11.webapp.WebXmlConfiguration;

/**
 * Jetty's ee11 environment (Servlet 6.1): the same code as {@link JettyEe10} over ee11's packages, which
 * share no type with ee10's.
 */
final class JettyEe11 {

  private JettyEe11() {}

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
