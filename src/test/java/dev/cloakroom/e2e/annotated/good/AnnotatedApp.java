package dev.cloakroom.e2e.annotated.good;

import dev.cloakroom.SessionFilter;
import dev.cloakroom.e2e.app.TestServlets;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.annotation.WebInitParam;
import jakarta.servlet.annotation.WebServlet;

/**
 * The annotation door: an empty {@link SessionFilter} subclass and the test servlets, all found by the
 * container's annotation scan of {@code WEB-INF/classes}. Only the ANNOTATION webapp holds this package;
 * no other webapp may find it.
 */
public final class AnnotatedApp {

  private AnnotatedApp() {}

  /** The filter, with the same parameters as web.xml and the code door. */
  @WebFilter(filterName = "cloakroom", urlPatterns = "/*", asyncSupported = true,
      dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.INCLUDE,
          DispatcherType.ERROR, DispatcherType.ASYNC},
      initParams = {
          @WebInitParam(name = "idleTimeout", value = "30m"),
          @WebInitParam(name = "principalAttribute", value = "user"),
          @WebInitParam(name = "cookieSameSite", value = "Lax")})
  public static class Filter extends SessionFilter {}

  /** The servlets of the web.xml door, at the same paths. */
  @WebServlet(urlPatterns = {"/counter", "/login", "/logout", "/whoami", "/filters"}, asyncSupported = true)
  public static class Servlets extends TestServlets.ByPath {}
}
