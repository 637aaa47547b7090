package dev.cloakroom;

import dev.cloakroom.store.SessionRepository;


/**
 * Makes the repository for a filter. Name an implementation (public, with a public no-argument
 * constructor) in the {@code store} parameter to plug in a store of your own.
 *
 * @since 0.1
 */
public interface StoreFactory {

  /**
   * Opens the repository. Called once from the filter's {@code init}; a failure fails {@code init}.
   *
   * @param settings the filter's validated settings (clock, limits)
   */
  SessionRepository open(Settings settings);
}
