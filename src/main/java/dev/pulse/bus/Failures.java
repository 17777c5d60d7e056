package dev.pulse.bus;

import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * Errors that cross the event bus as {@link ReplyException}s carrying an HTTP status as failure code, so REST and
 * the bridge answer the same code and message.
 */
public final class Failures {
  public static final int BAD_REQUEST = 400;
  public static final int NOT_FOUND = 404;
  public static final int UNAVAILABLE = 503;

  private Failures() {}

  public static <T> Future<T> badRequest(String message) {
    return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, BAD_REQUEST, message));
  }

  public static <T> Future<T> notFound(String message) {
    return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, NOT_FOUND, message));
  }

  public static <T> Future<T> unavailable(String message) {
    return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, UNAVAILABLE, message));
  }

  /** The HTTP status for any failure: its own code when it is one of ours, 503/504 for bus trouble, else 500. */
  public static int status(Throwable t) {
    if (t instanceof ReplyException re) {
      return switch (re.failureType()) {
        case RECIPIENT_FAILURE -> re.failureCode() >= 400 && re.failureCode() < 600 ? re.failureCode() : 500;
        case NO_HANDLERS -> UNAVAILABLE;
        case TIMEOUT -> 504;
        default -> 500;
      };
    }
    return 500;
  }

  /** A message safe to show a client: ours verbatim, anything unexpected reduced to a generic line. */
  public static String message(Throwable t) {
    int status = status(t);
    if (t instanceof ReplyException re && re.failureType() == ReplyFailure.RECIPIENT_FAILURE && status != 500) {
      return re.getMessage();
    }
    return switch (status) {
      case UNAVAILABLE -> "service not available";
      case 504 -> "timed out";
      default -> "internal error";
    };
  }
}
