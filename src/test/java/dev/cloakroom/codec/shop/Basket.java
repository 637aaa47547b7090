package dev.cloakroom.codec.shop;

import java.util.List;

/**
 * Version 1 of a class whose later version ({@link BasketV2}) the tests read its JSON into, as if the
 * class had changed between two deploys: {@code coupon} is gone in version 2, {@code note} is new.
 */
public record Basket(String owner, List<String> items, String coupon) {}
