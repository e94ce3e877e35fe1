package dev.sluice.ss;

/** A stream ended in a state other than success; the message names the state and why. */
public final class StreamFailedException extends RuntimeException {

  private final StreamState state;
  private final long ack;

  public StreamFailedException(String streamtype, StreamState state, long ack, String why) {
    super("stream " + streamtype + " ended in " + state + (ack != 0 ? " (" + ack + ")" : "")
        + (why == null || why.isEmpty() ? "" : ": " + why), null, false, false);
    this.state = state;
    this.ack = ack;
  }

  public StreamState state() {
    return state;
  }

  public long ack() {
    return ack;
  }
}
