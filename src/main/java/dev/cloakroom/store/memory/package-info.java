/**
 * The memory store: sessions in a bounded map of this JVM, the default.
 *
 * <p><b>No API.</b> {@link dev.cloakroom.store.memory.MemoryRepository} is public as the filter's door to
 * this package (and so a test or an embedded server can hand one to {@code Settings.Builder.store}); use
 * it as a {@link dev.cloakroom.store.SessionRepository}.
 *
 * @since 0.1
 */
package dev.cloakroom.store.memory;
