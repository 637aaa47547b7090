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
 * <p><b>Everything else is package-private</b>, in three groups:
 * <ul>
 *   <li>start-up, once at {@code init}: {@code Param} and {@code ParamType} (each parameter's default,
 *       rules and display), {@code SettingsParser} (init-params), {@code AppSessionConfig} and
 *       {@code Containers} (the app's own session configuration and listeners), {@code StoreLocator} (the
 *       {@code store} parameter into a repository, through the doors of {@code dev.cloakroom.store.*}) with
 *       {@code StoreSecrets} (its passwords hidden), {@code Backend} (what every request shares);
 *       and, in the background, {@code Sweeper};
 *   <li>the request path, per request: {@code RequestHandler} &rarr; {@code SessionRequest} and
 *       {@code SessionResponse} (the wrappers) &rarr; {@code Exchange} (this request's session state, with
 *       {@code RequestedIds}, {@code IdRotation}, {@code SignIn}, {@code SessionLimit}, {@code ClientCheck})
 *       &rarr; {@code HttpSessionView} and {@code AttributeTable} (the {@code HttpSession}) &rarr;
 *       {@code PendingCookie} and {@code Commit} (save, touch and {@code Set-Cookie} before the response
 *       commits);
 *   <li>ids and what carries them: {@code SessionIds}, {@code IdSigner}, {@code IdTag} (the only form of an
 *       id fit for logs), {@code CookieResolver} and {@code HeaderResolver} behind {@code SessionResolver},
 *       {@code CookiePolicy}, {@code SetCookie}, {@code ProxyMatcher}.
 * </ul>
 *
 * <p>Nothing else in the library depends on this package; it depends on {@code store}, {@code codec},
 * {@code event} and {@code metrics}. See docs/ARCHITECTURE.md.
 *
 * @since 0.1
 */
package dev.cloakroom;
