package dev.cloakroom.e2e;

import static dev.cloakroom.e2e.Servlets.servlet;
import static dev.cloakroom.e2e.Servlets.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cloakroom.SessionFilter;
import dev.cloakroom.SessionLimitException;
import dev.cloakroom.Settings;
import dev.cloakroom.support.FakeClock;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;

/**
 * {@code maxSessionsPerUser=2} over HTTP on every container: a user signing in from a third device
 * (each device a cookie jar of its own) loses the first device's session with the default
 * {@code end-oldest}, or gets the app's message with {@code refuse}. The app signs users in through
 * {@code principalAttribute=user}.
 */
class SessionLimitIT {

  private static final String REFUSED = "You are signed in on too many devices; sign out on one of them first.";
  private static final FakeClock CLOCK = new FakeClock();
  @AutoClose
  private static final StartedOnce<AppServer> SERVERS = new StartedOnce<>();

  private static AppServer server(AppServer.Kind kind, Settings.SessionLimitPolicy policy) {
    return SERVERS.get(kind + "/" + policy, () -> {
      Settings settings = Settings.builder().clock(CLOCK).principalAttribute("user")
          .maxSessionsPerUser(2).sessionLimitPolicy(policy).build();
      Map<String, HttpServlet> servlets = new LinkedHashMap<>();
      servlets.put("/start", servlet((req, res) -> {
        req.getSession().setAttribute("device", req.getParameter("device"));
        text(res, "hello");
      }));
      servlets.put("/login", servlet((req, res) -> {
        try {
          req.getSession().setAttribute("user", req.getParameter("name"));
          text(res, "welcome");
        } catch (SessionLimitException e) {
          text(res, REFUSED);
        }
      }));
      servlets.put("/whoami", servlet((req, res) -> {
        HttpSession s = req.getSession(false);
        Object user = s == null ? null : s.getAttribute("user");
        text(res, user == null ? "anonymous" : user + " on " + s.getAttribute("device"));
      }));
      return kind.start(new Deployment.Code(new SessionFilter(settings), servlets));
    });
  }

  /** A browser on one device: a cookie jar holding the session cookie, and nothing else. */
  private static final class Device {
    private static final Pattern SID = Pattern.compile("^SID=([^;]*)");
    private final AppServer app;
    private final String name;
    private String sessionId;

    Device(AppServer app, String name) {
      this.app = app;
      this.name = name;
    }

    Response get(String path) {
      RequestSpecification spec = app.http();
      Response r = (sessionId == null ? spec : spec.header("Cookie", "SID=" + sessionId)).get(path);
      for (String header : r.headers().getValues("Set-Cookie")) {
        Matcher m = SID.matcher(header);
        if (m.find()) {
          sessionId = m.group(1).isEmpty() ? null : m.group(1);
        }
      }
      return r;
    }

    /** Opens the site, then signs in, a minute after the previous device did. */
    Response signIn(String user) {
      CLOCK.advance(Duration.ofMinutes(1));
      get("/start?device=" + name);
      return get("/login?name=" + user);
    }

    String whoami() {
      return get("/whoami").asString();
    }
  }

  /** One user's laptop and phone, signed in a minute apart, and a tablet not yet used. */
  private record Devices(Device laptop, Device phone, Device tablet) {
    static Devices signedInTwice(AppServer app, String user) {
      Devices devices = new Devices(new Device(app, "laptop"), new Device(app, "phone"), new Device(app, "tablet"));
      assertThat(devices.laptop().signIn(user).asString()).isEqualTo("welcome");
      assertThat(devices.phone().signIn(user).asString()).isEqualTo("welcome");
      return devices;
    }
  }

  @EveryContainer
  void signInWhenThirdDeviceThenFirstDeviceSignedOutAndOthersKept(AppServer.Kind kind) {
    Devices ann = Devices.signedInTwice(server(kind, Settings.SessionLimitPolicy.END_OLDEST), "ann");

    Response third = ann.tablet().signIn("ann");

    assertThat(third.asString()).isEqualTo("welcome");
    assertThat(SetCookies.normalized(third)).containsExactly(SetCookies.ISSUED);
    assertThat(ann.laptop().whoami()).isEqualTo("anonymous");
    assertThat(ann.phone().whoami()).isEqualTo("ann on phone");
    assertThat(ann.tablet().whoami()).isEqualTo("ann on tablet");
  }

  @EveryContainer
  void signInWhenThirdDeviceAndRefuseThenAppsMessageAndDeviceStaysAnonymousUnderNewId(AppServer.Kind kind) {
    AppServer app = server(kind, Settings.SessionLimitPolicy.REFUSE);
    Devices bea = Devices.signedInTwice(app, "bea");
    CLOCK.advance(Duration.ofMinutes(1));
    bea.tablet().get("/start?device=tablet");
    String before = bea.tablet().sessionId;

    Response third = bea.tablet().get("/login?name=bea");

    assertThat(third.statusCode()).isEqualTo(200);
    assertThat(third.asString()).isEqualTo(REFUSED);
    assertThat(SetCookies.normalized(third)).containsExactly(SetCookies.ISSUED);
    assertThat(bea.tablet().sessionId).isNotEqualTo(before);
    assertThat(bea.tablet().whoami()).isEqualTo("anonymous");
    assertThat(bea.laptop().whoami()).isEqualTo("bea on laptop");
    assertThat(bea.phone().whoami()).isEqualTo("bea on phone");
    assertThat(app.http(before).get("/whoami").asString())
        .as("the id before the refused sign-in").isEqualTo("anonymous");
  }
}
