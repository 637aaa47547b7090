package dev.cloakroom.codec.shop;

import com.fasterxml.jackson.annotation.JsonAlias;
import java.util.List;

/** Version 4 of {@link Basket}: {@code items} renamed {@code products}, its old name kept as an alias. */
public record BasketV4(String owner, @JsonAlias("items") List<String> products) {}
