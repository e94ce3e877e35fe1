package dev.sluice.sss;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sss.mux.MuxOpcode;
import org.junit.jupiter.api.Test;

/** Wire codes come from explicit numbers, and the transition table matches lws's. */
class SssCodesTest {

  @Test
  void everyTypeByteMapsToItsFrameTypeAndNothingElseDoes() {
    int known = 0;
    for (int code = 0; code < 256; code++) {
      SssFrameType type = SssFrameType.fromCode(code);
      if (type != null) {
        known++;
        assertThat(type.code()).isEqualTo(code);
        boolean toProxy = code >= 0xAA && code <= 0xB3;
        assertThat(type.direction()).isEqualTo(toProxy ? SssDirection.CLIENT_TO_PROXY
            : SssDirection.PROXY_TO_CLIENT);
      }
    }
    assertThat(known).isEqualTo(17);
    assertThat(SssFrameType.fromCode(0xAA)).isEqualTo(SssFrameType.STREAMTYPE);
    assertThat(SssFrameType.fromCode(0x5B)).isEqualTo(SssFrameType.PERF);
    assertThat(SssFrameType.fromCode(-1)).isNull();
  }

  @Test
  void everyMuxOpcodeMapsToItsByte() {
    for (MuxOpcode op : MuxOpcode.values()) {
      assertThat(MuxOpcode.fromCode(op.code())).isEqualTo(op);
    }
    assertThat(MuxOpcode.fromCode(0xF5)).isEqualTo(MuxOpcode.DATA);
    assertThat(MuxOpcode.fromCode(0xFA)).isNull();
    assertThat(MuxOpcode.fromCode(0xEF)).isNull();
  }

  @Test
  void stateNumbersAreLwss() {
    assertThat(SssConnState.fromCode(1)).isEqualTo(SssConnState.CREATING);
    assertThat(SssConnState.fromCode(5)).isEqualTo(SssConnState.CONNECTED);
    assertThat(SssConnState.fromCode(10)).isEqualTo(SssConnState.QOS_ACK_REMOTE);
    assertThat(SssConnState.fromCode(18)).isEqualTo(SssConnState.UPSTREAM_LINK_RETRY);
    assertThat(SssConnState.fromCode(20)).isEqualTo(SssConnState.SINK_PART);
    assertThat(SssConnState.fromCode(21)).isNull();
    assertThat(SssConnState.nameOf(1003)).isEqualTo("USER(1003)");
  }

  @Test
  void theTransitionTableFollowsLws() {
    assertThat(SssConnState.isLegal(null, SssConnState.CREATING.code())).isTrue();
    assertThat(SssConnState.isLegal(null, SssConnState.CONNECTED.code())).isFalse();
    assertThat(SssConnState.isLegal(SssConnState.CREATING, SssConnState.POLL.code())).isTrue();
    assertThat(SssConnState.isLegal(SssConnState.CREATING, SssConnState.CONNECTED.code()))
        .isFalse();
    assertThat(SssConnState.isLegal(SssConnState.CONNECTING, SssConnState.QOS_ACK_REMOTE.code()))
        .isTrue();
    assertThat(SssConnState.isLegal(SssConnState.QOS_ACK_REMOTE, SssConnState.CONNECTING.code()))
        .isTrue();
    assertThat(SssConnState.isLegal(SssConnState.QOS_NACK_REMOTE,
        SssConnState.CONNECTING.code())).isFalse();
    assertThat(SssConnState.isLegal(SssConnState.DESTROYING, SssConnState.CREATING.code()))
        .isFalse();
    // transient states are waved through from anywhere; SINK_JOIN is outside lws's table
    assertThat(SssConnState.isLegal(SssConnState.DESTROYING, 1000)).isTrue();
    assertThat(SssConnState.isLegal(SssConnState.CREATING,
        SssConnState.UPSTREAM_LINK_RETRY.code())).isTrue();
    assertThat(SssConnState.isLegal(SssConnState.CONNECTED, SssConnState.SINK_JOIN.code()))
        .isFalse();
  }
}
