package dev.sluice.ss.impl.wire;

import dev.sluice.ss.ProxyAddress;
import dev.sluice.sss.Bytes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;

/**
 * One socket per stream to a proxy on a Unix socket or TCP, as lws's client transport does. The
 * socket is opened from the stream's context, so its bytes arrive there.
 */
public final class SocketCarrier implements WireCarrier {

  private final NetClient client;
  private final SocketAddress address;
  private final String label;

  public SocketCarrier(Vertx vertx, ProxyAddress proxy) {
    if (proxy.isAbstract() && !vertx.isNativeTransportEnabled()) {
      throw new IllegalArgumentException("the abstract Unix socket " + proxy.path()
          + " needs Vert.x's epoll transport (Vertx.builder().withTransport(Transport.EPOLL));"
          + " this Vert.x runs without it");
    }
    this.client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true)
        .setConnectTimeout(5000));
    this.address = switch (proxy.kind()) {
      case UDS -> SocketAddress.domainSocketAddress(proxy.isAbstract()
          ? "\0" + proxy.path().substring(1) : proxy.path());
      case TCP -> SocketAddress.inetSocketAddress(proxy.port(), proxy.host());
      case STDIO -> throw new IllegalArgumentException("stdio: is not a socket");
    };
    this.label = proxy.toString();
  }

  @Override
  public void open(WireStream stream) {
    client.connect(address).onComplete(ar -> {
      if (ar.failed()) {
        stream.linkFailed(label + ": " + ar.cause().getMessage());
        return;
      }
      NetSocket socket = ar.result();
      socket.handler(b -> stream.linkBytes(Bytes.copyOf(b)));
      socket.closeHandler(v -> stream.linkDown());
      socket.drainHandler(v -> stream.drained());
      stream.linkUp(new Link() {
        @Override
        public void write(Bytes bytes) {
          socket.write(bytes.toBuffer());
        }

        @Override
        public boolean full() {
          return socket.writeQueueFull();
        }

        @Override
        public void pause() {
          socket.pause();
        }

        @Override
        public void resume() {
          socket.resume();
        }

        @Override
        public void close() {
          socket.close();
        }
      });
    });
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }
}
