package dev.sluice.conformance.h2;

import dev.sluice.ss.CallbackResult;
import dev.sluice.ss.SecureStream;
import dev.sluice.ss.StreamFlags;
import dev.sluice.ss.StreamHandler;
import dev.sluice.ss.StreamState;
import dev.sluice.ss.TxRequest;
import dev.sluice.ss.TxResult;
import io.vertx.core.buffer.Buffer;

/**
 * What h2spec expects of a server: a 200 with a small body for every request. The request is
 * acked at SERVER_TXN and answered at once; a request body is read and dropped.
 */
final class HelloHandler implements StreamHandler {

  private static final Buffer BODY = Buffer.buffer("hello from a Sluice server stream\n");

  private final SecureStream stream;

  HelloHandler(SecureStream stream) {
    this.stream = stream;
  }

  @Override
  public CallbackResult state(StreamState state, long ack) {
    if (state == StreamState.SERVER_TXN) {
      stream.setMetadata("mime", "text/plain");
      stream.serverAck();
      stream.requestTx(BODY.length());
    }
    return CallbackResult.OK;
  }

  @Override
  public TxResult tx(TxRequest request) {
    return TxResult.send(BODY.copy(), StreamFlags.SOM | StreamFlags.EOM);
  }
}
