/**
 * The filter's metrics in Micrometer: {@link dev.cloakroom.metrics.CloakroomMeterBinder}. Nothing outside
 * this package refers to Micrometer, so an app without it never loads a Micrometer class.
 *
 * @since 0.2
 */
package dev.cloakroom.metrics;
