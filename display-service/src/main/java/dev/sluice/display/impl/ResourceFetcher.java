package dev.sluice.display.impl;

import dev.sluice.display.DisplayException;
import dev.sluice.display.DisplayLimits;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches pages and images under {@link DisplayLimits}: every URL and every redirect target passes
 * the {@link UrlGuard} (the connection goes to the address that was checked, never to a second
 * resolution), bodies are capped while they arrive, and the whole fetch, redirects included, has a
 * deadline. Refusals are {@link DisplayException}s naming their rule.
 */
public final class ResourceFetcher {

  private static final Logger LOG = LoggerFactory.getLogger(ResourceFetcher.class);

  /** What a fetch brought: the body and the URL it finally came from (for relative links). */
  public record Fetched(byte[] body, String url, String contentType) {}

  private final Vertx vertx;
  private final HttpClient client;
  private final UrlGuard guard;
  private final DisplayLimits limits;

  public ResourceFetcher(Vertx vertx, HttpClient client, DisplayLimits limits) {
    this.vertx = vertx;
    this.client = client;
    this.limits = limits;
    this.guard = new UrlGuard(limits);
  }

  public UrlGuard guard() {
    return guard;
  }

  /** Fetches {@code url}, refusing bodies over {@code maxBytes}. */
  public Future<Fetched> fetch(String url, long maxBytes) {
    URI uri;
    try {
      uri = guard.parse(url);
    } catch (DisplayException e) {
      return Future.failedFuture(e);
    }
    if ("file".equalsIgnoreCase(uri.getScheme())) {
      return readFile(uri, maxBytes);
    }
    Promise<Fetched> done = Promise.promise();
    AtomicReference<HttpClientRequest> current = new AtomicReference<>();
    long timer = vertx.setTimer(limits.fetchTimeoutMs(), t -> {
      if (done.tryFail(new DisplayException("fetch.time", url + ": no complete answer within "
          + limits.fetchTimeoutMs() + " ms"))) {
        HttpClientRequest r = current.get();
        if (r != null) {
          r.reset();
        }
      }
    });
    get(uri, maxBytes, limits.maxRedirects(), current, done);
    return done.future().andThen(ar -> vertx.cancelTimer(timer));
  }

  private Future<Fetched> readFile(URI uri, long maxBytes) {
    return vertx.executeBlocking(() -> {
      Path p = Path.of(uri);
      if (!Files.isRegularFile(p)) {
        throw new DisplayException("fetch.file", uri + ": no such file");
      }
      long size = Files.size(p);
      if (size > maxBytes) {
        throw new DisplayException("fetch.size", uri + ": " + size + " bytes, over the limit of " + maxBytes);
      }
      return new Fetched(Files.readAllBytes(p), uri.toString(), null);
    }, false);
  }

  private void get(URI uri, long maxBytes, int redirectsLeft, AtomicReference<HttpClientRequest> current,
      Promise<Fetched> done) {
    vertx.executeBlocking(() -> guard.check(uri), false).compose(c -> {
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      if (uri.getRawQuery() != null) {
        path += "?" + uri.getRawQuery();
      }
      RequestOptions ro = new RequestOptions()
          .setMethod(HttpMethod.GET)
          .setServer(SocketAddress.inetSocketAddress(c.port(), c.address().getHostAddress()))
          .setHost(c.host())
          .setPort(c.port())
          .setSsl(c.tls())
          .setURI(path)
          .setFollowRedirects(false)
          .setConnectTimeout(limits.fetchTimeoutMs())
          .setIdleTimeout(limits.fetchTimeoutMs());
      return client.request(ro);
    }).compose(req -> {
      current.set(req);
      Future<HttpClientResponse> response = req.send();
      // Listened to on send()'s own future: it completes on the request's stream context, so this
      // runs at once and the body handlers are in place before the body. Listening on the composed
      // future instead ran a turn later (another context), after a short response had already
      // ended, and setting the handlers then threw: the fetch hung until its deadline.
      response.onSuccess(resp -> answer(uri, resp, maxBytes, redirectsLeft, current, done));
      return response;
    }).onFailure(e -> done.tryFail(e instanceof DisplayException ? e
        : new DisplayException("fetch.connect", uri + ": " + e.getMessage(), e)));
  }

  private void answer(URI uri, HttpClientResponse resp, long maxBytes, int redirectsLeft,
      AtomicReference<HttpClientRequest> current, Promise<Fetched> done) {
    int status = resp.statusCode();
    if (status >= 300 && status < 400 && resp.getHeader("Location") != null) {
      resp.exceptionHandler(e -> { });
      resp.request().reset();
      if (redirectsLeft <= 0) {
        done.tryFail(new DisplayException("fetch.redirects", uri + ": more than " + limits.maxRedirects()
            + " redirects"));
        return;
      }
      URI next;
      try {
        next = guard.parse(uri.resolve(resp.getHeader("Location")).toString());
        if ("file".equalsIgnoreCase(next.getScheme())) {
          throw new DisplayException("fetch.scheme", uri + ": a redirect to a file: URL is refused");
        }
      } catch (DisplayException | IllegalArgumentException e) {
        done.tryFail(e instanceof DisplayException ? e : new DisplayException("fetch.url", uri + ": bad Location"));
        return;
      }
      LOG.debug("display fetch {} redirected to {}", uri, next);
      get(next, maxBytes, redirectsLeft - 1, current, done);
      return;
    }
    if (status != 200) {
      done.tryFail(new DisplayException("fetch.status", uri + ": HTTP " + status));
      resp.request().reset();
      return;
    }
    String len = resp.getHeader("Content-Length");
    if (len != null) {
      try {
        if (Long.parseLong(len.trim()) > maxBytes) {
          done.tryFail(new DisplayException("fetch.size", uri + ": Content-Length " + len.trim()
              + " is over the limit of " + maxBytes));
          resp.request().reset();
          return;
        }
      } catch (NumberFormatException e) {
        // a bad length is the peer's problem; the running count below still caps the body
      }
    }
    Buffer body = Buffer.buffer();
    resp.handler(chunk -> {
      if (done.future().isComplete()) {
        return;
      }
      if (body.length() + chunk.length() > maxBytes) {
        done.tryFail(new DisplayException("fetch.size", uri + ": the body passed the limit of " + maxBytes
            + " bytes"));
        resp.request().reset();
        return;
      }
      body.appendBuffer(chunk);
    });
    resp.exceptionHandler(e -> done.tryFail(new DisplayException("fetch.read", uri + ": " + e.getMessage(), e)));
    resp.endHandler(v -> done.tryComplete(new Fetched(body.getBytes(), uri.toString(), resp.getHeader("Content-Type"))));
  }
}
