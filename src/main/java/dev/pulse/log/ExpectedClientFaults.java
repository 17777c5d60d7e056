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
 *
 * <p>Also drops the lines the bridge writes, without an exception, for a frame it refuses before any bridge event
 * (so before Pulse's login and rate checks): an unknown frame type, echoed whole at ERROR, lets any client that can
 * open a socket write as much as it sends into the log, line breaks included. The client hears the refusal itself.
 */
public final class ExpectedClientFaults extends TurboFilter {

  static final String BRIDGE = "io.vertx.ext.web.handler.sockjs.impl.EventBusBridgeImpl";
  /** The bridge's own messages for a client's bad frame (vert.x-web 5.0). */
  private static final String[] REFUSED_FRAME = {"Invalid type in incoming message",
      "Will not send message, reply address is > 36 chars",
      "Refusing to register as max_handlers_per_socket reached already"};

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (!BRIDGE.equals(logger.getName())) return FilterReply.NEUTRAL;
    if (t != null ? clientFault(t) : refusedFrame(format)) return FilterReply.DENY;
    return FilterReply.NEUTRAL;
  }

  static boolean refusedFrame(String message) {
    if (message == null) return false;
    for (String prefix : REFUSED_FRAME) {
      if (message.startsWith(prefix)) return true;
    }
    return false;
  }

  /** A connection reset, closed or broken by the peer, or a frame that does not decode. */
  static boolean clientFault(Throwable t) {
    return t instanceof IOException || t instanceof HttpClosedException || t instanceof CodecException;
  }
}
