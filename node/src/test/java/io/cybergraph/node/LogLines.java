package io.cybergraph.node;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The lines one class logs while a test listens, for tests of what the node says (one line, not
 * a flood): {@code try (LogLines lines = LogLines.of(X.class)) { … lines.said() … }}.
 */
public final class LogLines implements AutoCloseable {
  private final Logger logger;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private LogLines(Class<?> source) {
    logger = (Logger) LoggerFactory.getLogger(source);
    appender.start();
    logger.addAppender(appender);
  }

  /** Starts listening to what {@code source} logs. */
  public static LogLines of(Class<?> source) {
    return new LogLines(source);
  }

  /** The messages logged so far, formatted, oldest first. */
  public List<String> said() {
    synchronized (appender) { // logback appends under the appender's lock
      return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
  }
}
