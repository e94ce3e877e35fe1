package dev.sluice.ss.impl;

import dev.sluice.ss.CallbackResult;
import dev.sluice.ss.SecureStream;
import dev.sluice.ss.StreamFailedException;
import dev.sluice.ss.StreamFlags;
import dev.sluice.ss.StreamHandler;
import dev.sluice.ss.StreamState;
import dev.sluice.ss.TxRequest;
import dev.sluice.ss.TxResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;

/**
 * One transaction for {@code SecureStreams.fetch}: sends the body (if any), collects the response
 * payload up to a limit, completes at QOS_ACK_REMOTE, fails on any state that ends the attempt,
 * and destroys the stream either way. Confined to the stream's context.
 */
final class FetchHandler implements StreamHandler {

  /** The largest response fetch() collects; a larger one fails rather than exhausting the heap. */
  static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

  private final String streamtype;
  /** The whole body, sent again by each new attempt; null when there is none. */
  private final Buffer original;
  /** What is left of the body in this attempt; null when sent or when there is none. */
  private Buffer body;
  /**
   * The response collected in this attempt; null until its first piece arrives, so an attempt
   * (and a short response) costs no buffer of its own before there is something to keep.
   */
  private Buffer response;
  private final Promise<Buffer> result = Promise.promise();
  private SecureStream stream;

  FetchHandler(String streamtype, Buffer body) {
    this.streamtype = streamtype;
    this.original = body;
    this.body = body;
  }

  void start(SecureStream s) {
    this.stream = s;
    if (result.future().isComplete()) {
      s.destroy();
      return;
    }
    if (body != null) {
      s.requestTx(body.length());
    } else {
      s.requestTx();
    }
  }

  Future<Buffer> result() {
    return result.future();
  }

  @Override
  public CallbackResult rx(Buffer payload, int flags) {
    if (StreamFlags.has(flags, StreamFlags.PERF_JSON)) {
      return CallbackResult.OK;
    }
    if (payload.length() == 0) {
      return CallbackResult.OK;
    }
    int had = response == null ? 0 : response.length();
    if (had + payload.length() > MAX_RESPONSE_BYTES) {
      result.tryFail(new IllegalStateException("the response of " + streamtype + " is larger than "
          + MAX_RESPONSE_BYTES + " bytes, the limit of fetch(); use create() and stream it"));
      return CallbackResult.DESTROY_ME;
    }
    if (response == null) {
      response = payload.copy(); // a host may pass a view of a buffer it goes on using
    } else {
      response.appendBuffer(payload);
    }
    return CallbackResult.OK;
  }

  @Override
  public TxResult tx(TxRequest request) {
    if (body == null) {
      return TxResult.dontSend();
    }
    Buffer b = body;
    body = null;
    if (b.length() > request.maxLength()) {
      body = b.slice(request.maxLength(), b.length()).copy();
      return TxResult.send(b.slice(0, request.maxLength()).copy(), StreamFlags.SOM);
    }
    return TxResult.send(b, StreamFlags.SOM | StreamFlags.EOM);
  }

  @Override
  public CallbackResult state(StreamState state, long ack) {
    switch (state) {
      case CONNECTING -> {
        body = original;
        response = null;
      }
      case DISCONNECTED -> {
        if (ack > 0) {
          return CallbackResult.OK; // the stream reconnects by itself after ack ms
        }
        if (!result.future().isComplete()) {
          result.fail(new StreamFailedException(streamtype, state, ack, "the connection closed before the"
              + " transaction completed"));
        }
        if (result.future().failed()) {
          return CallbackResult.DESTROY_ME;
        }
      }
      case QOS_ACK_REMOTE -> {
        result.tryComplete(response != null ? response : Buffer.buffer());
        return CallbackResult.DESTROY_ME;
      }
      case QOS_NACK_REMOTE, ALL_RETRIES_FAILED, TIMEOUT, AUTH_FAILED -> {
        result.tryFail(new StreamFailedException(streamtype, state, ack, null));
        return CallbackResult.DESTROY_ME;
      }
      case DESTROYING -> {
        if (!result.future().isComplete()) { // after a success there is nothing to fail (and no exception to build)
          result.fail(new StreamFailedException(streamtype, state, ack, "destroyed before it completed"));
        }
      }
      default -> { }
    }
    return CallbackResult.OK;
  }
}
