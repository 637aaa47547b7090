package dev.cloakroom.e2e.annotated.listening;

import dev.cloakroom.SessionFilter;
import dev.cloakroom.e2e.app.Recorder;
import dev.cloakroom.e2e.app.TestServlets;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.annotation.WebServlet;

/**
 * A session listener declared with {@code @WebListener}, found only by the container's annotation scan
 * of {@code WEB-INF/classes}, next to the annotated filter and the servlets that drive the session. Only
 * the webapp built from this package holds these classes; {@link Recorder} and the journal it writes to
 * stay with the test's class loader.
 */
public final class ListeningApp {

  private ListeningApp() {}

  /** The annotated listener. */
  @WebListener
  public static class Listener extends Recorder {
    /** The source its events are recorded under. */
    public static final String SOURCE = "@WebListener";

    public Listener() {
      super(SOURCE);
    }
  }

  /** The filter. */
  @WebFilter(filterName = "cloakroom", urlPatterns = "/*", asyncSupported = true,
      dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.INCLUDE,
          DispatcherType.ERROR, DispatcherType.ASYNC})
  public static class Filter extends SessionFilter {}

  /** The servlets that drive the session, at the paths of the web.xml listener app. */
  @WebServlet({"/create", "/set", "/remove", "/rotate", "/invalidate", "/request"})
  public static class Servlets extends TestServlets.ByPath {}
}
