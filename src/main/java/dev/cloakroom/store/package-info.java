/**
 * The store SPI: what a store of sessions implements, and what it holds.
 *
 * <p><b>API</b> (public, all of it): {@link dev.cloakroom.store.SessionRepository} (load, create, save a
 * delta, change a key, delete, list and delete by principal, sweep) and what it takes and gives:
 * {@link dev.cloakroom.store.SessionRecord}, {@link dev.cloakroom.store.SessionDelta},
 * {@link dev.cloakroom.store.ClientFingerprint}, {@link dev.cloakroom.store.LiveAttributes} (attributes
 * held as objects); its failures, {@link dev.cloakroom.store.StoreException} and
 * {@link dev.cloakroom.store.StoreUnavailableException}; and {@link dev.cloakroom.store.Breaker}, the circuit
 * breaker the filter puts in front of Redis and JDBC (its state is in the metrics) and that can wrap a
 * repository of your own.
 *
 * <p>The built-in stores live in the subpackages {@code memory}, {@code redis} and {@code jdbc}, each
 * package-private but for one door the filter opens it through. This package and its subpackages depend
 * on nothing else of the library.
 *
 * @since 0.1
 */
package dev.cloakroom.store;
