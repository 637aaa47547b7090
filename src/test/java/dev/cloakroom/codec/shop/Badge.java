package dev.cloakroom.codec.shop;

/** An application value holding an array. */
public record Badge(String name, int[] levels) {}
