package dev.sluice.host.http.server;

import dev.sluice.ss.CallbackResult;
import dev.sluice.ss.SecureStream;
import dev.sluice.ss.StreamFlags;
import dev.sluice.ss.StreamHandler;
import dev.sluice.ss.StreamState;
import dev.sluice.ss.TxRequest;
import dev.sluice.ss.TxResult;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A server-stream handler for tests: records states, request metadata and the request body, and
 * once the request is complete (at SERVER_TXN without a body, at EOM with one) hands itself to a
 * script that answers with {@link #reply}, {@link #nack} or nothing.
 */
final class Responder implements StreamHandler {

  static final List<String> NAMES = List.of(":method", ":path", ":query", ":authority", ":scheme", ":version",
      "user-agent:", "content-type:", "x-test:", "ua");

  final SecureStream stream;
  private final Consumer<Responder> script;
  final List<StreamState> states = new CopyOnWriteArrayList<>();
  final List<Integer> rxFlags = new CopyOnWriteArrayList<>();
  final Map<String, String> seen = new ConcurrentHashMap<>();
  private final Buffer body = Buffer.buffer();
  /** Pieces to send: {payload, flags}. Touched on the stream's context only. */
  private final ArrayDeque<Object[]> out = new ArrayDeque<>();
  private volatile boolean answered;

  Responder(SecureStream stream, Consumer<Responder> script) {
    this.stream = stream;
    this.script = script;
  }

  @Override
  public CallbackResult state(StreamState state, long ack) {
    states.add(state);
    if (state == StreamState.SERVER_TXN) {
      for (String n : NAMES) {
        stream.metadata(n).ifPresent(v -> seen.put(n, v));
      }
      boolean hasBody = stream.metadata("content-length:").map(v -> !v.equals("0")).orElse(false)
          || stream.metadata("transfer-encoding:").isPresent();
      if (!hasBody) {
        answer();
      }
    }
    return CallbackResult.OK;
  }

  @Override
  public CallbackResult rx(Buffer payload, int flags) {
    synchronized (body) {
      body.appendBuffer(payload);
    }
    rxFlags.add(flags);
    if (StreamFlags.has(flags, StreamFlags.EOM)) {
      answer();
    }
    return CallbackResult.OK;
  }

  private void answer() {
    if (!answered) {
      answered = true;
      script.accept(this);
    }
  }

  @Override
  public TxResult tx(TxRequest request) {
    Object[] next = out.poll();
    if (!out.isEmpty()) {
      stream.requestTx();
    }
    return next == null ? TxResult.dontSend() : TxResult.send((Buffer) next[0], (Integer) next[1]);
  }

  /** Acks and sends {@code pieces} (the last with EOM); with {@code announce}, content-length first. */
  void reply(String mime, boolean announce, String... pieces) {
    if (mime != null) {
      stream.setMetadata("mime", mime);
    }
    stream.serverAck();
    long total = 0;
    for (int i = 0; i < pieces.length; i++) {
      int flags = (i == 0 ? StreamFlags.SOM : 0) | (i == pieces.length - 1 ? StreamFlags.EOM : 0);
      out.add(new Object[] {Buffer.buffer(pieces[i]), flags});
      total += Buffer.buffer(pieces[i]).length();
    }
    if (announce) {
      stream.requestTx(total);
    } else {
      stream.requestTx();
    }
  }

  void nack(int status) {
    stream.serverNack(status);
  }

  String body() {
    synchronized (body) {
      return body.toString();
    }
  }
}
