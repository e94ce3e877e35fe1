package dev.sluice.sss.mux;

/** Writes transport mux frames as lws does. Stateless and thread-safe. */
public final class MuxWriter {

  private MuxWriter() {}

  /** The frame's bytes. */
  public static byte[] encode(MuxFrame frame) {
    MuxOpcode op = frame.opcode();
    switch (op) {
      case CHANNEL_REQ:
        return channelFrame(op, ((MuxFrame.ChannelReq) frame).channel());
      case CHANNEL_ACK:
        return channelFrame(op, ((MuxFrame.ChannelAck) frame).channel());
      case CHANNEL_NACK:
        return channelFrame(op, ((MuxFrame.ChannelNack) frame).channel());
      case CHANNEL_CLOSE:
        return channelFrame(op, ((MuxFrame.ChannelClose) frame).channel());
      case CHANNEL_CLOSE_ACK:
        return channelFrame(op, ((MuxFrame.ChannelCloseAck) frame).channel());
      case DATA:
        MuxFrame.Data data = (MuxFrame.Data) frame;
        byte[] out = new byte[4 + data.payload().length()];
        dataHeader(out, 0, data.channel(), data.payload().length());
        data.payload().copyTo(out, 4);
        return out;
      case PING:
        return timeFrame(op, ((MuxFrame.Ping) frame).time());
      case PONG:
        MuxFrame.Pong pong = (MuxFrame.Pong) frame;
        byte[] pongBytes = new byte[17];
        pongBytes[0] = (byte) op.code();
        putU64(pongBytes, 1, pong.pingTime());
        putU64(pongBytes, 9, pong.time());
        return pongBytes;
      case PONGACK:
        return timeFrame(op, ((MuxFrame.PongAck) frame).unixTime());
      case RESET_TRANSPORT:
        return new byte[] {(byte) op.code()};
      default:
        throw new AssertionError(op);
    }
  }

  /** Writes {@code F5 ch lenH lenL} at {@code at}. */
  public static void dataHeader(byte[] out, int at, int channel, int length) {
    if (length < 0 || length > MuxFrame.MAX_DATA) {
      throw new IllegalArgumentException("MUX payload of " + length
          + " bytes exceeds the 16-bit frame limit " + MuxFrame.MAX_DATA);
    }
    out[at] = (byte) MuxOpcode.DATA.code();
    out[at + 1] = (byte) channel;
    out[at + 2] = (byte) (length >>> 8);
    out[at + 3] = (byte) length;
  }

  private static byte[] channelFrame(MuxOpcode op, int channel) {
    return new byte[] {(byte) op.code(), (byte) channel};
  }

  private static byte[] timeFrame(MuxOpcode op, long time) {
    byte[] out = new byte[9];
    out[0] = (byte) op.code();
    putU64(out, 1, time);
    return out;
  }

  private static void putU64(byte[] out, int at, long value) {
    for (int i = 0; i < 8; i++) {
      out[at + i] = (byte) (value >>> (56 - 8 * i));
    }
  }
}
