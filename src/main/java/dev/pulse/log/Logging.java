package dev.pulse.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.pulse.config.LogConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Sets up Logback from {@link LogConfig}: one line per event on standard output (what {@code docker logs} and
 * journald collect), text or JSON. Pulse's own loggers log at the configured level; libraries (Hazelcast, Netty,
 * Vert.x, docker-java) only from WARN up (their INFO is start-up chatter, their DEBUG every byte on the wire) unless
 * TRACE is asked for. JUL, which Hazelcast and the JDK use, is routed through SLF4J.
 */
public final class Logging {

  static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC} %-5level %logger{1} - %msg%n";

  private Logging() {}

  public static void configure(LogConfig config) {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.reset();
    ExpectedClientFaults faults = new ExpectedClientFaults();
    faults.setContext(ctx);
    faults.start();
    ctx.addTurboFilter(faults);
    // JUL checks levels itself: mirror Logback's levels into it, so disabled JUL lines cost nothing
    LevelChangePropagator jul = new LevelChangePropagator();
    jul.setContext(ctx);
    jul.setResetJUL(true);
    jul.start();
    ctx.addListener(jul);
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();

    ConsoleAppender<ILoggingEvent> out = new ConsoleAppender<>();
    out.setContext(ctx);
    out.setName("stdout");
    out.setEncoder(encoder(ctx, config.json()));
    out.start();

    Level level = Level.toLevel(config.level(), Level.INFO);
    ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(level == Level.TRACE ? Level.TRACE : level == Level.ERROR ? Level.ERROR : Level.WARN);
    root.addAppender(out);
    ctx.getLogger("dev.pulse").setLevel(level);
  }

  private static Encoder<ILoggingEvent> encoder(LoggerContext ctx, boolean json) {
    if (json) {
      JsonEncoder e = new JsonEncoder();
      e.setContext(ctx);
      // the event, not Logback's bookkeeping: time, level, thread, logger, message, throwable
      e.setWithSequenceNumber(false);
      e.setWithNanoseconds(false);
      e.setWithContext(false);
      e.setWithArguments(false);
      e.setWithMessage(false);
      e.setWithFormattedMessage(true);
      e.setWithMDC(false);
      e.setWithKVPList(false);
      e.setWithMarkers(false);
      e.start();
      return e;
    }
    PatternLayoutEncoder e = new PatternLayoutEncoder();
    e.setContext(ctx);
    e.setPattern(TEXT_PATTERN);
    e.start();
    return e;
  }
}
