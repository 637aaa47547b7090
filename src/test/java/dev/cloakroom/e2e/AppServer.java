package dev.cloakroom.e2e;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.provider.Arguments;

/**
 * One embedded container serving one {@link Deployment} on a free port of 127.0.0.1, and the client that
 * talks to it: {@link #http()} and {@link #http(String)} are rest-assured requests to {@link #baseUrl()}
 * that never follow redirects.
 *
 * <p>A deployment whose filter fails {@code init} does not stop the container: {@link #appAvailable()}
 * then says false and each implementation answers requests the way its container does.
 */
public interface AppServer extends AutoCloseable {

  /** The base URL without a trailing slash, such as {@code http://127.0.0.1:41234}. */
  String baseUrl();

  /** Whether the container considers the app started and available. */
  boolean appAvailable();

  /** A request to this server, without a session cookie. */
  default RequestSpecification http() {
    return given().baseUri(baseUrl()).redirects().follow(false);
  }

  /** A request to this server sending {@code SID=sessionId}, or no cookie when {@code sessionId} is null. */
  default RequestSpecification http(String sessionId) {
    return sessionId == null ? http() : http().header("Cookie", "SID=" + sessionId);
  }

  /**
   * GET {@code path} sending {@code SID=sessionId}, on the JDK's client and without waiting for the
   * answer: a request that runs while the test sends others.
   */
  default CompletableFuture<HttpResponse<String>> sendAsync(String sessionId, String path) {
    return HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create(baseUrl() + path))
        .header("Cookie", "SID=" + sessionId).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Stops the container. */
  @Override
  void close();

  /**
   * The containers under test. Tomcat 10.1 and 11 are one artifact that bundles its own Servlet API, so
   * they cannot share a classpath: {@link #TOMCAT} is whichever Tomcat the test classpath holds (11 in the
   * main failsafe run, 10.1 in the second one, see the pom), and its {@code toString} names the version.
   * The system property {@value #KINDS_PROPERTY} (comma-separated constant names) limits a run to some
   * kinds; {@link KindFilter} then skips the others. So a test reaches Tomcat 10.1 only as a parameterized
   * test that takes a {@code Kind} parameter ({@link EveryContainer}, or a method source of {@code Kind}s
   * such as {@link #withEach}); a plain {@code @Test} that starts a kind itself runs in the main run only.
   */
  enum Kind {
    /** Jetty 12.1, ee10 (Servlet 6.0). */
    JETTY_EE10,
    /** Jetty 12.1, ee11 (Servlet 6.1). */
    JETTY_EE11,
    /** Tomcat 11 (Servlet 6.1) or Tomcat 10.1 (Servlet 6.0): the one on the classpath. */
    TOMCAT;

    /** The system property that limits a run to some kinds. */
    public static final String KINDS_PROPERTY = "cloakroom.e2e.kinds";

    /** Starts this container with {@code deployment}; aborts the test if this run excludes the kind. */
    public AppServer start(Deployment deployment) throws Exception {
      Assumptions.assumeTrue(enabled(), () -> this + " is not in this run (" + KINDS_PROPERTY + ")");
      return switch (this) {
        case JETTY_EE10 -> JettyServer.start("ee10", deployment, this);
        case JETTY_EE11 -> JettyServer.start("ee11", deployment, this);
        case TOMCAT -> TomcatServer.start(deployment, this);
      };
    }

    /**
     * Every kind with each of {@code others}: the arguments of a container-matrix test that takes a
     * {@code Kind} and one more parameter, kind by kind.
     */
    @SafeVarargs
    public static <T> Stream<Arguments> withEach(T... others) {
      return Arrays.stream(values()).flatMap(kind -> Arrays.stream(others).map(other -> Arguments.of(kind, other)));
    }

    /** Whether this run includes this kind (all kinds unless {@value #KINDS_PROPERTY} is set). */
    public boolean enabled() {
      String only = System.getProperty(KINDS_PROPERTY, "").trim();
      if (only.isEmpty()) {
        return true;
      }
      Set<String> names = Arrays.stream(only.split(",")).map(String::trim).collect(Collectors.toSet());
      return names.contains(name());
    }

    /** Whether the container implements Servlet 6.1 (for instance {@code sendRedirect(String, int, boolean)}). */
    public boolean servlet61() {
      return switch (this) {
        case JETTY_EE10 -> false;
        case JETTY_EE11 -> true;
        case TOMCAT -> TomcatServer.majorVersion() >= 11;
      };
    }

    /** The container and its version, such as {@code Jetty 12.1.12 ee10} or {@code Tomcat 10.1.59}. */
    @Override
    public String toString() {
      return switch (this) {
        case JETTY_EE10 -> "Jetty " + JettyServer.version() + " ee10";
        case JETTY_EE11 -> "Jetty " + JettyServer.version() + " ee11";
        case TOMCAT -> "Tomcat " + TomcatServer.version();
      };
    }
  }
}
