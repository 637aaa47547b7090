package dev.cloakroom.e2e;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.slf4j.LoggerFactory;

/**
 * Captures what both containers log while open: SLF4J/logback (Jetty, Cloakroom) and
 * java.util.logging (Tomcat's JULI), with every exception's cause chain.
 */
final class LogCapture implements AutoCloseable {

  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final java.util.logging.Logger julRoot = java.util.logging.Logger.getLogger("");
  private final List<String> julLines = new CopyOnWriteArrayList<>();
  private final Handler handler = new Handler() {
    private final SimpleFormatter formatter = new SimpleFormatter();

    @Override
    public void publish(LogRecord r) {
      StringBuilder sb = new StringBuilder(r.getLevel() + " " + r.getLoggerName() + " " + formatter.formatMessage(r));
      for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
        sb.append(" | ").append(t);
      }
      julLines.add(sb.toString());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  LogCapture() {
    appender.start();
    root.addAppender(appender);
    julRoot.addHandler(handler);
  }

  /** Every captured line with its exception chain. */
  List<String> lines() {
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent e : List.copyOf(appender.list)) {
      StringBuilder sb = new StringBuilder(e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage());
      for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
        sb.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
      }
      lines.add(sb.toString());
    }
    lines.addAll(julLines);
    return lines;
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    julRoot.removeHandler(handler);
  }
}
