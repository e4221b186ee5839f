package io.dbsecrets.operator.config;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.LoggerFactory;

/**
 * Applies the log format and level settings. logback.xml reads DBSECRETS_LOG_FORMAT and DBSECRETS_LOG_LEVEL, looking
 * at system properties before the environment; setting them as properties and reloading logback.xml makes a flag
 * take effect as the variable would, even though logging may already have started with the environment's values.
 */
public final class LogSettings {
  private LogSettings() {}

  public static void apply(OperatorConfig config) {
    System.setProperty("DBSECRETS_LOG_FORMAT", config.logFormat());
    System.setProperty("DBSECRETS_LOG_LEVEL", config.logLevel());
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.reset();
      try {
        new ContextInitializer(context).autoConfig();
      } catch (JoranException e) {
        throw new IllegalStateException("logback.xml cannot be loaded", e);
      }
    }
  }
}
