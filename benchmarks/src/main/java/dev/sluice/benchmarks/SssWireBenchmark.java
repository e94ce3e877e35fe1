package dev.sluice.benchmarks;

import dev.sluice.sss.Bytes;
import dev.sluice.sss.ProxyFrame;
import dev.sluice.sss.SssConnState;
import dev.sluice.sss.SssFlags;
import dev.sluice.sss.SssProtocolException;
import dev.sluice.sss.SssReader;
import dev.sluice.sss.SssWriter;
import dev.sluice.sss.mux.MuxReader;
import dev.sluice.sss.mux.MuxWriter;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Serialized-SS wire throughput: parsing a proxy-to-client stream of payload frames and of small
 * state frames, the same payload stream inside mux DATA frames, and encoding single frames. Input
 * is fed in 1460-byte pieces, as TCP reads arrive. Baselines: copying the same bytes in the same
 * pieces (the ceiling for a parser that must copy each byte once), and copying one encoded frame
 * (the ceiling for an encoder that allocates its output). See docs/BENCHMARKS.md, "SSS wire".
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SssWireBenchmark {

  /** A TCP segment's worth of bytes per read. */
  static final int PIECE = 1460;
  /** RX_PAYLOAD frames in the payload stream; each carries 1380 bytes (lws's rx piece). */
  static final int PAYLOAD_FRAMES = 48;
  /** CONNSTATE frames in the control stream. */
  static final int STATE_FRAMES = 1000;

  /** 48 RX_PAYLOAD frames of 1399 bytes: 67,152 bytes. */
  byte[] payloadStream;
  /** 1000 CONNSTATE frames of 8 bytes: 8,000 bytes. */
  byte[] stateStream;
  /** The payload stream, each frame in a mux DATA frame: 67,344 bytes. */
  byte[] muxStream;
  /** Where the copy baseline writes. */
  byte[] copyTarget;
  ProxyFrame.RxPayload payloadFrame;
  ProxyFrame.ConnState stateFrame;
  byte[] encodedPayloadFrame;

  @Setup
  public void setUp() {
    byte[] body = new byte[1380];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) ('A' + i % 26);
    }
    payloadFrame = new ProxyFrame.RxPayload(SssFlags.SOM, 0, 1_700_000_000_000_000L, null,
        Bytes.copyOf(body));
    stateFrame = ProxyFrame.ConnState.of(SssConnState.CONNECTED, 0);
    encodedPayloadFrame = SssWriter.encode(payloadFrame);
    ByteArrayOutputStream payloads = new ByteArrayOutputStream();
    ByteArrayOutputStream muxed = new ByteArrayOutputStream();
    for (int i = 0; i < PAYLOAD_FRAMES; i++) {
      payloads.writeBytes(encodedPayloadFrame);
      byte[] header = new byte[4];
      MuxWriter.dataHeader(header, 0, 0xff, encodedPayloadFrame.length);
      muxed.writeBytes(header);
      muxed.writeBytes(encodedPayloadFrame);
    }
    ByteArrayOutputStream states = new ByteArrayOutputStream();
    for (int i = 0; i < STATE_FRAMES; i++) {
      states.writeBytes(SssWriter.encode(stateFrame));
    }
    payloadStream = payloads.toByteArray();
    stateStream = states.toByteArray();
    muxStream = muxed.toByteArray();
    copyTarget = new byte[muxStream.length];
  }

  @Benchmark
  public void copyPayloadStreamBaseline(Blackhole bh) {
    for (int at = 0; at < payloadStream.length; at += PIECE) {
      int take = Math.min(PIECE, payloadStream.length - at);
      System.arraycopy(payloadStream, at, copyTarget, at, take);
    }
    bh.consume(copyTarget);
  }

  @Benchmark
  public long parsePayloadStream() {
    Counter counter = new Counter();
    feed(SssReader.proxyFrames(counter), payloadStream);
    return counter.check(PAYLOAD_FRAMES);
  }

  @Benchmark
  public long parseStateStream() {
    Counter counter = new Counter();
    feed(SssReader.proxyFrames(counter), stateStream);
    return counter.check(STATE_FRAMES);
  }

  @Benchmark
  public long parseMuxedPayloadStream() {
    Counter counter = new Counter();
    SssReader sss = SssReader.proxyFrames(counter);
    MuxReader mux = new MuxReader(new MuxToSss(sss));
    for (int at = 0; at < muxStream.length; at += PIECE) {
      mux.feed(muxStream, at, Math.min(PIECE, muxStream.length - at));
    }
    return counter.check(PAYLOAD_FRAMES);
  }

  @Benchmark
  public byte[] copyEncodedFrameBaseline() {
    return encodedPayloadFrame.clone();
  }

  @Benchmark
  public byte[] encodePayloadFrame() {
    return SssWriter.encode(payloadFrame);
  }

  @Benchmark
  public byte[] encodeStateFrame() {
    return SssWriter.encode(stateFrame);
  }

  private static void feed(SssReader reader, byte[] stream) {
    for (int at = 0; at < stream.length; at += PIECE) {
      reader.feed(stream, at, Math.min(PIECE, stream.length - at));
    }
  }

  /** Counts frames and payload bytes; fails loudly if the stream did not parse. */
  static final class Counter implements SssReader.ProxyFrameCallback {
    int frames;
    long bytes;

    long check(int expected) {
      if (frames != expected) {
        throw new IllegalStateException("parsed " + frames + " frames, expected " + expected);
      }
      return bytes;
    }

    @Override
    public void onRxPayload(ProxyFrame.RxPayload frame) {
      frames++;
      bytes += frame.payload().length();
    }

    @Override
    public void onCreateResult(ProxyFrame.CreateResult frame) {
      frames++;
    }

    @Override
    public void onConnState(ProxyFrame.ConnState frame) {
      frames++;
      bytes += frame.state();
    }

    @Override
    public void onTxCreditUpdate(ProxyFrame.TxCreditUpdate frame) {
      frames++;
    }

    @Override
    public void onMetadata(ProxyFrame.Metadata frame) {
      frames++;
    }

    @Override
    public void onPerf(ProxyFrame.Perf frame) {
      frames++;
    }

    @Override
    public void onError(SssProtocolException error) {
      throw new IllegalStateException(error);
    }
  }

  /** Passes channel data on to one SSS reader. */
  static final class MuxToSss implements MuxReader.Callback {
    private final SssReader sss;

    MuxToSss(SssReader sss) {
      this.sss = sss;
    }

    @Override
    public void onData(int channel, Bytes payload) {
      sss.feed(payload);
    }

    @Override
    public void onChannelReq(int channel) {}

    @Override
    public void onChannelAck(int channel) {}

    @Override
    public void onChannelNack(int channel) {}

    @Override
    public void onChannelClose(int channel) {}

    @Override
    public void onChannelCloseAck(int channel) {}

    @Override
    public void onPing(long time) {}

    @Override
    public void onPong(long pingTime, long time) {}

    @Override
    public void onPongAck(long unixTime) {}

    @Override
    public void onResetTransport() {}

    @Override
    public void onError(SssProtocolException error) {
      throw new IllegalStateException(error);
    }
  }
}
