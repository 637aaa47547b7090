package dev.cloakroom.codec.shop;

/** Version 3 of {@link Basket}: {@code items} became one string, a change of the JSON shape. */
public record BasketV3(String owner, String items) {}
