package dev.sluice.host.http.server;

import dev.sluice.policy.RetrySchedule;
import dev.sluice.ss.StreamFlags;
import dev.sluice.ss.StreamState;
import dev.sluice.ss.spi.HostStreamBase;
import dev.sluice.ss.spi.StreamClient;
import dev.sluice.ss.spi.StreamSpec;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host side of one HTTP request on a server streamtype (lws's SERVER_TXN): CREATING,
 * CONNECTING and CONNECTED at once, then SERVER_TXN; the request body as rx (SOM on the first
 * piece, EOM on the last: each piece is held back until the next one or the end shows whether it
 * is the last); the response when the application asks to send. Its status is the nack value, 200
 * if acked, 404 if neither; {@code mime} metadata gives its content type; a length given with
 * {@code requestTx(len)} its content-length (a body sent in one piece is counted by Vert.x's end()),
 * else it is chunked (h1) or plain DATA frames (h2).
 * DISCONNECTED and DESTROYING follow once the response is sent or the request is abandoned.
 *
 * <p>Confined to the request's context.
 */
final class HttpServerTxn extends HostStreamBase {

  private static final Logger log = LoggerFactory.getLogger(HttpServerTxn.class);

  /** The application's answer to SERVER_TXN: -1 none yet, 0 ack, else the nack status. */
  private int answer = -1;
  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final long maxBody;
  private final Promise<Void> done;
  /** The dispatcher's count of requests in flight, decremented once when the stream is destroyed. */
  private final AtomicInteger inFlight;
  /** The status line and headers went out (or the response was decided). */
  private boolean responseStarted;
  /** The response was ended, reset, or the connection is gone: nothing more is written. */
  private boolean finished;
  /** Request body bytes received so far. */
  private long received;
  /** A body piece held back until it is known whether it is the last; null when none. */
  private Buffer held;
  /** A body piece was delivered (the next one has no SOM). */
  private boolean somSent;
  /** The body went over the limit: the rest is ignored. */
  private boolean rejected;
  /** The application paused rx (resumed only by it). */
  private boolean rxPausedByApp;
  /** Response body bytes written, to check against the announced length. */
  private long written;
  /** Some of the body went out before its last piece. */
  private boolean bodyWritten;
  /** The content-length announced, or -1. */
  private long announced = -1;

  HttpServerTxn(StreamSpec spec, StreamClient client, HttpServerRequest request, long maxBody, Promise<Void> done,
      AtomicInteger inFlight) {
    super(spec, client, RetrySchedule.of(null));
    this.request = request;
    this.response = request.response();
    this.maxBody = maxBody;
    this.done = done;
    this.inFlight = inFlight;
  }

  /** Reports CREATING, CONNECTING, CONNECTED and SERVER_TXN; the request is wired after it. */
  void begin() {
    start();
    connect();
  }

  /**
   * Sets the request's body and close handlers once SERVER_TXN has been reported and the response
   * is still to come. Everything up to here ran in this call on the request's event loop, so no
   * body piece or close can have arrived in between. A response already sent (the handler answered
   * at once, as most do) needs none: what is left of the request is read and dropped (h2 still
   * grants the client flow-control credit for it), and a failed send shows on the end's own future.
   * (RST_STREAM NO_ERROR after such an answer, which RFC 9113 section 8.1 allows, was tried: it races
   * a client's next frames on that stream and turned h2spec's 8.1 "second HEADERS without
   * END_STREAM" from a connection error into a stream error.) An h1 request without
   * content-length or transfer-encoding has no body (RFC 9112 section 6.3).
   */
  private void wire() {
    if (!RequestBodies.absent(request)) {
      request.handler(this::onBody);
      request.endHandler(v -> onBodyEnd());
      request.exceptionHandler(e -> onGone("request failed: " + e.getMessage()));
    }
    response.closeHandler(v -> onGone("connection closed by the peer"));
  }

  /** The tag and the request line ("http|api|7 GET /api/x"), for what is logged about a request. */
  private String what() {
    return tag + " " + request.method().name() + " " + request.uri();
  }

  // ------------------------------------------------------------------ HostStreamBase hooks

  @Override
  protected void protocolConnect() {
    connectionUp();
    if (!reportConnected() || !report(StreamState.SERVER_TXN, 0) || finished) {
      return;
    }
    wire();
    if (!rxPausedByApp) {
      request.resume(); // in case whoever dispatched it paused it
    }
  }

  @Override
  public void serverAck(int status) {
    if (isDestroyed() || responseStarted) {
      log.debug("{}: ack/nack {} after the response started; ignored", tag, status);
      return;
    }
    answer = status;
    if (status != 0) {
      // A nack with no body to follow is answered at once; a handler that also requests tx in
      // the same callback gets its body sent instead (an error page).
      context.runOnContext(v -> {
        if (!isDestroyed() && !responseStarted && !wantsTx()) {
          startResponse();
          finish(Buffer.buffer());
        }
      });
    }
  }

  @Override
  protected void protocolTxWanted() {
    if (finished) {
      return;
    }
    if (!responseStarted) {
      startResponse();
    }
    // Before any of the body went out there is nothing of this response to wait for.
    if (bodyWritten && response.writeQueueFull()) {
      response.drainHandler(v -> pullTx());
    } else {
      pullTx();
    }
  }

  @Override
  protected void protocolWrite(Buffer payload, int flags) {
    if (finished) {
      return;
    }
    if (!responseStarted) {
      startResponse();
    }
    written += payload.length();
    if (announced >= 0 && written > announced) {
      fail("the response body exceeds its announced length of " + announced + " bytes");
      return;
    }
    if (StreamFlags.has(flags, StreamFlags.EOM)) {
      if (announced >= 0 && written != announced) {
        fail("the response body ended at " + written + " bytes, not the announced " + announced);
        return;
      }
      finish(payload);
      return;
    }
    if (payload.length() > 0) {
      if (!bodyWritten && announced >= 0) {
        response.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(announced));
      } else if (announced < 0 && !response.isChunked() && request.version() != HttpVersion.HTTP_2) {
        response.setChunked(true); // the length is unknown and more follows
      }
      bodyWritten = true;
      response.write(payload);
    }
    if (response.writeQueueFull()) {
      response.drainHandler(v -> txWritten());
    } else {
      context.runOnContext(v -> txWritten());
    }
  }

  @Override
  protected void protocolRxFlow(boolean enabled) {
    rxPausedByApp = !enabled;
    if (finished) {
      return;
    }
    if (enabled) {
      request.resume();
    } else {
      request.pause();
    }
  }

  /**
   * Called when the stream is destroyed or disconnected before its response ended: a response not
   * started yet is answered with the decided status and no body (404 when the application never
   * answered, as lws does); one half sent is cut off.
   */
  @Override
  protected void protocolClose() {
    if (finished) {
      return;
    }
    if (!responseStarted) {
      startResponse();
      finish(Buffer.buffer());
    } else {
      log.info("{}: the stream ended in the middle of its response; resetting it", what());
      finished = true;
      response.reset();
    }
  }

  @Override
  protected void onDestroyed() {
    if (!finished && !responseStarted) {
      startResponse();
      finish(Buffer.buffer());
    }
    inFlight.decrementAndGet(); // destroyed exactly once
    done.tryComplete();
  }

  // ------------------------------------------------------------------ request body

  private void onBody(Buffer piece) {
    if (rejected || isDestroyed()) {
      return;
    }
    received += piece.length();
    if (received > maxBody) {
      tooLarge();
      return;
    }
    if (held != null) {
      Buffer out = held;
      held = null;
      deliverRx(out, somSent ? 0 : StreamFlags.SOM);
      somSent = true;
    }
    held = piece;
  }

  private void onBodyEnd() {
    if (rejected || isDestroyed() || held == null) {
      return;
    }
    Buffer out = held;
    held = null;
    deliverRx(out, (somSent ? 0 : StreamFlags.SOM) | StreamFlags.EOM);
    somSent = true;
  }

  /** A chunked body went over the limit: 413 if the response has not started, and close. */
  private void tooLarge() {
    rejected = true;
    held = null;
    log.info("{}: request body over the limit of {} bytes (sluice_max_body); refused", what(), maxBody);
    if (!responseStarted && !finished) {
      responseStarted = true;
      finished = true;
      response.setStatusCode(413).putHeader(HttpHeaders.CONNECTION, "close");
      response.end("request body exceeds " + maxBody + " bytes\n").onComplete(ar -> closeH1Connection());
    } else if (!finished) {
      finished = true;
      response.reset();
    }
    connectionClosed("request body over the limit");
  }

  private void closeH1Connection() {
    if (request.version() != HttpVersion.HTTP_2) {
      request.connection().close();
    }
  }

  // ------------------------------------------------------------------ response

  private void startResponse() {
    responseStarted = true;
    int status = answer > 0 ? answer : answer == 0 ? 200 : 404;
    response.setStatusCode(status);
    String mime = metadata.get("mime");
    if (mime != null && !mime.isEmpty()) {
      response.putHeader(HttpHeaders.CONTENT_TYPE, mime);
    }
    announced = lengthHint();
    if (announced >= 0 && request.method() == HttpMethod.HEAD) {
      response.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(announced)); // no body follows to count
    }
    log.debug("{}: responding {}", tag, status);
  }

  /** Ends the response with its last piece; DISCONNECTED follows once it is handed over. */
  private void finish(Buffer last) {
    finished = true;
    if (!bodyWritten && request.method() == HttpMethod.HEAD && announced < 0) {
      response.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(last.length()));
    }
    // A body sent whole here gets its content-length from Vert.x's end(), which counts it.
    response.end(last).onComplete(ar -> {
      if (ar.failed()) {
        log.debug("{}: the response could not be completed: {}", tag, ar.cause().getMessage());
      }
      transactionDone();
      connectionClosed(ar.succeeded() ? "response sent" : "response failed");
    });
  }

  private void fail(String why) {
    log.error("{}: {}; resetting the response", what(), why);
    finished = true;
    response.reset();
    connectionClosed(why);
  }

  private void onGone(String why) {
    if (finished || isDestroyed()) {
      return;
    }
    finished = true;
    log.debug("{}: {}", tag, why);
    connectionClosed(why);
  }
}
