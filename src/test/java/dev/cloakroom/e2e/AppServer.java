package dev.cloakroom.e2e;

/**
 * One embedded container serving one {@link Deployment} on a free port of 127.0.0.1.
 *
 * <p>A deployment whose filter fails {@code init} does not stop the container: {@link #appAvailable()}
 * then says false and each implementation answers requests the way its container does.
 */
public interface AppServer extends AutoCloseable {

  /** The base URL without a trailing slash, such as {@code http://127.0.0.1:41234}. */
  String baseUrl();

  /** Whether the container considers the app started and available. */
  boolean appAvailable();

  /** Stops the container. */
  @Override
  void close();

  /** The containers under test. */
  enum Kind {
    /** Jetty 12, ee10. */
    JETTY,
    /** Tomcat 10.1. */
    TOMCAT;

    /** Starts this container with {@code deployment}. */
    public AppServer start(Deployment deployment) throws Exception {
      return this == JETTY ? JettyServer.start(deployment) : TomcatServer.start(deployment);
    }
  }
}
