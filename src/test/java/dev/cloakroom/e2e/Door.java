package dev.cloakroom.e2e;

import dev.cloakroom.SessionFilter;
import dev.cloakroom.Settings;
import dev.cloakroom.e2e.annotated.bad.BadAnnotatedApp;
import dev.cloakroom.e2e.annotated.good.AnnotatedApp;
import dev.cloakroom.e2e.app.TestServlets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The three ways to register the filter, each with the same parameters ({@code idleTimeout=30m},
 * {@code principalAttribute=user}, {@code cookieSameSite=Lax}) and the same {@link TestServlets}.
 */
public enum Door {
  /** {@code src/test/webapps/webxml/WEB-INF/web.xml}, deployed as a webapp. */
  WEB_XML {
    @Override
    public Deployment standard() {
      return new Deployment.WebXml(WEBAPPS.resolve("webxml"));
    }

    @Override
    public Deployment withBadIdleTimeout() {
      return new Deployment.WebXml(WEBAPPS.resolve("webxml-bad"));
    }
  },
  /** {@link AnnotatedApp}, found by annotation scanning in the webapp's {@code WEB-INF/classes}. */
  ANNOTATION {
    @Override
    public Deployment standard() {
      return new Deployment.Annotated(AnnotatedApp.class);
    }

    @Override
    public Deployment withBadIdleTimeout() {
      return new Deployment.Annotated(BadAnnotatedApp.class);
    }
  },
  /** {@code new SessionFilter(Settings.builder()...build())} registered in code. */
  CODE {
    @Override
    public Deployment standard() {
      Settings settings = Settings.builder()
          .idleTimeout(Duration.ofMinutes(30))
          .principalAttribute(TestServlets.USER)
          .cookieSameSite(Settings.SameSite.LAX)
          .build();
      return new Deployment.Code(new SessionFilter(settings), TestServlets.all());
    }

    /** Strings in code go through the same parser: here as init parameters of a code-registered filter. */
    @Override
    public Deployment withBadIdleTimeout() {
      return new Deployment.Code(new SessionFilter(), BAD_PARAMS, TestServlets.all(), Map.of());
    }
  };

  /** The parameters of every door, as strings. */
  public static final Map<String, String> PARAMS =
      Map.of("idleTimeout", "30m", "principalAttribute", "user", "cookieSameSite", "Lax");
  /** The same with {@code idleTimeout=abc}. */
  public static final Map<String, String> BAD_PARAMS =
      Map.of("idleTimeout", "abc", "principalAttribute", "user", "cookieSameSite", "Lax");

  static final Path WEBAPPS = Path.of("src", "test", "webapps").toAbsolutePath();

  /** The door's app with the standard parameters. */
  public abstract Deployment standard();

  /** The door's app with {@code idleTimeout=abc}. */
  public abstract Deployment withBadIdleTimeout();
}
