package dev.cloakroom.bench;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one servlet of the side-by-side run, the same code under every machinery: it speaks only the
 * plain {@code HttpSession} API.
 *
 * <ul>
 *   <li>{@code GET /static}: never asks for a session;
 *   <li>{@code GET /read}: {@code getSession(false)}, reads the {@code String} attribute {@code cart};
 *   <li>{@code GET /write}: {@code getSession(false)}, reads the {@code Integer} {@code count} and sets
 *       the next value;
 *   <li>{@code GET /new}: a new session holding one small attribute ({@code cart}, a 10-character
 *       {@code String}): the pool's sessions and the anonymous ones of the memory run;
 *   <li>{@code GET /signin}: a new session, the attribute {@code user} (an 11-character name), then
 *       {@code changeSessionId()}: the sign-in churn, and the signed-in sessions of the memory run;
 *   <li>{@code GET /heap}: the admin page of the memory run: three {@code System.gc()} and the used
 *       heap in bytes. Never asks for a session.
 * </ul>
 *
 * A read or a write whose session is missing answers 410, which the load client counts as an error.
 * Under {@link Machinery#NONE} ({@code sessions} false) nothing asks for a session: every page writes
 * its body only, the ceiling of the run.
 */
final class BenchServlet extends HttpServlet {

  static final String CART = "SKU-100234";

  private final boolean sessions;
  private final AtomicLong users = new AtomicLong();

  BenchServlet(boolean sessions) {
    this.sessions = sessions;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
    res.setContentType("text/plain;charset=UTF-8");
    String body = switch (req.getRequestURI()) {
      case "/static" -> "static";
      case "/read" -> read(req, res);
      case "/write" -> write(req, res);
      case "/new" -> create(req);
      case "/signin" -> signIn(req);
      case "/heap" -> heap();
      default -> {
        res.setStatus(HttpServletResponse.SC_NOT_FOUND);
        yield "no such page";
      }
    };
    res.getWriter().write(body);
  }

  private String read(HttpServletRequest req, HttpServletResponse res) {
    if (!sessions) {
      return CART;
    }
    HttpSession s = req.getSession(false);
    if (s == null) {
      res.setStatus(HttpServletResponse.SC_GONE);
      return "no session";
    }
    return String.valueOf(s.getAttribute("cart"));
  }

  private String write(HttpServletRequest req, HttpServletResponse res) {
    if (!sessions) {
      return "1";
    }
    HttpSession s = req.getSession(false);
    if (s == null) {
      res.setStatus(HttpServletResponse.SC_GONE);
      return "no session";
    }
    int count = s.getAttribute("count") instanceof Integer n ? n + 1 : 1;
    s.setAttribute("count", count);
    return String.valueOf(count);
  }

  private String create(HttpServletRequest req) {
    if (sessions) {
      req.getSession(true).setAttribute("cart", CART);
    }
    return "new";
  }

  private String signIn(HttpServletRequest req) {
    if (sessions) {
      req.getSession(true).setAttribute("user", String.format("user-%06d", users.incrementAndGet() % 1_000_000));
      req.changeSessionId();
    }
    return "welcome";
  }

  private static String heap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return String.valueOf(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
  }
}
