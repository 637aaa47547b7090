package dev.cloakroom.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.cloakroom.SessionFilter;
import dev.cloakroom.Settings;
import jakarta.servlet.DispatcherType;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.session.DatabaseAdaptor;
import org.eclipse.jetty.session.JDBCSessionDataStore;
import org.eclipse.jetty.session.NullSessionCache;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.data.redis.RedisSessionRepository;
import org.springframework.session.web.http.SessionRepositoryFilter;

/**
 * The server of the side-by-side run: {@link BenchServlet} on embedded Jetty 12 (ee10) on 127.0.0.1,
 * under one {@link Machinery}. {@link SideBySide} starts it in a JVM of its own (the same JVM flags for
 * every machinery) and stops it by closing its standard input.
 *
 * <p>Every machinery gets a 30-minute idle timeout; otherwise each runs with its defaults. Arguments:
 * <pre>
 * --machinery LABEL --port-file FILE [--redis HOST:PORT] [--postgres JDBC_URL] [--tables PREFIX]
 *   [--principal] [--max-sessions N]
 * </pre>
 * {@code --tables} prefixes the JDBC tables (Cloakroom's three, Jetty's one); {@code --principal} makes
 * {@code user} Cloakroom's {@code principalAttribute} (the memory run's signed-in sessions);
 * {@code --max-sessions} sets Cloakroom's memory bound (default: the heap-sized default). When ready,
 * it writes the port into the port file.
 */
public final class BenchServer {

  private static final Duration IDLE = Duration.ofMinutes(30);

  private final List<AutoCloseable> resources = new ArrayList<>();

  private BenchServer() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    Machinery machinery = Machinery.of(required(options, "machinery"));
    BenchServer bench = new BenchServer();
    Server server = bench.start(machinery, options);
    int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    Path portFile = Path.of(required(options, "port-file"));
    Path partial = portFile.resolveSibling(portFile.getFileName() + ".part");
    Files.writeString(partial, Integer.toString(port), StandardCharsets.US_ASCII);
    Files.move(partial, portFile, StandardCopyOption.ATOMIC_MOVE);
    System.out.println("bench server ready: " + machinery.label + " on 127.0.0.1:" + port);
    // runs until the runner closes our standard input (or goes away)
    try (InputStream in = System.in) {
      while (in.read() >= 0) {
        // ignore
      }
    }
    server.stop();
    bench.close();
  }

  static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option, got " + args[i]);
      }
      String name = args[i].substring(2);
      boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
      options.put(name, flag ? "true" : args[++i]);
    }
    return options;
  }

  private static String required(Map<String, String> options, String name) {
    String v = options.get(name);
    if (v == null) {
      throw new IllegalArgumentException("missing --" + name);
    }
    return v;
  }

  /** Gives {@code server} a connector on a free port of 127.0.0.1 (loopback only) and a root context. */
  static ServletContextHandler loopbackRoot(Server server) {
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    return context;
  }

  private Server start(Machinery machinery, Map<String, String> options) throws Exception {
    Server server = new Server();
    ServletContextHandler context = loopbackRoot(server);
    context.addServlet(new ServletHolder(new BenchServlet(machinery != Machinery.NONE)), "/");
    install(machinery, options, context);
    server.setHandler(context);
    server.start();
    return server;
  }

  private void install(Machinery machinery, Map<String, String> options, ServletContextHandler context)
      throws Exception {
    switch (machinery) {
      case NONE -> { }
      case JETTY_MEMORY -> context.setSessionHandler(jettySessions());
      case JETTY_JDBC -> context.setSessionHandler(jettyJdbc(required(options, "postgres"),
          required(options, "tables")));
      case SPRING_MAP -> {
        MapSessionRepository repository = new MapSessionRepository(new ConcurrentHashMap<>());
        repository.setDefaultMaxInactiveInterval(IDLE);
        addFilter(context, new SessionRepositoryFilter<>(repository));
      }
      case SPRING_REDIS -> addFilter(context, new SessionRepositoryFilter<>(springRedis(required(options, "redis"))));
      case CLOAKROOM_MEMORY, CLOAKROOM_REDIS, CLOAKROOM_POSTGRES -> addFilter(context,
          new SessionFilter(Settings.fromParams(cloakroomParams(machinery, options))));
    }
  }

  private static void addFilter(ServletContextHandler context, jakarta.servlet.Filter filter) {
    context.addFilter(new FilterHolder(filter), "/*", EnumSet.allOf(DispatcherType.class));
  }

  private static SessionHandler jettySessions() {
    SessionHandler sessions = new SessionHandler();
    sessions.setMaxInactiveInterval((int) IDLE.toSeconds());
    return sessions;
  }

  private SessionHandler jettyJdbc(String url, String tablePrefix) {
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl(url);
    pool.setMaximumPoolSize(10);
    resources.add(pool);
    DatabaseAdaptor adaptor = new DatabaseAdaptor();
    adaptor.setDatasource(pool);
    JDBCSessionDataStore.SessionTableSchema schema = new JDBCSessionDataStore.SessionTableSchema();
    schema.setTableName(tablePrefix + "jetty_sessions");
    JDBCSessionDataStore store = new JDBCSessionDataStore();
    store.setDatabaseAdaptor(adaptor);
    store.setSessionTableSchema(schema);
    SessionHandler sessions = jettySessions();
    NullSessionCache cache = new NullSessionCache(sessions);
    cache.setSessionDataStore(store);
    sessions.setSessionCache(cache);
    return sessions;
  }

  private RedisSessionRepository springRedis(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    LettuceConnectionFactory factory = new LettuceConnectionFactory(
        new RedisStandaloneConfiguration(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))));
    factory.afterPropertiesSet();
    factory.start();
    resources.add(factory::destroy);
    // as Spring Session's own RedisSessionConfiguration builds it: string keys, JDK-serialized values
    RedisTemplate<String, Object> template = new RedisTemplate<>();
    template.setConnectionFactory(factory);
    template.setKeySerializer(RedisSerializer.string());
    template.setHashKeySerializer(RedisSerializer.string());
    template.setBeanClassLoader(BenchServer.class.getClassLoader());
    template.afterPropertiesSet();
    RedisSessionRepository repository = new RedisSessionRepository(template);
    repository.setDefaultMaxInactiveInterval(IDLE);
    return repository;
  }

  private static Map<String, String> cloakroomParams(Machinery machinery, Map<String, String> options) {
    Map<String, String> params = new HashMap<>();
    params.put("idleTimeout", IDLE.toMinutes() + "m");
    switch (machinery) {
      case CLOAKROOM_REDIS -> params.put("store", "redis://" + required(options, "redis"));
      case CLOAKROOM_POSTGRES -> {
        params.put("store", required(options, "postgres"));
        params.put("jdbcTablePrefix", required(options, "tables"));
        params.put("jdbcCreateSchema", "true");
      }
      default -> { }
    }
    if (options.containsKey("principal")) {
      params.put("principalAttribute", "user");
    }
    if (options.containsKey("max-sessions")) {
      params.put("maxSessions", options.get("max-sessions"));
    }
    return params;
  }

  private void close() {
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        System.err.println("closing " + resource + ": " + e);
      }
    }
  }
}
