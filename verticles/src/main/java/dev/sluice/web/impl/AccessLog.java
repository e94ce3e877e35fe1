package dev.sluice.web.impl;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per answered request in the combined log format (Apache/nginx "combined"), through the
 * SLF4J logger {@code dev.sluice.web.access.VHOST} at INFO, so the logging configuration decides
 * where it goes. Quotes, backslashes and control bytes in client-supplied fields are written as
 * {@code \xHH}, so a line cannot be forged.
 */
final class AccessLog {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Logger log;
  /** The formatted time of {@link #second}; formatting once a second keeps the log cheap. */
  private volatile String stamp = "";
  private volatile long second = -1;

  AccessLog(String vhost) {
    this.log = LoggerFactory.getLogger("dev.sluice.web.access." + vhost);
  }

  boolean enabled() {
    return log.isInfoEnabled();
  }

  /** Logs {@code req} once its response has ended. */
  void log(HttpServerRequest req) {
    SocketAddress remote = req.remoteAddress();
    long bytes = req.response().bytesWritten();
    String line = (remote == null ? "-" : remote.hostAddress() == null ? remote.toString() : remote.hostAddress())
        + " - - [" + now() + "] \"" + clean(req.method().name()) + " " + clean(req.uri()) + " " + version(req.version())
        + "\" " + req.response().getStatusCode() + " " + (bytes == 0 ? "-" : Long.toString(bytes)) + " \""
        + clean(orDash(req.getHeader("referer"))) + "\" \"" + clean(orDash(req.getHeader("user-agent"))) + "\"";
    log.info(line);
  }

  private String now() {
    long s = System.currentTimeMillis() / 1000;
    if (s != second) {
      stamp = TIME.format(Instant.ofEpochSecond(s));
      second = s;
    }
    return stamp;
  }

  private static String version(HttpVersion v) {
    return switch (v) {
      case HTTP_1_0 -> "HTTP/1.0";
      case HTTP_1_1 -> "HTTP/1.1";
      case HTTP_2 -> "HTTP/2.0";
    };
  }

  private static String orDash(String s) {
    return s == null ? "-" : s;
  }

  static String clean(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean bad = c < 0x20 || c == 0x7f || c == '"' || c == '\\' || c > 0xff;
      if (bad && b == null) {
        b = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (b != null) {
        if (bad) {
          b.append(String.format("\\x%02X", c & 0xff));
        } else {
          b.append(c);
        }
      }
    }
    return b == null ? s : b.toString();
  }
}
