package dev.sluice.ss.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ss.StreamState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class StateTrackerTest {

  @Test
  void followsLwsTransitionTable() {
    assertThat(StreamState.CREATING.legalAfter(null)).isTrue();
    assertThat(StreamState.DESTROYING.legalAfter(null)).isTrue();
    assertThat(StreamState.CONNECTED.legalAfter(null)).isFalse();
    assertThat(StreamState.POLL.legalAfter(StreamState.CREATING)).isTrue();
    assertThat(StreamState.CONNECTED.legalAfter(StreamState.CREATING)).isFalse();
    assertThat(StreamState.QOS_ACK_REMOTE.legalAfter(StreamState.CONNECTED)).isTrue();
    assertThat(StreamState.CONNECTED.legalAfter(StreamState.DESTROYING)).isFalse();
    assertThat(StreamState.DESTROYING.legalAfter(StreamState.DESTROYING)).isFalse();
    assertThat(StreamState.CONNECTING.legalAfter(StreamState.QOS_NACK_LOCAL)).isFalse();
    // transient states pass whatever came before
    assertThat(StreamState.USER.legalAfter(StreamState.DESTROYING)).isTrue();
    assertThat(StreamState.SERVER_TXN.legalAfter(null)).isTrue();
  }

  @Test
  void keepsTheLastTwelveStatesOldestFirst() {
    StateTracker t = new StateTracker("ss-1|test");
    assertThat(t.history()).isEqualTo("[]");
    assertThat(t.advance(StreamState.CREATING)).isTrue();
    assertThat(t.advance(StreamState.POLL)).isTrue();
    assertThat(t.advance(StreamState.CONNECTING)).isTrue();
    assertThat(t.history()).isEqualTo("[CREATING, POLL, CONNECTING]");
    assertThat(t.current()).isEqualTo(StreamState.CONNECTING);
    for (int i = 0; i < 6; i++) { // 3 + 12 states: the first three fall out
      assertThat(t.advance(StreamState.CONNECTED)).isTrue();
      assertThat(t.advance(StreamState.TIMEOUT)).isTrue();
    }
    assertThat(t.history()).isEqualTo("[" + String.join(", ", java.util.Collections.nCopies(6, "CONNECTED, TIMEOUT"))
        + "]");
    assertThat(t.advance(StreamState.USER)).isTrue();
    assertThat(t.current()).as("a transient state does not change the current one").isEqualTo(StreamState.TIMEOUT);
    assertThat(t.history()).endsWith("TIMEOUT, USER]").startsWith("[TIMEOUT, CONNECTED");
  }

  @Test
  void anIllegalTransitionIsRefusedAndReportedWithTheHistory() {
    List<String> reports = new ArrayList<>();
    Consumer<String> listener = reports::add;
    StateTracker.addViolationListener(listener);
    try {
      StateTracker t = new StateTracker("ss-2|test");
      t.advance(StreamState.CREATING);
      assertThat(t.advance(StreamState.QOS_ACK_REMOTE)).isFalse();
      assertThat(t.current()).isEqualTo(StreamState.CREATING);
      assertThat(reports).singleElement().asString()
          .contains("ss-2|test", "CREATING -> QOS_ACK_REMOTE", "history: [CREATING]");
    } finally {
      StateTracker.removeViolationListener(listener);
    }
  }
}
