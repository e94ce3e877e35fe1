package dev.sluice.web.impl;

import dev.sluice.web.WebServerOptions.Limits;
import dev.sluice.web.WebServerOptions.MountOptions;
import dev.sluice.web.impl.ByteRanges.Range;
import dev.sluice.web.impl.FileStore.Entry;
import dev.sluice.web.impl.FileStore.Variant;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import org.slf4j.LoggerFactory;
import java.io.RandomAccessFile;
import java.util.List;

/**
 * A directory: the default index for a directory, content types by extension, ETag and
 * Last-Modified with their conditional requests (304), byte ranges (206, multipart for several,
 * 416), precompressed ".br"/".gz" siblings when Accept-Encoding allows them (with Vary), and the
 * mount's Cache-Control. The file is found and opened on a worker thread; small files are answered
 * from memory.
 */
final class FileMount implements Mount {

  private final Vertx vertx;
  private final MountOptions options;
  private final FileStore store;

  FileMount(Vertx vertx, String vhost, MountOptions options, Limits limits) {
    this.vertx = vertx;
    this.options = options;
    this.store = new FileStore(vertx, vhost + options.mountpoint(), options.root(), options.index(),
        limits.metadataCacheMs(), limits.smallFileBytes(), limits.cacheBytes());
  }

  @Override
  public Future<Void> open() {
    return store.open();
  }

  @Override
  public long maxBodyBytes() {
    return options.maxBodyBytes();
  }

  @Override
  public void handle(HttpServerRequest req, String rest) {
    if (!Responses.readOnly(req)) {
      return;
    }
    store.lookup(rest).onComplete(ar -> {
      if (ar.failed()) {
        Responses.error(req, 404, "not found");
      } else {
        answer(req, ar.result());
      }
    });
  }

  private void answer(HttpServerRequest req, Entry e) {
    switch (e.kind()) {
      case MISSING -> Responses.error(req, 404, "not found");
      case DIRECTORY -> {
        // Relative links in the index resolve against the directory only with the slash.
        String q = req.query();
        req.response().setStatusCode(301).putHeader("location", req.path() + "/" + (q == null ? "" : "?" + q)).end();
      }
      case FILE -> serve(req, e);
    }
  }

  private void serve(HttpServerRequest req, Entry e) {
    String rangeHeader = req.getHeader(HttpHeaderNames.RANGE);
    // A range of a compressed sibling would be a range of bytes the client cannot place; send
    // ranges from the file itself.
    Variant v = rangeHeader == null
        ? Negotiation.choose(req.getHeader(HttpHeaderNames.ACCEPT_ENCODING), e) : e.identity();
    HttpServerResponse r = req.response();
    r.putHeader(HttpHeaderNames.CONTENT_TYPE, e.contentType())
        .putHeader(HttpHeaderNames.ETAG, v.etag())
        .putHeader(HttpHeaderNames.LAST_MODIFIED, e.lastModified())
        .putHeader(HttpHeaderNames.ACCEPT_RANGES, HttpHeaderValues.BYTES);
    if (e.br() != null || e.gzip() != null) {
      r.putHeader(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING);
    }
    if (v.encoding() != null) {
      r.putHeader(HttpHeaderNames.CONTENT_ENCODING, v.encoding());
    }
    if (options.cacheControl() != null) {
      r.putHeader(HttpHeaderNames.CACHE_CONTROL, options.cacheControl());
    }
    if (Conditional.notModified(req, v.etag(), e.mtimeMillis())) {
      r.headers().remove(HttpHeaderNames.CONTENT_TYPE);
      r.setStatusCode(304).end();
      return;
    }
    List<Range> ranges = Conditional.rangeApplies(req, v.etag(), e.mtimeMillis())
        ? ByteRanges.parse(rangeHeader, v.size()) : null;
    if (ranges != null && ranges.size() > 1 && MultiRange.total(ranges) > MultiRange.MAX_BYTES) {
      ranges = null; // too much to assemble in memory: the whole file instead, as RFC 9110 allows
    }
    if (ranges != null && ranges.isEmpty()) {
      r.headers().remove(HttpHeaderNames.CONTENT_TYPE);
      r.putHeader("content-range", "bytes */" + v.size());
      Responses.error(req, 416, "no requested range lies inside the file");
    } else if (ranges != null && ranges.size() > 1) {
      MultiRange.send(vertx, req, v, ranges, e.contentType());
    } else if (ranges != null) {
      Range one = ranges.get(0);
      r.setStatusCode(206).putHeader("content-range", "bytes " + one.first() + "-" + one.last() + "/" + v.size());
      send(req, v, one.first(), one.length());
    } else {
      send(req, v, 0, v.size());
    }
  }

  /** Sends {@code length} bytes from {@code offset}: from memory if held, else from the file. */
  private void send(HttpServerRequest req, Variant v, long offset, long length) {
    HttpServerResponse r = req.response();
    if (req.method() == HttpMethod.HEAD) {
      r.putHeader(HttpHeaderNames.CONTENT_LENGTH, Long.toString(length)).end();
    } else if (v.content() != null) {
      r.end(v.content().slice((int) offset, (int) (offset + length)));
    } else if (req.version() == HttpVersion.HTTP_2) {
      // Vert.x's h2 response opens the file itself through its asynchronous file system.
      r.sendFile(v.path().toString(), offset, length).onFailure(e -> failed(req, e));
    } else {
      // The h1 response would open a named file on the event loop: open it on a worker instead.
      vertx.executeBlocking(() -> new RandomAccessFile(v.path().toFile(), "r"), false).onComplete(ar -> {
        if (ar.failed()) {
          Responses.error(req, 404, "not found");
          return;
        }
        RandomAccessFile raf = ar.result();
        r.sendFile(raf, offset, length).onComplete(done -> {
          closeQuietly(raf);
          if (done.failed()) {
            failed(req, done.cause());
          }
        });
      });
    }
  }

  private static void failed(HttpServerRequest req, Throwable e) {
    LoggerFactory.getLogger(FileMount.class).debug("sending {} failed: {}", req.path(), e.getMessage());
    Responses.error(req, 404, "not found");
  }

  private static void closeQuietly(RandomAccessFile raf) {
    try {
      raf.close();
    } catch (java.io.IOException ignored) {
      // nothing was written through it
    }
  }
}
