package dev.cloakroom.demo;

import java.util.List;
import java.util.Optional;

/** The shop's few products: fixed, in code. */
final class Catalog {

  /** One product; {@code priceCents} in euro cents, {@code colour} a CSS colour for its picture. */
  record Product(String id, String name, String blurb, int priceCents, String colour) {}

  static final List<Product> PRODUCTS = List.of(
      new Product("umbrella", "Umbrella", "Waits by the door, stays dry.", 2400, "#2f6f8f"),
      new Product("wool-coat", "Wool coat", "The coat the cloakroom was built for.", 18900, "#7a4b2a"),
      new Product("scarf", "Scarf", "Long enough to forget on a hook.", 2900, "#b8433a"),
      new Product("felt-hat", "Felt hat", "Comes back with the right ticket only.", 4500, "#3d3d5c"),
      new Product("gloves", "Leather gloves", "A pair: never stored apart.", 3900, "#5b6b3a"),
      new Product("ticket", "Brass ticket", "Numbered, unguessable, yours.", 600, "#b08d2a"));

  private Catalog() {}

  /** The product with {@code id}, if there is one. */
  static Optional<Product> find(String id) {
    return PRODUCTS.stream().filter(p -> p.id().equals(id)).findFirst();
  }

  /** {@code cents} as {@code €12.00}. */
  static String price(long cents) {
    return String.format(java.util.Locale.ROOT, "€%d.%02d", cents / 100, cents % 100);
  }
}
