package dev.sluice.ss.impl.wire;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A byte pipe over blocking streams (a child process's stdin and stdout, or this process's own):
 * one thread reads and hands each piece to the handler on {@code context}; one thread writes, in
 * order. Stands in for a UART. Writes beyond {@link #HIGH_WATER} queued bytes report
 * {@link #writeQueueFull()}.
 */
public final class BytePipe {

  /** Queued bytes above which {@link #writeQueueFull()} says so. */
  public static final long HIGH_WATER = 1 << 20;

  private final Context context;
  private final InputStream in;
  private final OutputStream out;
  private final String name;
  private final ExecutorService writer;
  private final AtomicLong queued = new AtomicLong();
  /** Set before {@link #start}; called on the context. */
  private Handler<Buffer> handler = b -> { };
  private Handler<Void> closeHandler = v -> { };
  private volatile boolean closed;

  public BytePipe(Context context, InputStream in, OutputStream out, String name) {
    this.context = context;
    this.in = in;
    this.out = out;
    this.name = name;
    // A plain pool, not Executors.newSingleThreadExecutor: that one's wrapper is finalizable, so
    // every closed pipe's executor (and thread factory) stayed on the heap until a finalizer ran.
    this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, name + "-writer");
      t.setDaemon(true);
      return t;
    });
  }

  public BytePipe handler(Handler<Buffer> value) {
    this.handler = value;
    return this;
  }

  public BytePipe closeHandler(Handler<Void> value) {
    this.closeHandler = value;
    return this;
  }

  /** Starts reading. */
  public void start() {
    Thread reader = new Thread(this::readLoop, name + "-reader");
    reader.setDaemon(true);
    reader.start();
  }

  private void readLoop() {
    byte[] chunk = new byte[16 * 1024];
    try {
      for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
        if (n > 0) {
          Buffer piece = Buffer.buffer(n).appendBytes(chunk, 0, n);
          context.runOnContext(v -> handler.handle(piece));
        }
      }
    } catch (IOException e) {
      // the other end went away: the same as end of input
    }
    context.runOnContext(v -> closeHandler.handle(null));
  }

  public void write(Buffer bytes) {
    if (closed) {
      return;
    }
    queued.addAndGet(bytes.length());
    try {
      writer.execute(() -> {
        try {
          out.write(bytes.getBytes());
          out.flush();
        } catch (IOException e) {
          close();
        } finally {
          queued.addAndGet(-bytes.length());
        }
      });
    } catch (RejectedExecutionException e) {
      // the writer closed the pipe (a failed write) since the check above: dropped, as after close
      queued.addAndGet(-bytes.length());
    }
  }

  public boolean writeQueueFull() {
    return queued.get() > HIGH_WATER;
  }

  /** Stops writing and closes both streams; the reader then reports the close. */
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    writer.shutdown();
    try {
      out.close();
    } catch (IOException e) {
      // closing anyway
    }
    try {
      in.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
