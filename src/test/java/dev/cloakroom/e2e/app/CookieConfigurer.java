package dev.cloakroom.e2e.app;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.SessionCookieConfig;

/**
 * The app's session config set in code while the context starts: cookie {@code CODESID}, path /,
 * Max-Age half an hour, {@code SameSite=Strict}; fifteen minutes idle.
 */
public class CookieConfigurer implements ServletContextListener {

  @Override
  public void contextInitialized(ServletContextEvent e) {
    ServletContext context = e.getServletContext();
    SessionCookieConfig cookie = context.getSessionCookieConfig();
    cookie.setName("CODESID");
    cookie.setPath("/");
    cookie.setMaxAge(1800);
    cookie.setAttribute("SameSite", "Strict");
    context.setSessionTimeout(15);
  }
}
