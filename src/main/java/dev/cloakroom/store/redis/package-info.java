/**
 * The Redis store, on Lettuce (an optional dependency: only this package refers to it).
 *
 * <p><b>No API.</b> Two doors are public for the filter alone: {@link dev.cloakroom.store.redis.RedisEndpoints},
 * the {@code store} URI parsed without Lettuce (so settings are checked at start-up where Lettuce is
 * missing), and {@link dev.cloakroom.store.redis.RedisStoreFactory#open}, which connects, reached only when
 * the {@code store} parameter names Redis. Everything else (the repository, the key layout, the scripts)
 * is package-private.
 *
 * @since 0.1
 */
package dev.cloakroom.store.redis;
