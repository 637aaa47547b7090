package dev.cloakroom.e2e.annotated.bad;

import dev.cloakroom.SessionFilter;
import dev.cloakroom.e2e.app.TestServlets;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.annotation.WebInitParam;
import jakarta.servlet.annotation.WebServlet;

/**
 * The annotation door with a bad parameter ({@code idleTimeout=abc}): the filter's init must fail, so
 * the app never serves its {@code /counter}. Dispatcher types and async support do not matter here.
 */
public final class BadAnnotatedApp {

  private BadAnnotatedApp() {}

  @WebFilter(filterName = "cloakroom", urlPatterns = "/*", initParams = {
      @WebInitParam(name = "idleTimeout", value = "abc"),
      @WebInitParam(name = "principalAttribute", value = "user"),
      @WebInitParam(name = "cookieSameSite", value = "Lax")})
  public static class Filter extends SessionFilter {}

  @WebServlet("/counter")
  public static class Counter extends TestServlets.Counter {}
}
