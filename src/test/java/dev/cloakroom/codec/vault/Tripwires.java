package dev.cloakroom.codec.vault;

import java.util.concurrent.atomic.AtomicBoolean;

/** Where {@link Tripwire} records its initialization; reading it does not initialize {@link Tripwire}. */
public final class Tripwires {
  public static final AtomicBoolean INITIALIZED = new AtomicBoolean();

  private Tripwires() {}
}
