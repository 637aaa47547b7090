package dev.cloakroom.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates sessions through HTTP, as browsers would, and keeps each one's cookie ({@code name=value},
 * read from the machinery's own {@code Set-Cookie}): the pool of the load run, and the sessions of the
 * memory run.
 */
final class SessionMaker {

  private static final int CLIENTS = 4;

  private SessionMaker() {}

  /**
   * {@code n} sessions made by {@code GET path} (no cookie sent). Under {@link Machinery#NONE}, which
   * makes none, each "cookie" is a random 43-character value under the name {@code SID}, so that every
   * machinery's requests carry a cookie of about the same size.
   */
  static List<String> create(ServerProcess server, String path, int n) throws Exception {
    if (server.machinery == Machinery.NONE) {
      SecureRandom random = new SecureRandom();
      List<String> fake = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        fake.add("SID=" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
      }
      return fake;
    }
    HttpClient client = client();
    HttpRequest request = HttpRequest.newBuilder(URI.create(server.base() + path)).GET().build();
    List<String> cookies = Collections.synchronizedList(new ArrayList<>(n));
    AtomicInteger left = new AtomicInteger(n);
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<?>> clients = new ArrayList<>();
      for (int t = 0; t < CLIENTS; t++) {
        clients.add(pool.submit(() -> {
          while (left.getAndDecrement() > 0) {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            cookies.add(cookie(server.machinery, r));
          }
          return null;
        }));
      }
      for (Future<?> f : clients) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return new ArrayList<>(cookies);
  }

  /**
   * Sends each of a few pool cookies to {@code GET /read} and expects the pool's attribute back: the
   * machinery finds the sessions the pool holds.
   */
  static void check(ServerProcess server, List<String> cookies) throws IOException, InterruptedException {
    if (server.machinery == Machinery.NONE) {
      return;
    }
    HttpClient client = client();
    for (int i = 0; i < Math.min(10, cookies.size()); i++) {
      String cookie = cookies.get(i * (cookies.size() / Math.min(10, cookies.size())));
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(server.base() + "/read"))
          .header("Cookie", cookie).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200 || !r.body().equals(BenchServlet.CART)) {
        throw new IllegalStateException(server.machinery.label + " did not find a pool session: /read answered "
            + r.statusCode());
      }
    }
  }

  /** The used heap of the server after full collections ({@code GET /heap}). */
  static long heap(ServerProcess server) throws IOException, InterruptedException {
    HttpResponse<String> r = client().send(HttpRequest.newBuilder(URI.create(server.base() + "/heap")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200 || r.headers().firstValue("Set-Cookie").isPresent()) {
      throw new IllegalStateException("/heap answered " + r.statusCode() + " " + r.headers().allValues("Set-Cookie"));
    }
    return Long.parseLong(r.body().trim());
  }

  private static HttpClient client() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  }

  private static String cookie(Machinery machinery, HttpResponse<String> r) {
    if (r.statusCode() != 200) {
      throw new IllegalStateException(machinery.label + ": " + r.uri().getPath() + " answered " + r.statusCode());
    }
    String prefix = machinery.cookieName + "=";
    for (String header : r.headers().allValues("Set-Cookie")) {
      if (header.startsWith(prefix)) {
        int end = header.indexOf(';');
        return end < 0 ? header : header.substring(0, end);
      }
    }
    throw new IllegalStateException(machinery.label + ": no " + machinery.cookieName + " cookie from "
        + r.uri().getPath() + " (Set-Cookie names: " + r.headers().allValues("Set-Cookie").stream()
            .map(h -> h.substring(0, Math.max(0, h.indexOf('=')))).toList() + ")");
  }
}
