/**
 * The filter: its configuration, the request path, session ids and cookies, and the opening of the store.
 *
 * <p><b>API</b> (public): {@link dev.cloakroom.SessionFilter}; its configuration,
 * {@link dev.cloakroom.Settings} (with its builder and value enums), {@link dev.cloakroom.Param} and
 * {@link dev.cloakroom.SettingsException}; {@link dev.cloakroom.SessionLimitException}, thrown by a sign-in
 * over {@code maxSessionsPerUser}; {@link dev.cloakroom.SessionInventory} (a user's sessions) and
 * {@link dev.cloakroom.SessionStatus} (this request's session, read-only); and
 * {@link dev.cloakroom.StoreFactory}, the SPI to plug in a store by class name.
 *
 * <p><b>Everything else is package-private</b>, grouped by the prefix of its name:
 * <ul>
 *   <li>configuration, read once at {@code init}: {@code Param}, {@code ParamType} (each parameter's rules),
 *       {@code SettingsParser} (init-params), {@code AppSessionConfig} and {@code ContainerListeners} (the
 *       app's own session configuration and listeners);
 *   <li>the request path, per request: {@code RequestHandler} (the filter's work for one request) &rarr;
 *       {@code SessionRequest}/{@code SessionResponse} (the wrappers) &rarr; {@code Exchange} (this request's
 *       session state) &rarr; {@code HttpSessionView} (the {@code HttpSession}) &rarr; {@code Commit} (save,
 *       touch and {@code Set-Cookie} before the response commits);
 *   <li>ids and cookies: {@code SessionIds}, {@code IdSigner}, {@code IdTag} (the only form of an id fit for
 *       logs), {@code CookieResolver}/{@code HeaderResolver} behind {@code SessionResolver},
 *       {@code CookiePolicy}, {@code SetCookie}, {@code ProxyMatcher};
 *   <li>the store: {@code StoreLocator} (the {@code store} parameter into a repository, through the doors
 *       of {@code dev.cloakroom.store.*}), {@code StoreSecrets} (its passwords hidden), {@code TimedRepository}.
 * </ul>
 *
 * <p>Nothing else in the library depends on this package; it depends on {@code store}, {@code codec},
 * {@code event} and {@code metrics}. See docs/ARCHITECTURE.md.
 *
 * @since 0.1
 */
package dev.cloakroom;
