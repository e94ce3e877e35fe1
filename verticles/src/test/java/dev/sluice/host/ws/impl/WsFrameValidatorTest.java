package dev.sluice.host.ws.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ss.StreamFlags;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WsFrameValidatorTest {

  /** Records what the validator passes on; "piece <text> <flags>", "pong", "violation <code>". */
  private final List<String> events = new ArrayList<>();
  private final WsFrameValidator v = new WsFrameValidator(new WsLimits(1000, 2000), new WsFrameValidator.Sink() {
    @Override
    public void piece(Buffer data, int flags) {
      events.add("piece " + data + " " + StreamFlags.describe(flags));
    }

    @Override
    public void pong(Buffer data) {
      events.add("pong");
    }

    @Override
    public void closeReceived(int code, String reason) {
      events.add("close " + code);
    }

    @Override
    public void violation(int code, String reason) {
      events.add("violation " + code + " " + reason);
    }
  });

  @Test
  void anEmptyFragmentedTextMessageIsDeliveredAsAFirstAndALastPiece() {
    v.handle(WebSocketFrame.textFrame("", false));
    v.handle(WebSocketFrame.continuationFrame(Buffer.buffer(), false));
    v.handle(WebSocketFrame.continuationFrame(Buffer.buffer(), true));
    assertThat(events).containsExactly("piece  SOM|TEXT", "piece  EOM|TEXT");
  }

  @Test
  void fragmentsBecomePiecesWithSomAndEomAndAPingBetweenThemIsFine() {
    v.handle(WebSocketFrame.binaryFrame(Buffer.buffer("ab"), false));
    v.handle(WebSocketFrame.pingFrame(Buffer.buffer("p")));
    v.handle(WebSocketFrame.continuationFrame(Buffer.buffer("cd"), true));
    v.handle(WebSocketFrame.pongFrame(Buffer.buffer()));
    assertThat(events).containsExactly("piece ab SOM|BINARY", "piece cd EOM|BINARY", "pong");
  }

  @Test
  void invalidUtf8InAContinuationFailsAt1007AndNothingAfterIsPassedOn() {
    v.handle(WebSocketFrame.textFrame("κ", false));
    v.handle(WebSocketFrame.continuationFrame(Buffer.buffer().appendByte((byte) 0xC0), false));
    v.handle(WebSocketFrame.continuationFrame(Buffer.buffer("x"), true));
    assertThat(events).containsExactly("piece κ SOM|TEXT",
        "violation 1007 text message is not UTF-8 (bad byte at offset 2)");
  }

  @Test
  void aContinuationWithNoMessageAndANewMessageInsideOneAre1002() {
    v.handle(WebSocketFrame.continuationFrame(Buffer.buffer("x"), true));
    assertThat(events).containsExactly("violation 1002 continuation frame with no message to continue");
    events.clear();
    WsFrameValidator w = new WsFrameValidator(new WsLimits(1000, 2000), sinkInto(events));
    w.handle(WebSocketFrame.textFrame("a", false));
    w.handle(WebSocketFrame.binaryFrame(Buffer.buffer("b"), true));
    assertThat(events).endsWith("violation 1002 new binary message before the previous one ended");
  }

  @Test
  void framesAndMessagesOverTheLimitsAre1009BeforeTheyArePassedOn() {
    v.handle(WebSocketFrame.binaryFrame(Buffer.buffer(new byte[1001]), true));
    assertThat(events).containsExactly("violation 1009 frame of 1001 bytes exceeds limit 1000");
    events.clear();
    WsFrameValidator w = new WsFrameValidator(new WsLimits(1000, 2000), sinkInto(events));
    w.handle(WebSocketFrame.binaryFrame(Buffer.buffer(new byte[1000]), false));
    w.handle(WebSocketFrame.continuationFrame(Buffer.buffer(new byte[1000]), false));
    w.handle(WebSocketFrame.continuationFrame(Buffer.buffer(new byte[1]), true));
    assertThat(events).hasSize(3).endsWith("violation 1009 message of 2001+ bytes exceeds limit 2000");
  }

  @Test
  void aControlFrameOver125BytesIs1002() {
    v.handle(WebSocketFrame.pingFrame(Buffer.buffer(new byte[126])));
    assertThat(events).containsExactly("violation 1002 PING frame of 126 bytes exceeds 125");
  }

  private static WsFrameValidator.Sink sinkInto(List<String> events) {
    return new WsFrameValidator.Sink() {
      @Override
      public void piece(Buffer data, int flags) {
        events.add("piece " + data.length());
      }

      @Override
      public void pong(Buffer data) {
        events.add("pong");
      }

      @Override
      public void closeReceived(int code, String reason) {
        events.add("close " + code);
      }

      @Override
      public void violation(int code, String reason) {
        events.add("violation " + code + " " + reason);
      }
    };
  }
}
