package dev.cloakroom;

/**
 * Bad configuration: thrown by {@link Settings.Builder#build()}, the parameter parser and the filter's
 * {@code init}. The message names the parameter and what it accepts.
 *
 * @since 0.1
 */
public class SettingsException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public SettingsException(String message) {
    super(message);
  }

  public SettingsException(String message, Throwable cause) {
    super(message, cause);
  }
}
