package dev.sluice.host.http.server;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/** What the head of a request says about its body, for servers that skip reading a missing one. */
public final class RequestBodies {
  private RequestBodies() {}

  /**
   * True when the request has no body: an h1 request with neither a content-length above 0 nor a
   * transfer-encoding (RFC 9112 section 6.3). Never true for h2, which ends a request with a flag
   * that may come after the headers.
   */
  public static boolean absent(HttpServerRequest req) {
    if (req.version() == HttpVersion.HTTP_2) {
      return false;
    }
    String length = req.getHeader(HttpHeaderNames.CONTENT_LENGTH);
    return (length == null || length.equals("0")) && req.getHeader(HttpHeaderNames.TRANSFER_ENCODING) == null;
  }
}
