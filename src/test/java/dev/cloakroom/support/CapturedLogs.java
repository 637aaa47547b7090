package dev.cloakroom.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures everything the library logs (at DEBUG and up) while open, so a test can assert that no raw
 * session id reached a log line, its arguments or the MDC.
 */
public final class CapturedLogs implements AutoCloseable {

  private final Logger logger = (Logger) LoggerFactory.getLogger("dev.cloakroom");
  private final Level before = logger.getLevel();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  public CapturedLogs() {
    appender.start();
    logger.setLevel(Level.DEBUG);
    logger.addAppender(appender);
  }

  /** Every captured line, formatted, with its MDC and any exception text. */
  public List<String> lines() {
    return List.copyOf(appender.list).stream()
        .map(e -> e.getFormattedMessage() + " mdc=" + e.getMDCPropertyMap()
            + (e.getThrowableProxy() != null ? " ex=" + e.getThrowableProxy().getMessage() : ""))
        .toList();
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    logger.setLevel(before);
  }
}
