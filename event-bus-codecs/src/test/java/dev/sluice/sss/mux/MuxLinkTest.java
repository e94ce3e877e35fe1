package dev.sluice.sss.mux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.sss.Bytes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client link and a proxy link joined by an in-memory pipe that hands over one byte at a time.
 * Clocks are counters so every byte on the wire is known.
 */
class MuxLinkTest {

  private RecordingMux clientSide;
  private RecordingMux proxySide;
  private MuxLink client;
  private MuxLink proxy;
  /** Whether the pipe passes bytes on; off to drop them, as a dead wire does. */
  private boolean wired = true;

  @BeforeEach
  void setUp() {
    clientSide = new RecordingMux();
    proxySide = new RecordingMux();
    client = new MuxLink("client", MuxLinkOptions.of(MuxRole.CLIENT)
        .withClocks(() -> 0x1111, () -> 0xC1), clientSide);
    proxy = new MuxLink("proxy", MuxLinkOptions.of(MuxRole.PROXY)
        .withClocks(() -> 0x2222, () -> 0xD1), proxySide);
    clientSide.pipe = bytes -> deliver(bytes, proxy);
    proxySide.pipe = bytes -> deliver(bytes, client);
  }

  private void deliver(Bytes bytes, MuxLink to) {
    if (wired) {
      for (byte b : bytes.toByteArray()) {
        to.receive(new byte[] {b}, 0, 1);
      }
    }
  }

  private void up() {
    client.start();
    assertThat(client.isUp()).isTrue();
    assertThat(proxy.isUp()).isTrue();
    clientSide.takeWrites();
    proxySide.takeWrites();
    clientSide.takeEvents();
    proxySide.takeEvents();
  }

  @Test
  void pingPongAndPongackBringBothEndsUp() {
    client.start();
    // RESET_TRANSPORT and PING together while down; PONG echoes the ping's time; PONGACK
    // carries the client's unix time
    assertThat(clientSide.takeWrites()).containsExactly("f9f60000000000001111",
        "f8" + "00000000000000c1");
    assertThat(proxySide.takeWrites()).containsExactly(
        "f7" + "0000000000001111" + "0000000000002222");
    assertThat(clientSide.events).containsExactly("up");
    assertThat(proxySide.events).containsExactly("up");
    assertThat(proxy.peerUnixMicros()).isEqualTo(0xC1);
    // first the pong grace, then the ping interval once up
    assertThat(clientSide.scheduled).containsExactly(Duration.ofSeconds(2),
        Duration.ofSeconds(10));
    assertThat(proxySide.scheduled).containsExactly(Duration.ofSeconds(10));
  }

  @Test
  void channelsOpenOnlyOnALiveLink() {
    assertThat(client.openChannel()).isEmpty();
    assertThat(clientSide.writes).isEmpty();
  }

  @Test
  void theClientTakesChannelIdsDownFrom0xFfAndTheProxyUpFrom1() {
    up();
    assertThat(client.openChannel()).hasValue(0xff);
    assertThat(client.openChannel()).hasValue(0xfe);
    assertThat(proxy.openChannel()).hasValue(1);
    assertThat(proxy.openChannel()).hasValue(2);
    assertThat(clientSide.takeWrites()).containsExactly("f0ff", "f0fe", "f101", "f102");
    assertThat(clientSide.takeEvents()).containsExactly("opened 255", "opened 254",
        "opened 1 by peer", "opened 2 by peer");
    assertThat(proxySide.takeEvents()).containsExactly("opened 255 by peer",
        "opened 254 by peer", "opened 1", "opened 2");
  }

  @Test
  void dataReachesTheRightChannelAndLargePayloadsTravelInSeveralFrames() {
    up();
    client.openChannel();
    client.openChannel();
    proxySide.takeEvents();
    client.send(0xff, Bytes.fromHex("ab0000"));
    client.send(0xfe, Bytes.fromHex("ac0000"));
    assertThat(proxySide.takeEvents()).containsExactly("data 255 ab0000", "data 254 ac0000");

    byte[] big = new byte[70_000];
    big[69_999] = 9;
    clientSide.takeWrites();
    client.send(0xff, Bytes.copyOf(big));
    assertThat(clientSide.writes).extracting(Bytes::length).containsExactly(4 + 65535, 4 + 4465);
    assertThat(proxySide.events).hasSize(2);
  }

  @Test
  void sendingOnAChannelThatIsNotOpenIsABug() {
    up();
    assertThatThrownBy(() -> client.send(7, Bytes.fromHex("00")))
        .isInstanceOf(IllegalStateException.class).hasMessage("channel 7 is not open");
  }

  @Test
  void aCloseIsAcknowledgedAndFreesTheIdOnBothEnds() {
    up();
    client.openChannel();
    client.closeChannel(0xff);
    assertThat(clientSide.takeWrites()).containsExactly("f0ff", "f3ff");
    assertThat(proxySide.takeWrites()).containsExactly("f1ff", "f4ff");
    assertThat(clientSide.takeEvents()).containsExactly("opened 255", "closed 255");
    assertThat(proxySide.takeEvents()).containsExactly("opened 255 by peer", "closed 255");
    assertThat(client.openChannel()).hasValue(0xff);
  }

  @Test
  void lwssCloseAnsweredWithCloseInsteadOfCloseAckStillCloses() {
    up();
    client.openChannel();
    wired = false;
    client.closeChannel(0xff);
    client.receive(Bytes.fromHex("f3ff")); // lws's sender bug: F3 as the acknowledgement
    assertThat(clientSide.takeEvents()).containsExactly("opened 255", "closed 255");
  }

  @Test
  void dataForAChannelThatDoesNotExistIsRefusedWithANack() {
    up();
    proxy.receive(Bytes.fromHex("f5 09 0001 00"));
    assertThat(proxySide.takeWrites()).containsExactly("f209");
    assertThat(proxySide.takeEvents()).isEmpty();
  }

  @Test
  void aNackOnAnOpenChannelIsAFin() {
    up();
    client.openChannel();
    clientSide.takeEvents();
    client.receive(Bytes.fromHex("f2ff"));
    assertThat(clientSide.takeEvents()).containsExactly("closed 255");
    assertThat(client.isOpen(0xff)).isFalse();
  }

  @Test
  void aRefusedChannelRequestIsReported() {
    up();
    proxySide.accept = false;
    client.openChannel();
    assertThat(proxySide.takeWrites()).containsExactly("f2ff");
    assertThat(clientSide.takeEvents()).containsExactly("refused 255");
  }

  @Test
  void aMissingPongTakesTheLinkDownClosesChannelsAndPingsAgainLater() {
    up();
    client.openChannel();
    clientSide.takeEvents();
    clientSide.takeWrites();
    wired = false;
    client.timerFired(); // ping interval: PING, wait for the grace
    assertThat(clientSide.takeWrites()).containsExactly("f60000000000001111");
    client.timerFired(); // grace over: no PONG came
    assertThat(clientSide.takeEvents()).containsExactly("closed 255", "down");
    assertThat(clientSide.takeWrites()).containsExactly("f9f60000000000001111");
    assertThat(clientSide.scheduled.get(clientSide.scheduled.size() - 1))
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(client.openChannel()).isEmpty();

    wired = true;
    client.timerFired(); // retry: RESET and PING, and this time the proxy answers
    assertThat(client.isUp()).isTrue();
    assertThat(clientSide.takeEvents()).containsExactly("up");
  }

  @Test
  void aResetFromThePeerClosesChannelsAndTheLinkComesBackWithThePeersPing() {
    up();
    proxy.openChannel();
    proxySide.takeEvents();
    clientSide.takeEvents();
    proxy.receive(Bytes.fromHex("f9"));
    // the proxy went down, said so with RESET and PING, the client (up) saw RESET and went
    // down too; the handshake then completed in both directions
    assertThat(proxySide.takeEvents()).containsExactly("closed 1", "down", "up");
    assertThat(clientSide.takeEvents()).containsExactly("closed 1", "down", "up");
    assertThat(client.isUp()).isTrue();
    assertThat(proxy.isUp()).isTrue();
  }

  @Test
  void aPongForAnotherPingIsIgnored() {
    client.receive(Bytes.fromHex("f7 0000000000000bad 0000000000000001"));
    assertThat(client.isUp()).isFalse();
    assertThat(clientSide.writes).isEmpty();
  }

  @Test
  void anUnknownOpcodeIsAnErrorThatTakesTheLinkDown() {
    up();
    client.receive(Bytes.fromHex("42"));
    assertThat(clientSide.takeEvents()).containsExactly(
        "error unknown mux opcode 0x42 at offset 17", "down", "up");
  }

  @Test
  void atMost253ChannelsAreInUse() {
    up();
    List<Integer> ids = new ArrayList<>();
    for (OptionalInt id = client.openChannel(); id.isPresent(); id = client.openChannel()) {
      ids.add(id.getAsInt());
    }
    assertThat(ids).hasSize(MuxLink.MAX_CHANNELS).startsWith(255, 254).endsWith(3);
  }

  @Test
  void closingThePipeClosesChannelsAndReportsAFrameCutShort() {
    up();
    client.openChannel();
    clientSide.takeEvents();
    clientSide.takeWrites();
    client.receive(Bytes.fromHex("f5ff00"));
    client.close();
    client.timerFired();
    assertThat(clientSide.takeEvents()).containsExactly(
        "error MUX truncated after 3 of at least 4 bytes at offset 19", "closed 255", "down");
    assertThat(clientSide.writes).isEmpty();
  }
}
