package dev.sluice.benchmarks.ws;

import dev.sluice.host.ws.WsHostOptions;
import dev.sluice.host.ws.WsStreamHost;
import dev.sluice.runtime.PolicyOptions;
import dev.sluice.runtime.PolicyVerticle;
import dev.sluice.ss.CallbackResult;
import dev.sluice.ss.SecureStream;
import dev.sluice.ss.SecureStreams;
import dev.sluice.ss.StreamFlags;
import dev.sluice.ss.StreamHandler;
import dev.sluice.ss.TxRequest;
import dev.sluice.ss.TxResult;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The two ws echo servers the "WebSocket echo" benchmark compares, each in one verticle (one event
 * loop), as the perf anchors' raw Vert.x server was:
 *
 * <pre>
 * java -cp benchmarks.jar dev.sluice.benchmarks.ws.WsEchoServer raw    &lt;port&gt;
 * java -cp benchmarks.jar dev.sluice.benchmarks.ws.WsEchoServer sluice &lt;port&gt;
 * </pre>
 *
 * "raw" echoes with Vert.x's binaryMessageHandler; "sluice" serves a ws server streamtype whose
 * accepted streams echo each piece from their rx callback through requestTx/tx. Prints "ready
 * &lt;pid&gt; &lt;port&gt;" once listening; runs until killed.
 */
public final class WsEchoServer {
  private WsEchoServer() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    int port = Integer.parseInt(args[1]);
    Vertx vertx = Vertx.vertx();
    int actual;
    if (mode.equals("raw")) {
      RawEcho v = new RawEcho(port);
      vertx.deployVerticle(v).await(30, TimeUnit.SECONDS);
      actual = v.port;
    } else {
      Path policy = Files.createTempFile("sluice-bench", ".json");
      Files.writeString(policy, """
          {"release": "bench", "product": "bench", "schema-version": 1,
           "s": [{"echo": {"server": true, "protocol": "ws", "endpoint": "127.0.0.1", "port": %d,
                           "ws_binary": true}}]}""".formatted(port));
      vertx.deployVerticle(new PolicyVerticle(new PolicyOptions().setFile(policy.toString()).setWatch(false)))
          .await(30, TimeUnit.SECONDS);
      vertx.deployVerticle(new WsStreamHost(new WsHostOptions())).await(30, TimeUnit.SECONDS);
      SluiceEcho v = new SluiceEcho();
      vertx.deployVerticle(v).await(30, TimeUnit.SECONDS);
      actual = v.port;
    }
    System.out.println("ready " + ProcessHandle.current().pid() + " " + actual);
  }

  /** Plain Vert.x: each binary message written back. */
  static final class RawEcho extends VerticleBase {
    private final int wanted;
    volatile int port;

    RawEcho(int wanted) {
      this.wanted = wanted;
    }

    @Override
    public Future<?> start() {
      return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1"))
          .webSocketHandler(ws -> ws.binaryMessageHandler(ws::writeBinaryMessage))
          .listen(wanted).onSuccess(s -> port = s.actualPort());
    }
  }

  /** A Sluice ws server stream per connection; the listener is opened from this verticle's context. */
  static final class SluiceEcho extends VerticleBase {
    volatile int port;

    @Override
    public Future<?> start() {
      return SecureStreams.create(vertx).serve("echo", Echo::new).onSuccess(s -> port = s.actualPort());
    }
  }

  /** Sends every piece back with its flags. */
  static final class Echo implements StreamHandler {
    private final SecureStream stream;
    private final ArrayDeque<Buffer> pending = new ArrayDeque<>();
    private final ArrayDeque<Integer> flags = new ArrayDeque<>();

    Echo(SecureStream stream) {
      this.stream = stream;
    }

    @Override
    public CallbackResult rx(Buffer payload, int f) {
      pending.add(payload);
      flags.add(f & (StreamFlags.SOM | StreamFlags.EOM | StreamFlags.BINARY | StreamFlags.TEXT));
      stream.requestTx();
      return CallbackResult.OK;
    }

    @Override
    public TxResult tx(TxRequest request) {
      Buffer next = pending.poll();
      if (next == null) {
        return TxResult.dontSend();
      }
      if (!pending.isEmpty()) {
        stream.requestTx();
      }
      return TxResult.send(next, flags.poll());
    }
  }
}
