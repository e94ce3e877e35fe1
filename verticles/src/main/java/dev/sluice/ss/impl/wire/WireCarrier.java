package dev.sluice.ss.impl.wire;

import dev.sluice.sss.Bytes;
import io.vertx.core.Future;

/**
 * How client streams reach the proxy: a socket per stream, or a channel of a shared mux. The
 * carrier reports to the stream on the stream's context: {@link WireStream#linkUp}, then bytes
 * and {@link WireStream#linkDown}, or {@link WireStream#linkFailed}.
 */
public interface WireCarrier {

  /** Try to link {@code stream} to the proxy now. */
  void open(WireStream stream);

  /** Frees what the carrier holds. */
  Future<Void> close();

  /** One stream's link, used on the stream's context. */
  interface Link {
    void write(Bytes bytes);

    /** Whether the carrier wants no more writes until it calls {@link WireStream#drained}. */
    boolean full();

    void pause();

    void resume();

    /** Hang up; {@link WireStream#linkDown} follows. */
    void close();
  }
}
