package dev.cloakroom.codec.shop;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * An application value as a shop keeps it in the session: a record with a nested list of records, a
 * {@code java.time} field and an enum. Serializable too, so both codecs can store it.
 */
public record Cart(String owner, List<Line> lines, Instant updated, Size size) implements Serializable {

  /** One line of a cart. */
  public record Line(String sku, int quantity, BigDecimal price) implements Serializable {}
}
