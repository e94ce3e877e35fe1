package dev.sluice.web.impl;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/** Short error answers, the same shape everywhere: a status and one line of text saying why. */
final class Responses {
  private Responses() {}

  /** Answers {@code status} with {@code why}; completes when the answer is written. */
  static Future<Void> error(HttpServerRequest req, int status, String why) {
    HttpServerResponse r = req.response();
    if (r.headWritten()) {
      return req.connection().close();
    }
    String body = status + " " + reason(status) + ": " + why + "\n";
    r.setStatusCode(status).putHeader("content-type", "text/plain; charset=utf-8");
    if (req.method() == HttpMethod.HEAD) {
      return r.putHeader("content-length", Integer.toString(body.length())).end();
    }
    return r.end(body);
  }

  /** 405 with the methods a read-only mount takes. */
  static boolean readOnly(HttpServerRequest req) {
    HttpMethod m = req.method();
    if (m == HttpMethod.GET || m == HttpMethod.HEAD) {
      return true;
    }
    req.response().putHeader("allow", "GET, HEAD");
    error(req, 405, "this mount serves GET and HEAD only");
    return false;
  }

  static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 413 -> "Content Too Large";
      case 416 -> "Range Not Satisfiable";
      case 431 -> "Request Header Fields Too Large";
      case 503 -> "Service Unavailable";
      default -> "Error";
    };
  }
}
