package dev.cloakroom;

import dev.cloakroom.codec.AttributeCodec;
import dev.cloakroom.codec.Codecs;
import dev.cloakroom.event.SessionMetrics;
import dev.cloakroom.store.SessionRepository;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EventListener;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Cloakroom filter: owns the HTTP sessions of the requests it sees. Map it to {@code /*} for every
 * dispatcher type (REQUEST, FORWARD, INCLUDE, ERROR, ASYNC) and ahead of any filter that uses sessions.
 *
 * <p>Three ways to register it, one vocabulary ({@link Param}):
 * <ol>
 *   <li>web.xml: {@code <filter-class>dev.cloakroom.SessionFilter</filter-class>} with {@code <init-param>}s;
 *   <li>an empty subclass in the app annotated {@code @WebFilter(urlPatterns = "/*", initParams = ...)};
 *   <li>code: {@code new SessionFilter(Settings.builder()...build())}, registered with the container.
 * </ol>
 * Bad or unknown parameters fail {@link #init} with a message naming the parameter and what it
 * accepts. The effective settings are logged once at INFO.
 *
 * <p>Not final, so an app can carry {@code @WebFilter} on an empty subclass; its methods are final.
 * Thread-safe once initialised.
 *
 * @since 0.1
 */
public class SessionFilter implements Filter {

  /**
   * Session attribute: {@code Boolean.TRUE} makes the session a remember-me session, whose cookie gets
   * a {@code Max-Age} up to the session's absolute expiry instead of ending with the browser session.
   */
  public static final String REMEMBER_ME = "dev.cloakroom.rememberMe";

  private static final Logger log = LoggerFactory.getLogger(SessionFilter.class);

  private final Settings given;
  private final SessionMetrics metrics = new SessionMetrics();
  private volatile Settings settings;
  private volatile SessionRepository repository;
  private volatile RequestHandler handler;
  private volatile Sweeper sweeper;
  private ObjectName mbeanName;
  /** The registration with Micrometer's global registry ({@code micrometer=global}), or null. */
  private AutoCloseable globalMeters;

  /** For containers: settings come from the filter's init parameters. */
  public SessionFilter() {
    this.given = null;
  }

  /**
   * For code: these settings. Init parameters, if the container passes any, are added to them; a
   * parameter set both ways fails {@link #init}.
   *
   * @param settings the settings; not null
   */
  public SessionFilter(Settings settings) {
    this.given = java.util.Objects.requireNonNull(settings, "settings");
  }

  @Override
  public final void init(FilterConfig config) throws ServletException {
    Map<String, String> params = new LinkedHashMap<>();
    for (String name : Collections.list(config.getInitParameterNames())) {
      params.put(name, config.getInitParameter(name));
    }
    Settings s;
    try {
      Settings.Builder builder = given != null ? given.toBuilder() : Settings.builder();
      SettingsParser.apply(builder, params, "init-param");
      AppSessionConfig.apply(builder, config.getServletContext());
      s = builder.build();
    } catch (SettingsException e) {
      throw new ServletException("Cloakroom filter " + config.getFilterName() + ": " + e.getMessage(), e);
    }
    bindGlobalMeters(s, config); // first: a missing Micrometer fails before anything starts
    AttributeCodec codec;
    try {
      codec = codec(s); // before the store, so a missing Jackson leaves no connection open
    } catch (SettingsException e) {
      unbindGlobalMeters();
      throw new ServletException("Cloakroom filter " + config.getFilterName() + ": " + e.getMessage(), e);
    }
    SessionRepository repo;
    try {
      repo = StoreLocator.open(s);
    } catch (RuntimeException e) {
      unbindGlobalMeters();
      throw new ServletException("Cloakroom filter " + config.getFilterName() + ": cannot open store "
          + StoreSecrets.mask(s.store()) + ": " + e.getMessage(), e);
    }
    this.settings = s;
    this.repository = repo;
    metrics.watch(repo);
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    List<EventListener> listeners = new ArrayList<>(Containers.listeners(config.getServletContext()));
    listeners.addAll(s.listeners());
    Backend backend = Backend.of(s, repo, codec, metrics, config.getServletContext(),
        loader != null ? loader : getClass().getClassLoader(), listeners);
    this.handler = new RequestHandler(backend);
    this.sweeper = new Sweeper(backend);
    sweeper.start(config.getFilterName());
    registerMBean(config);
    log.info("cloakroom started filter={} {} listeners: {}", config.getFilterName(), s, backend.listeners().summary());
  }

  @Override
  public final void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    RequestHandler h = handler;
    if (h == null) {
      throw new ServletException("Cloakroom filter used before init");
    }
    if (request instanceof HttpServletRequest req && response instanceof HttpServletResponse res) {
      h.handle(req, res, chain);
    } else {
      chain.doFilter(request, response);
    }
  }

  /**
   * Stops the sweeper, waits up to ten seconds for a sweep that is running to finish (then interrupts
   * it), and closes the store, so no sweep ever runs against a closed store.
   */
  @Override
  public final void destroy() {
    Sweeper s = sweeper;
    if (s != null) {
      s.stop();
    }
    unregisterMBean();
    unbindGlobalMeters();
    metrics.watch(null);
    SessionRepository repo = repository;
    if (repo != null) {
      repo.close();
    }
    log.info("cloakroom stopped");
  }

  /**
   * The metrics of this filter: event counters, store timings, session sizes, store gauges; also over
   * JMX, and through Micrometer with {@code dev.cloakroom.metrics.CloakroomMeterBinder}.
   */
  public final SessionMetrics metrics() {
    return metrics;
  }

  /** The effective settings, or null before {@link #init}. */
  public final Settings settings() {
    return settings;
  }

  /** Removes expired sessions now, telling listeners; the sweeper calls it every {@code sweepInterval}. */
  final int sweep() {
    return sweeper.sweep();
  }

  private void registerMBean(FilterConfig config) {
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      String context = config.getServletContext() != null ? config.getServletContext().getContextPath() : "";
      ObjectName name = new ObjectName("dev.cloakroom:type=SessionMetrics,context="
          + ObjectName.quote(context.isEmpty() ? "/" : context) + ",name=" + ObjectName.quote(config.getFilterName()));
      if (!server.isRegistered(name)) {
        server.registerMBean(metrics, name);
        mbeanName = name;
      }
    } catch (Exception | LinkageError e) {
      log.debug("metrics not registered over JMX reason={}", e.toString());
    }
  }

  /**
   * The codec given in code, else the built-in ones the {@code codec} parameter names.
   *
   * @throws SettingsException when {@code codec} names {@code json} and no usable Jackson is on the class path
   */
  static AttributeCodec codec(Settings s) {
    if (s.codec() != null) {
      return s.codec();
    }
    try {
      return Codecs.open(s.codecs().stream().map(Settings.Codec::text).toList(), s.serializationCodec(),
          s.jsonCodec());
    } catch (IllegalStateException e) {
      throw new SettingsException(Param.CODEC.key() + "=" + Param.CODEC.type().show(s.codecs()) + " "
          + e.getMessage(), e.getCause());
    }
  }

  private void bindGlobalMeters(Settings s, FilterConfig config) throws ServletException {
    if (s.micrometer() != Settings.Micrometer.GLOBAL) {
      return;
    }
    String context = config.getServletContext() != null ? config.getServletContext().getContextPath() : null;
    try {
      globalMeters = GlobalMeters.bind(metrics, context, config.getFilterName());
    } catch (RuntimeException e) {
      throw new ServletException("Cloakroom filter " + config.getFilterName() + ": " + e.getMessage(), e);
    }
  }

  private void unbindGlobalMeters() {
    AutoCloseable meters = globalMeters;
    globalMeters = null;
    if (meters != null) {
      try {
        meters.close();
      } catch (Exception e) {
        log.debug("metrics not removed from the global registry reason={}", e.toString());
      }
    }
  }

  private void unregisterMBean() {
    if (mbeanName != null) {
      try {
        ManagementFactory.getPlatformMBeanServer().unregisterMBean(mbeanName);
      } catch (Exception e) {
        log.debug("metrics not unregistered reason={}", e.toString());
      }
      mbeanName = null;
    }
  }
}
