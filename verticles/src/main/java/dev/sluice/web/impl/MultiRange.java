package dev.sluice.web.impl;

import dev.sluice.web.impl.ByteRanges.Range;
import dev.sluice.web.impl.FileStore.Variant;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A 206 with several ranges: a {@code multipart/byteranges} body (RFC 9110 §14.6), each part with
 * its Content-Range. The parts are read through Vert.x's asynchronous file (never on the event loop)
 * and the body is bounded by {@link #MAX_BYTES}.
 */
final class MultiRange {
  private MultiRange() {}

  static final long MAX_BYTES = 8L << 20;

  /** Bytes the ranges select; the caller sends the whole file instead past {@link #MAX_BYTES}. */
  static long total(List<Range> ranges) {
    return ranges.stream().mapToLong(Range::length).sum();
  }

  static void send(Vertx vertx, HttpServerRequest req, Variant v, List<Range> ranges, String type) {
    long total = total(ranges);
    String boundary = "sluice-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    req.response().setStatusCode(206).putHeader("content-type", "multipart/byteranges; boundary=" + boundary);
    Future<Buffer[]> parts = v.content() != null
        ? Future.succeededFuture(ranges.stream().map(r -> v.content().slice((int) r.first(), (int) r.last() + 1))
            .toArray(Buffer[]::new))
        : read(vertx, v, ranges);
    parts.onComplete(ar -> {
      if (ar.failed()) {
        Responses.error(req, 404, "not found");
        return;
      }
      Buffer out = Buffer.buffer((int) total + ranges.size() * 128);
      for (int i = 0; i < ranges.size(); i++) {
        Range r = ranges.get(i);
        out.appendString("--" + boundary + "\r\ncontent-type: " + type + "\r\ncontent-range: bytes " + r.first() + "-"
            + r.last() + "/" + v.size() + "\r\n\r\n").appendBuffer(ar.result()[i]).appendString("\r\n");
      }
      out.appendString("--" + boundary + "--\r\n");
      if (req.method() == HttpMethod.HEAD) {
        req.response().putHeader("content-length", Integer.toString(out.length())).end();
      } else {
        req.response().end(out);
      }
    });
  }

  private static Future<Buffer[]> read(Vertx vertx, Variant v, List<Range> ranges) {
    return vertx.fileSystem().open(v.path().toString(), new OpenOptions().setRead(true).setWrite(false))
        .compose(file -> readAll(file, ranges, new Buffer[ranges.size()], 0).eventually(file::close));
  }

  private static Future<Buffer[]> readAll(AsyncFile file, List<Range> ranges, Buffer[] out, int i) {
    if (i == ranges.size()) {
      return Future.succeededFuture(out);
    }
    Range r = ranges.get(i);
    return file.read(Buffer.buffer((int) r.length()), 0, r.first(), (int) r.length()).compose(b -> {
      out[i] = b;
      return readAll(file, ranges, out, i + 1);
    });
  }
}
