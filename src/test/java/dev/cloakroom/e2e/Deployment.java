package dev.cloakroom.e2e;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;

/** What to deploy, in a form every {@link AppServer} understands. */
public sealed interface Deployment {

  /** A webapp directory holding {@code WEB-INF/web.xml}, deployed as a real webapp. */
  record WebXml(Path dir) implements Deployment {}

  /**
   * A webapp whose {@code WEB-INF/classes} holds the compiled classes of one package and nothing else,
   * found only by the container's annotation scanning.
   *
   * @param anyClass a class of the package to copy (nested classes come along)
   */
  record Annotated(Class<?> anyClass) implements Deployment {}

  /**
   * Objects registered in code, in the context at {@code contextPath} ({@code ""} for the root): the
   * filter named {@code filterName} ({@code cloakroom} unless {@link #named}) on {@code /*} for every
   * dispatcher type, behind {@code outer} when that is not null (the container's side: a login realm,
   * say), servlets by URL pattern, error pages by status.
   */
  record Code(String contextPath, String filterName, Filter filter, Map<String, String> filterParams,
      Map<String, HttpServlet> servlets, Map<Integer, String> errorPages, Filter outer) implements Deployment {

    public Code(Filter filter, Map<String, String> filterParams, Map<String, HttpServlet> servlets,
        Map<Integer, String> errorPages) {
      this("", "cloakroom", filter, filterParams, servlets, errorPages, null);
    }

    public Code(Filter filter, Map<String, HttpServlet> servlets) {
      this(filter, Map.of(), servlets, Map.of());
    }

    /** {@code filter} in front of a servlet of each handler, by URL pattern. */
    public static Code of(Filter filter, Map<String, Servlets.Handler> handlers) {
      return new Code(filter, Servlets.servlets(handlers));
    }

    /** The same objects in the context at {@code path}, such as {@code /shop}. */
    public Code at(String path) {
      return new Code(path, filterName, filter, filterParams, servlets, errorPages, outer);
    }

    /** The same objects, the filter named {@code name} (two filters of one context need two names). */
    public Code named(String name) {
      return new Code(contextPath, name, filter, filterParams, servlets, errorPages, outer);
    }

    /** The same objects behind {@code outerFilter}, which sees each request first. */
    public Code behind(Filter outerFilter) {
      return new Code(contextPath, filterName, filter, filterParams, servlets, errorPages, outerFilter);
    }

    /**
     * Registers the filters and servlets through the Servlet API, as a container initializer does, so
     * every container gets them the same way (error pages have no such API: each container adds them).
     */
    void register(ServletContext context) {
      if (outer != null) {
        map(context.addFilter("outer", outer));
      }
      FilterRegistration.Dynamic cloakroom = context.addFilter(filterName, filter);
      cloakroom.setInitParameters(filterParams);
      map(cloakroom);
      int n = 0;
      for (Map.Entry<String, HttpServlet> e : servlets.entrySet()) {
        ServletRegistration.Dynamic servlet = context.addServlet("servlet" + n++, e.getValue());
        servlet.setAsyncSupported(true);
        servlet.addMapping(e.getKey());
      }
    }

    private static void map(FilterRegistration.Dynamic filter) {
      filter.setAsyncSupported(true);
      filter.addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), true, "/*");
    }
  }
}
