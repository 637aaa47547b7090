package dev.cloakroom;

import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EventListener;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's session listeners, called as the container would call them. A listener that throws is
 * logged and the others still run; the operation that fired the event still takes effect.
 *
 * <p>Immutable after construction; thread-safe as far as the listeners are.
 */
final class Listeners {

  private static final Logger log = LoggerFactory.getLogger(Listeners.class);

  private final List<HttpSessionListener> session = new ArrayList<>();
  private final List<HttpSessionAttributeListener> attribute = new ArrayList<>();
  private final List<HttpSessionIdListener> id = new ArrayList<>();

  /** Sorts {@code all} by interface; an instance found twice (container and code) is kept once. */
  Listeners(Collection<? extends EventListener> all) {
    Set<EventListener> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    for (EventListener l : all) {
      if (!seen.add(l)) {
        continue;
      }
      if (l instanceof HttpSessionListener s) {
        session.add(s);
      }
      if (l instanceof HttpSessionAttributeListener a) {
        attribute.add(a);
      }
      if (l instanceof HttpSessionIdListener i) {
        id.add(i);
      }
    }
  }

  /** How many listeners of each kind, for the start-up log. */
  String summary() {
    return "session=" + session.size() + " attribute=" + attribute.size() + " id=" + id.size();
  }

  void created(HttpSession s) {
    each(session, "sessionCreated", s, l -> l.sessionCreated(new HttpSessionEvent(s)));
  }

  void destroyed(HttpSession s) {
    // in reverse order of declaration, as the spec asks for destruction events
    List<HttpSessionListener> reversed = new ArrayList<>(session);
    java.util.Collections.reverse(reversed);
    each(reversed, "sessionDestroyed", s, l -> l.sessionDestroyed(new HttpSessionEvent(s)));
  }

  void added(HttpSession s, String name, Object value) {
    each(attribute, "attributeAdded", s, l -> l.attributeAdded(new HttpSessionBindingEvent(s, name, value)));
  }

  void replaced(HttpSession s, String name, Object oldValue) {
    each(attribute, "attributeReplaced", s, l -> l.attributeReplaced(new HttpSessionBindingEvent(s, name, oldValue)));
  }

  void removed(HttpSession s, String name, Object oldValue) {
    each(attribute, "attributeRemoved", s, l -> l.attributeRemoved(new HttpSessionBindingEvent(s, name, oldValue)));
  }

  void idChanged(HttpSession s, String oldId) {
    each(id, "sessionIdChanged", s, l -> l.sessionIdChanged(new HttpSessionEvent(s), oldId));
  }

  /** Runs one call into app code (a value's binding or activation callback), logging what it throws. */
  static void safely(HttpSessionView s, String event, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException | LinkageError e) {
      log.warn("listener failed event={} idTag={}", event, s.idTag(), e);
    }
  }

  private static <L> void each(List<L> listeners, String event, HttpSession s, Consumer<L> call) {
    for (L l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException | LinkageError e) {
        log.warn("listener failed event={} listener={} idTag={}", event, l.getClass().getName(),
            s instanceof HttpSessionView v ? v.idTag() : IdTag.of(null), e);
      }
    }
  }
}
