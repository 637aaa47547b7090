package dev.cloakroom.demo;

import jakarta.servlet.http.HttpSession;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cart: a {@code LinkedHashMap} of product id to quantity in the session attribute {@value #ATTRIBUTE}.
 * Plain JDK types, so it serializes on every store within the default allow-list. Every change sets
 * the attribute again, as an app should for a store outside the JVM.
 */
final class Cart {

  static final String ATTRIBUTE = "cart";
  /** Most of one product in the cart. */
  static final int MAX_QUANTITY = 9;

  private Cart() {}

  /** The cart of {@code session} (null: no session), product id to quantity; empty if none. */
  static Map<String, Integer> of(HttpSession session) {
    Object value = session == null ? null : session.getAttribute(ATTRIBUTE);
    Map<String, Integer> cart = new LinkedHashMap<>();
    if (value instanceof Map<?, ?> stored) {
      stored.forEach((k, v) -> {
        if (k instanceof String id && v instanceof Integer n && Catalog.find(id).isPresent() && n > 0) {
          cart.put(id, Math.min(n, MAX_QUANTITY));
        }
      });
    }
    return cart;
  }

  /** Total number of items. */
  static int count(HttpSession session) {
    return of(session).values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Adds one of {@code productId} (at most {@link #MAX_QUANTITY}). */
  static void add(HttpSession session, String productId) {
    LinkedHashMap<String, Integer> cart = new LinkedHashMap<>(of(session));
    cart.merge(productId, 1, (a, b) -> Math.min(a + b, MAX_QUANTITY));
    session.setAttribute(ATTRIBUTE, cart);
  }

  /** Removes {@code productId} altogether. */
  static void remove(HttpSession session, String productId) {
    LinkedHashMap<String, Integer> cart = new LinkedHashMap<>(of(session));
    cart.remove(productId);
    session.setAttribute(ATTRIBUTE, cart);
  }

  /** Empties the cart. */
  static void clear(HttpSession session) {
    session.removeAttribute(ATTRIBUTE);
  }
}
