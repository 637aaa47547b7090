package dev.cloakroom.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.slf4j.LoggerFactory;

/**
 * Captures every log line while open: the library's at DEBUG and up, the containers' as configured, through
 * SLF4J/logback (Cloakroom, Jetty) and java.util.logging (Tomcat's JULI). A test asserts on a line's text,
 * or that no raw session id reached any line, its MDC or its exceptions.
 *
 * <p>Each line reads {@code LEVEL logger message}, then {@code  mdc={...}} when the MDC holds anything, then
 * {@code  | Class: message} for the exception and each of its causes. Thread-safe.
 */
public final class CapturedLogs implements AutoCloseable {

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Logger library = (Logger) LoggerFactory.getLogger("dev.cloakroom");
  private final Level libraryLevel = library.getLevel();
  private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
    @Override
    protected void append(ILoggingEvent e) {
      StringBuilder line = new StringBuilder(e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage());
      if (!e.getMDCPropertyMap().isEmpty()) {
        line.append(" mdc=").append(e.getMDCPropertyMap());
      }
      for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
        line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
      }
      lines.add(line.toString());
    }
  };
  private final java.util.logging.Logger julRoot = java.util.logging.Logger.getLogger("");
  private final Handler handler = new Handler() {
    private final SimpleFormatter formatter = new SimpleFormatter();

    @Override
    public void publish(LogRecord r) {
      StringBuilder line = new StringBuilder(r.getLevel() + " " + r.getLoggerName() + " " + formatter.formatMessage(r));
      for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
        line.append(" | ").append(t);
      }
      lines.add(line.toString());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  /** Starts capturing. */
  public CapturedLogs() {
    appender.setContext(root.getLoggerContext());
    appender.start();
    library.setLevel(Level.DEBUG);
    root.addAppender(appender);
    julRoot.addHandler(handler);
  }

  /** Every line captured so far, in order. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void close() {
    julRoot.removeHandler(handler);
    root.detachAppender(appender);
    appender.stop();
    library.setLevel(libraryLevel);
  }
}
