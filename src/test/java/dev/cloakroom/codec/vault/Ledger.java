package dev.cloakroom.codec.vault;

import java.io.Serializable;

/** An application value no allow-list names. */
public record Ledger(String account) implements Serializable {}
