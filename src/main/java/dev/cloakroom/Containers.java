package dev.cloakroom;

import jakarta.servlet.ServletContext;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EventListener;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Servlet API does not tell about the app's container, read at start-up by reflection from the
 * two containers Cloakroom is tested on: Jetty 12 (ee10, ee11) through its public
 * {@code ServletContextHandler.getServletContextHandler}, and Tomcat 10.1/11 through its
 * {@code StandardContext}. On another container each answer is "none found", and the filter works all
 * the same.
 *
 * <ul>
 *   <li>{@link #listeners}: the listener instances the container made for the app, those declared in
 *       web.xml {@code <listener>}, annotated {@code @WebListener}, or added with
 *       {@code ServletContext.addListener}. Cloakroom calls these very instances, so a listener that also
 *       watches the context keeps one state. Elsewhere, it finds none and says so at start-up; register
 *       listeners in code there ({@code Settings.builder().listener(...)}).
 *   <li>{@link #jettyHttpOnlyIsDefault}: whether Jetty's session cookie HttpOnly setting is Jetty's
 *       default rather than the app's ({@link AppSessionConfig}).
 * </ul>
 */
final class Containers {

  private static final Logger log = LoggerFactory.getLogger(Containers.class);

  private Containers() {}

  /** The app's listeners as the container holds them; empty if the container is not one we know. */
  static List<EventListener> listeners(ServletContext context) {
    if (context == null) {
      return List.of();
    }
    try {
      Object jetty = jettyHandler(context);
      if (jetty != null) {
        return listeners((Collection<?>) jettyHandlerType(context).getMethod("getEventListeners").invoke(jetty));
      }
      List<EventListener> tomcat = tomcatListeners(context);
      if (tomcat != null) {
        return tomcat;
      }
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      log.warn("container listeners not found reason={}; register session listeners in code", e.toString());
      return List.of();
    }
    log.info("container listeners not found reason=unknown-container type={}; register session listeners in code",
        context.getClass().getName());
    return List.of();
  }

  /**
   * Jetty lists its own defaults among the session cookie's attributes, HttpOnly off included, so an app
   * that said nothing looks like one that turned HttpOnly off. Its web.xml processing records where each
   * value came from: only a value from a descriptor is the app's. (A {@code setHttpOnly(false)} in code
   * cannot be told from Jetty's default, so it goes unwarned on Jetty; the cookie is HttpOnly anyway.)
   *
   * @return true when {@code context} is Jetty's and its HttpOnly value is not from a descriptor; false
   *     for any other container, or when Jetty does not say
   */
  static boolean jettyHttpOnlyIsDefault(ServletContext context) {
    try {
      Object handler = jettyHandler(context);
      if (handler == null) {
        return false; // not Jetty
      }
      Method metaData;
      try {
        metaData = handler.getClass().getMethod("getMetaData");
      } catch (NoSuchMethodException e) {
        return true; // not a WebAppContext: no descriptor, so not the app's
      }
      Object origins = metaData.invoke(handler);
      Object origin = origins.getClass().getMethod("getOrigin", String.class)
          .invoke(origins, "cookie-config.attribute.HttpOnly");
      return origin == null || origin.toString().equals("NotSet");
    } catch (LinkageError e) {
      return false; // not Jetty
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.debug("jetty session config origin not read reason={}", e.toString());
      return false;
    }
  }

  /**
   * Jetty's {@code ServletContextHandler} type of the environment {@code context} belongs to (ee10, ee11:
   * each has its own package), or null if {@code context} is not Jetty's.
   */
  private static Class<?> jettyHandlerType(ServletContext context) {
    String type = context.getClass().getName();
    String prefix = "org.eclipse.jetty.ee";
    int end = type.indexOf('.', prefix.length());
    if (!type.startsWith(prefix) || end < 0) {
      return null;
    }
    try {
      return Class.forName(type.substring(0, end) + ".servlet.ServletContextHandler", false,
          context.getClass().getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  /** Jetty's handler of {@code context} (a {@link #jettyHandlerType}), or null if it is not Jetty's or has none. */
  private static Object jettyHandler(ServletContext context) throws ReflectiveOperationException {
    Class<?> type = jettyHandlerType(context);
    return type == null ? null : type.getMethod("getServletContextHandler", ServletContext.class).invoke(null, context);
  }

  private static List<EventListener> tomcatListeners(ServletContext context) throws ReflectiveOperationException {
    if (!context.getClass().getName().equals("org.apache.catalina.core.ApplicationContextFacade")) {
      return null;
    }
    Object applicationContext = field(context, "context");
    Object standardContext = field(applicationContext, "context");
    List<Object> all = new ArrayList<>();
    Method events = standardContext.getClass().getMethod("getApplicationEventListeners");
    Method lifecycle = standardContext.getClass().getMethod("getApplicationLifecycleListeners");
    all.addAll(Arrays.asList((Object[]) events.invoke(standardContext)));
    all.addAll(Arrays.asList((Object[]) lifecycle.invoke(standardContext)));
    return listeners(all);
  }

  private static Object field(Object owner, String name) throws ReflectiveOperationException {
    Field f = owner.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.get(owner);
  }

  private static List<EventListener> listeners(Collection<?> all) {
    List<EventListener> out = new ArrayList<>();
    for (Object o : all) {
      if (o instanceof EventListener l) {
        out.add(l);
      }
    }
    return out;
  }
}
