package dev.pulse.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;

class RateLimitedLogTest {

  private long now = 1_000;

  @Test
  void atMostMaxLinesAWindowThenTheCountOfWhatWasDropped() {
    LoggerContext ctx = new LoggerContext();
    Logger logger = ctx.getLogger("t");
    logger.setLevel(Level.WARN);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.setContext(ctx);
    lines.start();
    logger.addAppender(lines);
    RateLimitedLog log = new RateLimitedLog(logger, 2, 60_000, () -> now);

    for (int i = 0; i < 10; i++) log.warn("refused {}", i);
    assertEquals(2, lines.list.size(), "two lines in the first window");
    assertEquals("refused 1", lines.list.get(1).getFormattedMessage());

    now += 60_000;
    log.warn("refused {}", 10);
    assertEquals(3, lines.list.size());
    assertEquals("refused 10 (8 similar lines suppressed before this one)", lines.list.get(2).getFormattedMessage());
    log.warn("refused {}", 11);
    assertEquals("refused 11", lines.list.get(3).getFormattedMessage(), "the count is reported once");
    assertTrue(lines.list.stream().allMatch(e -> e.getThrowableProxy() == null));
  }
}
