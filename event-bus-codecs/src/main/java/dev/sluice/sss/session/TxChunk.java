package dev.sluice.sss.session;

import dev.sluice.sss.Bytes;
import dev.sluice.sss.SssFlags;

/**
 * A piece of payload with its flags ({@link SssFlags}): what an application hands to a client
 * session's tx, and what a proxy session hands to its onward stream.
 */
public record TxChunk(Bytes payload, int flags) {

  public TxChunk {
    if (payload == null) {
      throw new IllegalArgumentException("payload must not be null");
    }
  }

  @Override
  public String toString() {
    return "TxChunk[" + payload.length() + " bytes, " + SssFlags.describe(flags) + "]";
  }
}
