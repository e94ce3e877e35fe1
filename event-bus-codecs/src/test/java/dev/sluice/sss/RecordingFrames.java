package dev.sluice.sss;

import java.util.ArrayList;
import java.util.List;

/**
 * Records everything a reader reports, in order, for either direction. Tests take what they
 * expect and finish with {@link #assertExhausted()}, so nothing unexpected slips by.
 */
public final class RecordingFrames implements SssReader.ClientFrameCallback,
    SssReader.ProxyFrameCallback {

  /** Frames in arrival order. */
  public final List<SssFrame> frames = new ArrayList<>();
  /** Errors reported (a reader reports at most one). */
  public final List<SssProtocolException> errors = new ArrayList<>();

  /** A proxy-side reader (client-to-proxy frames) with an open gate. */
  public SssReader clientReader() {
    return SssReader.clientFrames(this);
  }

  /** A client-side reader (proxy-to-client frames) with an open gate. */
  public SssReader proxyReader() {
    return SssReader.proxyFrames(this);
  }

  /** A reader of {@code direction} with an open gate. */
  public SssReader reader(SssDirection direction) {
    return direction == SssDirection.CLIENT_TO_PROXY ? clientReader() : proxyReader();
  }

  /** Removes and returns the oldest frame, failing if there is none. */
  public SssFrame take() {
    if (frames.isEmpty()) {
      throw new AssertionError("expected a frame, have none; errors: " + errors);
    }
    return frames.remove(0);
  }

  /** Removes and returns the only error, failing if there is none. */
  public SssProtocolException takeError() {
    if (errors.size() != 1) {
      throw new AssertionError("expected one error, have " + errors + "; frames " + frames);
    }
    return errors.remove(0);
  }

  /** Fails if anything was recorded and not taken. */
  public void assertExhausted() {
    if (!frames.isEmpty() || !errors.isEmpty()) {
      throw new AssertionError("unexpected: frames " + frames + " errors " + errors);
    }
  }

  @Override
  public void onStreamType(ClientFrame.StreamType frame) {
    frames.add(frame);
  }

  @Override
  public void onOnwardConnect() {
    frames.add(ClientFrame.OnwardConnect.INSTANCE);
  }

  @Override
  public void onDestroying() {
    frames.add(ClientFrame.Destroying.INSTANCE);
  }

  @Override
  public void onTxPayload(ClientFrame.TxPayload frame) {
    frames.add(frame);
  }

  @Override
  public void onMetadata(ClientFrame.Metadata frame) {
    frames.add(frame);
  }

  @Override
  public void onTxCreditUpdate(ClientFrame.TxCreditUpdate frame) {
    frames.add(frame);
  }

  @Override
  public void onTimeoutUpdate(ClientFrame.TimeoutUpdate frame) {
    frames.add(frame);
  }

  @Override
  public void onPayloadLengthHint(ClientFrame.PayloadLengthHint frame) {
    frames.add(frame);
  }

  @Override
  public void onRxPayload(ProxyFrame.RxPayload frame) {
    frames.add(frame);
  }

  @Override
  public void onCreateResult(ProxyFrame.CreateResult frame) {
    frames.add(frame);
  }

  @Override
  public void onConnState(ProxyFrame.ConnState frame) {
    frames.add(frame);
  }

  @Override
  public void onTxCreditUpdate(ProxyFrame.TxCreditUpdate frame) {
    frames.add(frame);
  }

  @Override
  public void onMetadata(ProxyFrame.Metadata frame) {
    frames.add(frame);
  }

  @Override
  public void onPerf(ProxyFrame.Perf frame) {
    frames.add(frame);
  }

  @Override
  public void onError(SssProtocolException error) {
    errors.add(error);
  }
}
