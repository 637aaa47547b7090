package dev.cloakroom.e2e.app;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;

/**
 * A session listener of every kind that writes each event to the {@link Journal} under its source: one
 * line per event, holding the session's id as the listener saw it.
 */
public class Recorder implements HttpSessionListener, HttpSessionAttributeListener, HttpSessionIdListener {

  private final String source;

  public Recorder(String source) {
    this.source = source;
  }

  @Override
  public void sessionCreated(HttpSessionEvent e) {
    Journal.record(source, "created " + e.getSession().getId());
  }

  @Override
  public void sessionDestroyed(HttpSessionEvent e) {
    Journal.record(source, "destroyed " + e.getSession().getId());
  }

  @Override
  public void attributeAdded(HttpSessionBindingEvent e) {
    Journal.record(source, "added " + e.getSession().getId() + " " + e.getName() + "=" + e.getValue());
  }

  @Override
  public void attributeReplaced(HttpSessionBindingEvent e) {
    Journal.record(source, "replaced " + e.getSession().getId() + " " + e.getName() + " old=" + e.getValue());
  }

  @Override
  public void attributeRemoved(HttpSessionBindingEvent e) {
    Journal.record(source, "removed " + e.getSession().getId() + " " + e.getName() + "=" + e.getValue());
  }

  @Override
  public void sessionIdChanged(HttpSessionEvent e, String oldId) {
    Journal.record(source, "idChanged " + e.getSession().getId() + " old=" + oldId);
  }

  /** Declared in web.xml {@code <listener>}. */
  public static class WebXml extends Recorder {
    /** The source its events are recorded under. */
    public static final String SOURCE = "web.xml";

    public WebXml() {
      super(SOURCE);
    }
  }

  /** Declared in web.xml; adds a {@link Recorder} with {@code ServletContext.addListener}. */
  public static class Adder implements ServletContextListener {
    /** The source the added listener's events are recorded under. */
    public static final String SOURCE = "addListener";

    @Override
    public void contextInitialized(ServletContextEvent e) {
      e.getServletContext().addListener(new Recorder(SOURCE));
    }
  }
}
