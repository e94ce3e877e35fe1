package dev.sluice.sss.mux;

import dev.sluice.sss.Bytes;

/** One transport mux frame, decoded; immutable. */
public sealed interface MuxFrame {

  /** The most payload one DATA frame carries (16-bit length). */
  int MAX_DATA = 0xffff;

  MuxOpcode opcode();

  /** Refuses a channel id outside one byte. */
  private static int channel(int channel) {
    if (channel < 0 || channel > 0xff) {
      throw new IllegalArgumentException("channel " + channel + " is outside 0 to 255");
    }
    return channel;
  }

  record ChannelReq(int channel) implements MuxFrame {
    public ChannelReq {
      MuxFrame.channel(channel);
    }

    @Override
    public MuxOpcode opcode() {
      return MuxOpcode.CHANNEL_REQ;
    }
  }

  record ChannelAck(int channel) implements MuxFrame {
    public ChannelAck {
      MuxFrame.channel(channel);
    }

    @Override
    public MuxOpcode opcode() {
      return MuxOpcode.CHANNEL_ACK;
    }
  }

  record ChannelNack(int channel) implements MuxFrame {
    public ChannelNack {
      MuxFrame.channel(channel);
    }

    @Override
    public MuxOpcode opcode() {
      return MuxOpcode.CHANNEL_NACK;
    }
  }

  record ChannelClose(int channel) implements MuxFrame {
    public ChannelClose {
      MuxFrame.channel(channel);
    }

    @Override
    public MuxOpcode opcode() {
      return MuxOpcode.CHANNEL_CLOSE;
    }
  }

  record ChannelCloseAck(int channel) implements MuxFrame {
    public ChannelCloseAck {
      MuxFrame.channel(channel);
    }

    @Override
    public MuxOpcode opcode() {
      return MuxOpcode.CHANNEL_CLOSE_ACK;
    }
  }

  /** Serialized-SS bytes on a channel (any split: the channel's reader joins them). */
  record Data(int channel, Bytes payload) implements MuxFrame {
    public Data {
      MuxFrame.channel(channel);
      if (payload.length() > MAX_DATA) {
        throw new IllegalArgumentException("MUX payload of " + payload.length()
            + " bytes exceeds the 16-bit frame limit " + MAX_DATA);
      }
    }

    @Override
    public MuxOpcode opcode() {
      return MuxOpcode.DATA;
    }
  }

  /** {@code time} is the sender's microsecond clock; the PONG must echo it. */
  record Ping(long time) implements MuxFrame {
    @Override
    public MuxOpcode opcode() {
      return MuxOpcode.PING;
    }
  }

  record Pong(long pingTime, long time) implements MuxFrame {
    @Override
    public MuxOpcode opcode() {
      return MuxOpcode.PONG;
    }
  }

  /** {@code unixTime}: the sender's gettimeofday in microseconds, whatever lws's comment says. */
  record PongAck(long unixTime) implements MuxFrame {
    @Override
    public MuxOpcode opcode() {
      return MuxOpcode.PONGACK;
    }
  }

  record ResetTransport() implements MuxFrame {
    public static final ResetTransport INSTANCE = new ResetTransport();

    @Override
    public MuxOpcode opcode() {
      return MuxOpcode.RESET_TRANSPORT;
    }
  }
}
