package dev.cloakroom.codec.vault;

/** A class no allow-list names: its static initializer records that it ran. */
public final class Tripwire {
  static {
    Tripwires.INITIALIZED.set(true);
  }

  public String command;
}
