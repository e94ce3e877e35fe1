package dev.sluice.ss.auth;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A token that is fetched once, shared, and renewed before it expires: at {@code renewAt} of its
 * lifetime (0.8 by default, so a one-hour token is renewed after 48 minutes), again after a 401
 * ({@link #invalidate}), and on demand once it has expired. Callers that ask while a fetch is
 * under way wait for that fetch rather than start their own; if it fails they all get its reason.
 * Safe to use from any thread.
 */
public final class RenewingTokenSource implements TokenSource {

  private static final Logger log = LoggerFactory.getLogger(RenewingTokenSource.class);

  private final Vertx vertx;
  private final String name;
  private final TokenFetcher fetcher;
  private final double renewAt;
  private final LongSupplier clock;
  /** The token handed out, or null before the first fetch and after an invalidate. */
  private Token current;
  /** When {@link #current} stops being handed out (ms, on {@link #clock}). */
  private long currentUntil;
  /** The fetch under way, or null. */
  private Future<Token> inFlight;
  private long renewTimer = -1;
  private boolean closed;

  /**
   * @param name names the source in logs (the policy's auth name)
   * @param renewAt fraction of a token's lifetime after which it is renewed, above 0 and below 1
   */
  public RenewingTokenSource(Vertx vertx, String name, TokenFetcher fetcher, double renewAt) {
    this(vertx, name, fetcher, renewAt, System::currentTimeMillis);
  }

  RenewingTokenSource(Vertx vertx, String name, TokenFetcher fetcher, double renewAt, LongSupplier clock) {
    if (!(renewAt > 0 && renewAt < 1)) {
      throw new IllegalArgumentException("renewAt must be above 0 and below 1, got " + renewAt);
    }
    this.vertx = vertx;
    this.name = name;
    this.fetcher = fetcher;
    this.renewAt = renewAt;
    this.clock = clock;
  }

  @Override
  public synchronized Future<String> token() {
    if (closed) {
      return Future.failedFuture(new IllegalStateException("token source \"" + name + "\" is closed"));
    }
    if (current != null && clock.getAsLong() < currentUntil) {
      return Future.succeededFuture(current.value());
    }
    return fetchShared().map(Token::value);
  }

  @Override
  public synchronized void invalidate(String token) {
    if (current != null && current.value().equals(token)) {
      log.info("auth \"{}\": the server refused the token; fetching a new one", name);
      current = null;
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (renewTimer >= 0) {
      vertx.cancelTimer(renewTimer);
      renewTimer = -1;
    }
  }

  private Future<Token> fetchShared() {
    if (inFlight != null) {
      return inFlight;
    }
    Promise<Token> done = Promise.promise();
    inFlight = done.future();
    long started = clock.getAsLong();
    Future<Token> f;
    try {
      f = fetcher.fetch();
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    f.onComplete(ar -> {
      synchronized (this) {
        inFlight = null;
        if (ar.succeeded()) {
          accept(ar.result(), started);
        } else {
          log.warn("auth \"{}\": no token: {}", name, ar.cause().getMessage());
        }
      }
      done.handle(ar);
    });
    return done.future();
  }

  private void accept(Token t, long issuedAt) {
    current = t;
    // Expired tokens are not handed out; the last 5 % of the lifetime is kept as a margin for the
    // time the request takes to reach the server.
    currentUntil = issuedAt + (long) (t.lifetimeMs() * 0.95);
    long renewIn = Math.max(1, (long) (t.lifetimeMs() * renewAt));
    log.debug("auth \"{}\": new token, lifetime {} ms, renewed in {} ms", name, t.lifetimeMs(), renewIn);
    if (renewTimer >= 0) {
      vertx.cancelTimer(renewTimer);
    }
    if (!closed) {
      renewTimer = vertx.setTimer(renewIn, id -> {
        synchronized (this) {
          renewTimer = -1;
          if (!closed) {
            fetchShared();
          }
        }
      });
    }
  }
}
