/**
 * What the filter tells: its events and their counters, and the listener SPIs.
 *
 * <p><b>API</b> (public, all of it): {@link dev.cloakroom.event.SessionEvent}, the events;
 * {@link dev.cloakroom.event.SessionMetrics} (also over JMX as {@link dev.cloakroom.event.SessionMetricsMXBean}),
 * their counters and the store timings; the listener SPIs {@link dev.cloakroom.event.ClientChangeListener}
 * (with {@link dev.cloakroom.event.ClientChange}) and {@link dev.cloakroom.event.AnomalyListener}. Its
 * recording methods are public because the filter, in another package, records; they are not meant for
 * applications. Depends on the store SPI only.
 *
 * @since 0.1
 */
package dev.cloakroom.event;
