package dev.sluice.host.ws;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket server on a raw {@link NetServer} that does exactly what each test scripts: answer
 * the upgrade (correctly, wrongly or never), write exact bytes, echo or ignore. Connections without
 * a script are well-behaved echo connections, so a test can check that a fresh connection still
 * works after a bad one.
 */
final class ScriptedWsServer {

  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  /** How the upgrade is answered. */
  enum Answer { GOOD, BAD_ACCEPT, NEVER }

  /**
   * One connection's behaviour.
   *
   * @param answer how the upgrade is answered
   * @param extraHeaders header lines added to the 101 ("" for none), each ending in CRLF
   * @param afterUpgrade bytes written right after the 101, or null
   * @param echo whether data frames are echoed
   * @param answerPings whether PINGs get their PONG
   */
  record Script(Answer answer, String extraHeaders, Buffer afterUpgrade, boolean echo, boolean answerPings) {
    static Script echoing() {
      return new Script(Answer.GOOD, "", null, true, true);
    }

    static Script sends(Buffer bytes) {
      return new Script(Answer.GOOD, "", bytes, false, true);
    }
  }

  /** What one connection saw. */
  static final class Conn {
    final Script script;
    final List<RawFrames.Frame> received = new CopyOnWriteArrayList<>();
    volatile boolean closed;
    /** The upgrade request's head (request line and headers); null until it came. */
    volatile String request;

    Conn(Script script) {
      this.script = script;
    }

    /** The close code the client sent, or -1 if it sent no close frame. */
    int clientCloseCode() {
      return received.stream().filter(f -> f.opcode() == RawFrames.CLOSE).mapToInt(RawFrames.Frame::closeCode)
          .findFirst().orElse(-1);
    }
  }

  private final Vertx vertx;
  private final ArrayDeque<Script> scripts = new ArrayDeque<>();
  final List<Conn> connections = new CopyOnWriteArrayList<>();
  private NetServer server;

  ScriptedWsServer(Vertx vertx) {
    this.vertx = vertx;
  }

  int start() throws Exception {
    server = vertx.createNetServer().connectHandler(this::connected);
    return server.listen(0, "127.0.0.1").await(5, TimeUnit.SECONDS).actualPort();
  }

  void stop() throws Exception {
    server.close().await(5, TimeUnit.SECONDS);
  }

  /** The next connection behaves so; later ones echo. */
  synchronized ScriptedWsServer next(Script s) {
    scripts.add(s);
    return this;
  }

  private synchronized Script take() {
    Script s = scripts.poll();
    return s == null ? Script.echoing() : s;
  }

  private void connected(NetSocket socket) {
    Conn c = new Conn(take());
    connections.add(c);
    Buffer head = Buffer.buffer();
    RawFrames.Reader reader = new RawFrames.Reader();
    boolean[] upgraded = {false};
    socket.closeHandler(v -> c.closed = true);
    socket.handler(bytes -> {
      if (upgraded[0]) {
        for (RawFrames.Frame f : reader.feed(bytes)) {
          c.received.add(f);
          respond(socket, c, f);
        }
        return;
      }
      head.appendBuffer(bytes);
      String text = head.toString(StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      if (end < 0) {
        return;
      }
      upgraded[0] = true;
      upgrade(socket, c, text.substring(0, end));
      Buffer rest = head.getBuffer(end + 4, head.length());
      if (rest.length() > 0) {
        for (RawFrames.Frame f : reader.feed(rest)) {
          c.received.add(f);
          respond(socket, c, f);
        }
      }
    });
  }

  private void upgrade(NetSocket socket, Conn c, String request) {
    c.request = request;
    if (c.script.answer() == Answer.NEVER) {
      return;
    }
    String key = "";
    for (String line : request.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:")) {
        key = line.substring(line.indexOf(':') + 1).trim();
      }
    }
    String accept = c.script.answer() == Answer.BAD_ACCEPT ? "dGhlIHNhbXBsZSBub25jZQ==" : accept(key);
    String protocol = request.toLowerCase(Locale.ROOT).contains("sec-websocket-protocol: echo")
        ? "Sec-WebSocket-Protocol: echo\r\n" : "";
    socket.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: " + accept + "\r\n" + protocol + c.script.extraHeaders() + "\r\n");
    if (c.script.afterUpgrade() != null) {
      socket.write(c.script.afterUpgrade());
    }
  }

  private void respond(NetSocket socket, Conn c, RawFrames.Frame f) {
    switch (f.opcode()) {
      case RawFrames.CLOSE -> {
        socket.write(RawFrames.frame(true, 0, RawFrames.CLOSE, f.payload().length() >= 2
            ? f.payload().getBuffer(0, 2) : Buffer.buffer()));
        socket.end();
      }
      case RawFrames.PING -> {
        if (c.script.answerPings()) {
          socket.write(RawFrames.frame(true, 0, RawFrames.PONG, f.payload()));
        }
      }
      case RawFrames.TEXT, RawFrames.BINARY, RawFrames.CONT -> {
        if (c.script.echo()) {
          socket.write(RawFrames.frame(f.fin(), 0, f.opcode(), f.payload()));
        }
      }
      default -> { }
    }
  }

  static String accept(String key) {
    try {
      byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
      return Base64.getEncoder().encodeToString(sha1);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
