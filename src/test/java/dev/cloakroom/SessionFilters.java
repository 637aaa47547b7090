package dev.cloakroom;

/**
 * Test hook into {@link SessionFilter}'s package-private internals, for tests outside this package
 * (the end-to-end tests drive the sweeper from a {@code FakeClock} instead of waiting for its thread).
 */
public final class SessionFilters {

  private SessionFilters() {}

  /** Runs one sweep of {@code filter} now, as its sweeper thread would; returns how many it removed. */
  public static int sweep(SessionFilter filter) {
    return filter.sweep();
  }
}
