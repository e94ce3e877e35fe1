package dev.sluice.ss.spi;

import dev.sluice.ss.StreamState;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks each state a stream reports against lws's table of legal transitions and keeps the last
 * few for the log. An illegal transition is a bug in Sluice: it is logged with the stream's history,
 * reported to the registered listeners (tests fail on it), and not delivered. Confined to the
 * stream's context.
 */
public final class StateTracker {

  private static final Logger log = LoggerFactory.getLogger(StateTracker.class);
  private static final int HISTORY = 12;
  /** Who hears about illegal transitions: tests register one that fails the test. */
  private static final List<Consumer<String>> VIOLATION_LISTENERS = new CopyOnWriteArrayList<>();

  private final String tag;
  /** The last non-transient state; null before the first. */
  private StreamState current;
  /** The most recent states, transient ones included, oldest first. */
  private final Deque<StreamState> history = new ArrayDeque<>(HISTORY);

  public StateTracker(String tag) {
    this.tag = tag;
  }

  /** Registers a listener for illegal transitions (a description with the stream's history). */
  public static void addViolationListener(Consumer<String> l) {
    VIOLATION_LISTENERS.add(l);
  }

  public static void removeViolationListener(Consumer<String> l) {
    VIOLATION_LISTENERS.remove(l);
  }

  /** Records {@code next} if legal and answers whether it may be delivered. */
  public boolean advance(StreamState next) {
    if (!next.legalAfter(current)) {
      String msg = tag + ": illegal state transition " + current + " -> " + next + " (history: " + history + ")";
      log.error("{}", msg);
      VIOLATION_LISTENERS.forEach(l -> l.accept(msg));
      return false;
    }
    if (history.size() == HISTORY) {
      history.removeFirst();
    }
    history.addLast(next);
    if (!next.isTransient()) {
      if (log.isDebugEnabled()) { // three arguments would allocate their array on every transition
        log.debug("{}: {} -> {}", tag, current, next);
      }
      current = next;
    }
    return true;
  }

  /** Whether {@code next} would be legal now, without recording it. */
  public boolean allows(StreamState next) {
    return next.legalAfter(current);
  }

  /** The last non-transient state, or null before the first. */
  public StreamState current() {
    return current;
  }

  public String history() {
    return history.toString();
  }
}
