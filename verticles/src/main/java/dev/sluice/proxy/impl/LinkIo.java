package dev.sluice.proxy.impl;

import dev.sluice.ss.impl.wire.BytePipe;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.NetSocket;

/**
 * The bytes of one accepted link, whatever carries them: a socket (Unix or TCP) or a WebSocket
 * whose binary messages carry the same bytes. Used on the link's event loop only.
 */
interface LinkIo {

  /** "uds", "tcp" or "ws", for tags and stats. */
  String carrier();

  void handler(Handler<Buffer> handler);

  void closeHandler(Handler<Void> handler);

  void write(Buffer bytes);

  boolean writeQueueFull();

  void drainHandler(Handler<Void> handler);

  void pause();

  void resume();

  /** Closes once what was written has gone. */
  void close();

  static LinkIo of(NetSocket socket, String carrier) {
    return new LinkIo() {
      @Override
      public String carrier() {
        return carrier;
      }

      @Override
      public void handler(Handler<Buffer> handler) {
        socket.handler(handler);
      }

      @Override
      public void closeHandler(Handler<Void> handler) {
        socket.closeHandler(handler);
      }

      @Override
      public void write(Buffer bytes) {
        socket.write(bytes);
      }

      @Override
      public boolean writeQueueFull() {
        return socket.writeQueueFull();
      }

      @Override
      public void drainHandler(Handler<Void> handler) {
        socket.drainHandler(handler);
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
    };
  }

  /** A byte pipe (this process's stdin and stdout for {@code sluice proxy --stdio}). */
  static LinkIo of(BytePipe pipe, Runnable onClose) {
    return new LinkIo() {
      @Override
      public String carrier() {
        return "stdio";
      }

      @Override
      public void handler(Handler<Buffer> handler) {
        pipe.handler(handler);
      }

      @Override
      public void closeHandler(Handler<Void> handler) {
        pipe.closeHandler(v -> {
          handler.handle(v);
          onClose.run();
        });
      }

      @Override
      public void write(Buffer bytes) {
        pipe.write(bytes);
      }

      @Override
      public boolean writeQueueFull() {
        return pipe.writeQueueFull();
      }

      @Override
      public void drainHandler(Handler<Void> handler) {
        // the pipe's writer thread keeps going; streams write again on their next event
      }

      @Override
      public void pause() {
      }

      @Override
      public void resume() {
      }

      @Override
      public void close() {
        pipe.close();
      }
    };
  }

  static LinkIo of(ServerWebSocket ws) {
    return new LinkIo() {
      @Override
      public String carrier() {
        return "ws";
      }

      @Override
      public void handler(Handler<Buffer> handler) {
        // text messages are not SSS bytes: the frame reader refuses whatever they hold
        ws.handler(handler);
      }

      @Override
      public void closeHandler(Handler<Void> handler) {
        ws.closeHandler(handler);
      }

      @Override
      public void write(Buffer bytes) {
        ws.writeBinaryMessage(bytes);
      }

      @Override
      public boolean writeQueueFull() {
        return ws.writeQueueFull();
      }

      @Override
      public void drainHandler(Handler<Void> handler) {
        ws.drainHandler(handler);
      }

      @Override
      public void pause() {
        ws.pause();
      }

      @Override
      public void resume() {
        ws.resume();
      }

      @Override
      public void close() {
        ws.close();
      }
    };
  }
}
