package dev.sluice.ss.spi;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The accepted streams of one server streamtype that can take unsolicited payloads (ws
 * connections, raw connections): counted, broadcast to and closed together. Thread-safe: members
 * join and leave from their connections' event loops, and {@link #broadcast} and {@link
 * #closeAll} may be called from any thread.
 */
public final class AcceptedStreams {

  /** One accepted stream as the set sees it. Its methods are safe from any thread. */
  public interface Member {

    /**
     * Sends a whole message on the member's own event loop; fails when the stream is gone or its
     * queue is full.
     */
    Future<Void> send(Buffer payload, int flags);

    /** Closes the stream; completes once it is destroyed. */
    Future<Void> close();

    /** Completes once the stream is destroyed. */
    Future<Void> closed();
  }

  /** The members still open. */
  private final Set<Member> members = ConcurrentHashMap.newKeySet();

  /** Adds {@code m} until it is closed. */
  public void add(Member m) {
    members.add(m);
    m.closed().onComplete(v -> members.remove(m));
  }

  public int size() {
    return members.size();
  }

  /**
   * Sends {@code payload} to every member, each on its own event loop. A member that cannot take
   * it (closing, queue full) is skipped; the others still get it. Completes when every send was
   * handed to its connection or skipped.
   */
  public Future<Void> broadcast(Buffer payload, int flags) {
    List<Future<Void>> sends = new ArrayList<>();
    for (Member m : members) {
      sends.add(m.send(payload, flags).otherwiseEmpty());
    }
    return Future.all(sends).mapEmpty();
  }

  /** Closes every member; completes when all are destroyed. */
  public Future<Void> closeAll() {
    List<Future<Void>> all = new ArrayList<>();
    for (Member m : members) {
      all.add(m.close());
    }
    return Future.all(all).mapEmpty();
  }
}
