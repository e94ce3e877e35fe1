package dev.sluice.ss.impl;

import dev.sluice.ss.CallbackResult;
import dev.sluice.ss.SecureStream;
import dev.sluice.ss.StreamHandler;
import dev.sluice.ss.StreamState;
import dev.sluice.ss.TxRequest;
import dev.sluice.ss.TxResult;
import dev.sluice.ss.spi.StreamSpec;
import io.vertx.core.buffer.Buffer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of an accepted (server) stream. The application's handler is asked from the
 * acceptor once the stream exists, so until then the events go to a handler that forwards to it.
 */
final class AcceptedStream implements StreamHandler {

  private static final Logger log = LoggerFactory.getLogger(AcceptedStream.class);

  private final ClientStream client;
  private final Function<SecureStream, StreamHandler> acceptor;
  /** The application's handler; null until the acceptor answered (it is asked at CREATING). */
  private StreamHandler app;

  AcceptedStream(String tag, StreamSpec spec, Function<SecureStream, StreamHandler> acceptor) {
    this.acceptor = acceptor;
    this.client = new ClientStream(tag, spec.type(), spec.metadata(), this, spec.context());
  }

  ClientStream client() {
    return client;
  }

  private StreamHandler app() {
    if (app == null) {
      try {
        app = acceptor.apply(client);
      } catch (RuntimeException e) {
        log.error("{}: the acceptor threw: {}; the stream is dropped", client.tag(), e.toString(), e);
      }
      if (app == null) {
        app = new StreamHandler() {
          @Override
          public CallbackResult state(StreamState state, long ack) {
            return state == StreamState.CREATING ? CallbackResult.DESTROY_ME : CallbackResult.OK;
          }
        };
      }
    }
    return app;
  }

  @Override
  public CallbackResult rx(Buffer payload, int flags) {
    return app().rx(payload, flags);
  }

  @Override
  public TxResult tx(TxRequest request) {
    return app().tx(request);
  }

  @Override
  public CallbackResult state(StreamState state, long ack) {
    return app().state(state, ack);
  }
}
