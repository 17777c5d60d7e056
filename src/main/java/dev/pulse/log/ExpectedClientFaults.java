package dev.pulse.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.netty.handler.codec.CodecException;
import io.vertx.core.http.HttpClosedException;
import java.io.IOException;
import org.slf4j.Marker;

/**
 * Drops the stack trace vertx-web's SockJS bridge logs at ERROR for every socket a client resets or feeds a frame
 * Netty cannot decode ({@code EventBusBridgeImpl} "SockJSSocket exception"). Those are the client's faults, not the
 * server's: anyone can produce one per connection, and a trace per connection floods the log. Pulse's
 * {@code SessionBridge} sees the same fault as a {@code SOCKET_ERROR} event and logs its message at DEBUG. Anything
 * else the bridge reports (an exception of another kind) still logs in full.
 */
public final class ExpectedClientFaults extends TurboFilter {

  static final String BRIDGE = "io.vertx.ext.web.handler.sockjs.impl.EventBusBridgeImpl";

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (t != null && BRIDGE.equals(logger.getName()) && clientFault(t)) return FilterReply.DENY;
    return FilterReply.NEUTRAL;
  }

  /** A connection reset, closed or broken by the peer, or a frame that does not decode. */
  static boolean clientFault(Throwable t) {
    return t instanceof IOException || t instanceof HttpClosedException || t instanceof CodecException;
  }
}
