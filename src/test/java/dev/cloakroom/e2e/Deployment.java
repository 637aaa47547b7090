package dev.cloakroom.e2e;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.nio.file.Path;
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
   * filter on {@code /*} for every dispatcher type, servlets by URL pattern, error pages by status.
   */
  record Code(String contextPath, Filter filter, Map<String, String> filterParams,
      Map<String, HttpServlet> servlets, Map<Integer, String> errorPages) implements Deployment {

    public Code(Filter filter, Map<String, String> filterParams, Map<String, HttpServlet> servlets,
        Map<Integer, String> errorPages) {
      this("", filter, filterParams, servlets, errorPages);
    }

    public Code(Filter filter, Map<String, HttpServlet> servlets) {
      this("", filter, Map.of(), servlets, Map.of());
    }

    /** The same objects in the context at {@code path}, such as {@code /shop}. */
    public Code at(String path) {
      return new Code(path, filter, filterParams, servlets, errorPages);
    }
  }
}
