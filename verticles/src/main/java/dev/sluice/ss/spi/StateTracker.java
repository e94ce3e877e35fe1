package dev.sluice.ss.spi;

import dev.sluice.ss.StreamState;
import java.util.List;
import java.util.StringJoiner;
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
  /** How many recent states are kept: 12 ordinals of 5 bits fill one long. */
  private static final int HISTORY = 12;
  private static final int BITS = 5;
  private static final StreamState[] STATES = StreamState.values();

  static {
    if (STATES.length > 1 << BITS) {
      throw new ExceptionInInitializerError("StateTracker packs states in " + BITS + " bits: widen BITS");
    }
  }
  /** Who hears about illegal transitions: tests register one that fails the test. */
  private static final List<Consumer<String>> VIOLATION_LISTENERS = new CopyOnWriteArrayList<>();

  private final String tag;
  /** The last non-transient state; null before the first. */
  private StreamState current;
  /**
   * The most recent states, transient ones included, newest in the low bits: packed in a long
   * rather than a collection, since every stream (one per HTTP request) keeps one.
   */
  private long history;
  /** How many states {@link #history} holds (at most {@link #HISTORY}). */
  private int historyLength;

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
      String msg = tag + ": illegal state transition " + current + " -> " + next + " (history: " + history() + ")";
      log.error("{}", msg);
      VIOLATION_LISTENERS.forEach(l -> l.accept(msg));
      return false;
    }
    history = (history << BITS) | next.ordinal();
    if (historyLength < HISTORY) {
      historyLength++;
    }
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

  /** The recent states, oldest first, as "[CREATING, POLL, ...]". */
  public String history() {
    StringJoiner out = new StringJoiner(", ", "[", "]");
    for (int i = historyLength - 1; i >= 0; i--) {
      out.add(STATES[(int) (history >>> (i * BITS)) & ((1 << BITS) - 1)].name());
    }
    return out.toString();
  }
}
