package dev.cloakroom.event;

import java.time.Duration;
import java.time.Instant;

/**
 * Told when one client address goes over an anomaly threshold: more rejected session ids
 * ({@code anomalyRejectedPerMinute}) or more new sessions ({@code anomalyCreatedPerMinute}) in its
 * one-minute window than allowed. Called at most once per address and window, on the thread of the
 * request that crossed the threshold, after the filter logged its WARN and counted
 * {@link SessionEvent#ANOMALY}.
 *
 * <p>What to do is the app's call: remember the address in a block list that a filter of its own
 * checks, ask its requests for a captcha, raise an alert. The request that crossed the threshold goes on
 * as usual: the listener cannot change it. Keep it quick (it runs inside that request) and thread-safe
 * (requests call it concurrently). What it throws is logged at WARN and ignored: it never fails the
 * request.
 *
 * <p>Registered in code with {@code Settings.Builder.anomalyListener}, or by class name with the
 * {@code anomalyListener} parameter (a public class with a public no-argument constructor, made once at
 * {@code init}).
 *
 * @since 0.2
 */
@FunctionalInterface
public interface AnomalyListener {

  /** One address over a threshold. */
  void anomaly(Anomaly anomaly);

  /**
   * What went over a threshold.
   *
   * @param address  the client address under the {@code trustedProxies} rules (an IPv6 address as its
   *                 {@code /64} network, such as {@code 2001:db8:0:1::/64}); never a session id
   * @param rejected rejected session ids from it in the window so far (malformed, bad signature, unknown)
   * @param created  sessions created for it in the window so far
   * @param window   the window's length (one minute)
   * @param at       when the threshold was crossed, by the filter's clock
   * @since 0.2
   */
  record Anomaly(String address, int rejected, int created, Duration window, Instant at) {}
}
