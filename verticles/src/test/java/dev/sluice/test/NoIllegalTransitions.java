package dev.sluice.test;

import dev.sluice.ss.spi.StateTracker;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Fails a test during which any stream made an illegal state transition (a Sluice bug). */
public final class NoIllegalTransitions implements BeforeEachCallback, AfterEachCallback {

  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final Consumer<String> listener = seen::add;

  @Override
  public void beforeEach(ExtensionContext context) {
    seen.clear();
    StateTracker.addViolationListener(listener);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    StateTracker.removeViolationListener(listener);
    if (!seen.isEmpty()) {
      throw new AssertionError("illegal state transitions: " + seen);
    }
  }
}
