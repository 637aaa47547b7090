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
 * Finds the listener instances the container made for the app: those declared in web.xml
 * {@code <listener>}, annotated {@code @WebListener}, or added with {@code ServletContext.addListener}.
 * Cloakroom calls these very instances, so a listener that also watches the context keeps one state.
 *
 * <p>The Servlet API has no call that lists them, so this asks the two containers Cloakroom is tested
 * on: Jetty 12 (ee10, ee11) through its public {@code ServletContextHandler.getServletContextHandler}, and
 * Tomcat 10.1/11 through {@code StandardContext.getApplicationEventListeners()} (reached by
 * reflection). On another container it finds none and says so at start-up; register listeners in code
 * there ({@code Settings.builder().listener(...)}).
 */
final class ContainerListeners {

  private static final Logger log = LoggerFactory.getLogger(ContainerListeners.class);

  private ContainerListeners() {}

  /** The app's listeners as the container holds them; empty if the container is not one we know. */
  static List<EventListener> find(ServletContext context) {
    if (context == null) {
      return List.of();
    }
    try {
      List<EventListener> jetty = jetty(context);
      if (jetty != null) {
        return jetty;
      }
      List<EventListener> tomcat = tomcat(context);
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

  private static List<EventListener> jetty(ServletContext context) throws ReflectiveOperationException {
    Class<?> handlerType = load(context, jettyHandlerType(context));
    if (handlerType == null) {
      return null;
    }
    Object handler = handlerType.getMethod("getServletContextHandler", ServletContext.class).invoke(null, context);
    if (handler == null) {
      return null;
    }
    Collection<?> all = (Collection<?>) handlerType.getMethod("getEventListeners").invoke(handler);
    return listeners(all);
  }

  private static List<EventListener> tomcat(ServletContext context) throws ReflectiveOperationException {
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

  /**
   * Jetty's {@code ServletContextHandler} type of the environment {@code context} belongs to (ee10, ee11:
   * each has its own package), or null if {@code context} is not Jetty's.
   */
  private static String jettyHandlerType(ServletContext context) {
    String type = context.getClass().getName();
    String prefix = "org.eclipse.jetty.ee";
    if (!type.startsWith(prefix)) {
      return null;
    }
    int end = type.indexOf('.', prefix.length());
    return end < 0 ? null : type.substring(0, end) + ".servlet.ServletContextHandler";
  }

  private static Object field(Object owner, String name) throws ReflectiveOperationException {
    Field f = owner.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.get(owner);
  }

  private static Class<?> load(ServletContext context, String name) {
    if (name == null) {
      return null;
    }
    try {
      return Class.forName(name, false, context.getClass().getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
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
