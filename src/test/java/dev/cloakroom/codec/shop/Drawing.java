package dev.cloakroom.codec.shop;

/** An application value whose field has an abstract type: polymorphism inside a value. */
public record Drawing(Shape shape) {

  /** An abstract type. */
  public interface Shape {}

  /** One of its implementations. */
  public record Circle(int radius) implements Shape {}
}
