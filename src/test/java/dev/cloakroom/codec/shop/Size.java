package dev.cloakroom.codec.shop;

/** An application enum. */
public enum Size {
  SMALL,
  LARGE
}
