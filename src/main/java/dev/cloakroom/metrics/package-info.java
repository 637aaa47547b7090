/**
 * The filter's metrics in Micrometer.
 *
 * <p><b>API</b> (public): {@link dev.cloakroom.metrics.CloakroomMeterBinder}, to bind a filter's metrics to
 * a registry of your own. Nothing outside this package refers to Micrometer, so an app without it never
 * loads a Micrometer class.
 *
 * @since 0.2
 */
package dev.cloakroom.metrics;
