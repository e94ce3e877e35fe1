package dev.sluice.sss;

import dev.sluice.sss.impl.Checks;

/** A frame a client sends to the proxy (type bytes 0xAA to 0xB3). */
public sealed interface ClientFrame extends SssFrame {

  /** lws clients announce this much initial tx credit unless the stream sets its own. */
  long DEFAULT_INITIAL_TX_CREDIT = 500_000_000L;

  /**
   * The first frame on a link: protocol version 1, the client's pid (lws sends 0 where there is
   * no getpid), the tx credit it grants the onward peer, and the streamtype (1 to 31 chars).
   */
  record StreamType(long pid, long initialTxCredit, String streamType) implements ClientFrame {
    /** The only serialized-SS protocol version there is. */
    public static final int VERSION = 1;

    public StreamType {
      Checks.u32(SssFrameType.STREAMTYPE, "pid", pid);
      Checks.u32(SssFrameType.STREAMTYPE, "initial tx credit", initialTxCredit);
      Checks.name(SssFrameType.STREAMTYPE, "streamtype", streamType, Checks.MAX_NAME);
    }

    @Override
    public SssFrameType type() {
      return SssFrameType.STREAMTYPE;
    }
  }

  /** Asks the proxy to connect the onward stream. */
  record OnwardConnect() implements ClientFrame {
    public static final OnwardConnect INSTANCE = new OnwardConnect();

    @Override
    public SssFrameType type() {
      return SssFrameType.ONWARD_CONNECT;
    }
  }

  /** The client is destroying its stream; the proxy hangs up. */
  record Destroying() implements ClientFrame {
    public static final Destroying INSTANCE = new Destroying();

    @Override
    public SssFrameType type() {
      return SssFrameType.DESTROYING;
    }
  }

  /**
   * Payload for the onward stream. {@code usClientWait} is the microseconds from request_tx to
   * the write, {@code usUnixTime} the client's clock at the write; {@code rideshare} is present
   * only with the RIDESHARE flag.
   */
  record TxPayload(int flags, long usClientWait, long usUnixTime, String rideshare, Bytes payload)
      implements ClientFrame {
    public TxPayload {
      Checks.payload(SssFrameType.TX_PAYLOAD, flags, usClientWait, rideshare, payload);
    }

    /** A payload without rideshare name and with zero timings. */
    public static TxPayload of(int flags, Bytes payload) {
      return new TxPayload(flags, 0, 0, null, payload);
    }

    @Override
    public SssFrameType type() {
      return SssFrameType.TX_PAYLOAD;
    }
  }

  /** Metadata for the onward stream; the proxy's policy must declare the name. */
  record Metadata(String name, Bytes value) implements ClientFrame {
    public Metadata {
      Checks.metadata(SssFrameType.CLIENT_METADATA, name, value);
    }

    @Override
    public SssFrameType type() {
      return SssFrameType.CLIENT_METADATA;
    }
  }

  /** The client lets the onward peer send it {@code delta} more bytes (h2 and MQTT windows). */
  record TxCreditUpdate(int delta) implements ClientFrame {
    @Override
    public SssFrameType type() {
      return SssFrameType.CLIENT_TXCR_UPDATE;
    }
  }

  /** Starts the onward stream's timeout ({@link #USE_POLICY} or ms) or {@link #CANCEL}s it. */
  record TimeoutUpdate(long ms) implements ClientFrame {
    /** Start the timeout with the policy's {@code timeout_ms}. */
    public static final long USE_POLICY = 0;
    /** Cancel the timeout. */
    public static final long CANCEL = Checks.U32_MAX;

    public TimeoutUpdate {
      Checks.u32(SssFrameType.TIMEOUT_UPDATE, "ms", ms);
    }

    @Override
    public SssFrameType type() {
      return SssFrameType.TIMEOUT_UPDATE;
    }
  }

  /** The length of the payload to come, for a content-length; sent before the payload. */
  record PayloadLengthHint(long length) implements ClientFrame {
    public PayloadLengthHint {
      Checks.u32(SssFrameType.PAYLOAD_LENGTH_HINT, "length", length);
    }

    @Override
    public SssFrameType type() {
      return SssFrameType.PAYLOAD_LENGTH_HINT;
    }
  }

  /** Reserved type 0xB2, body uninterpreted. We write it only to test that peers refuse it. */
  record TlsnegEnclaveSigned(Bytes body) implements ClientFrame {
    public TlsnegEnclaveSigned {
      Checks.body(SssFrameType.TLSNEG_ENCLAVE_SIGNED, body.length());
    }

    @Override
    public SssFrameType type() {
      return SssFrameType.TLSNEG_ENCLAVE_SIGNED;
    }
  }

  /** Reserved type 0xB3, body uninterpreted. We write it only to test that peers refuse it. */
  record LinkValidityProbe(Bytes body) implements ClientFrame {
    public LinkValidityProbe {
      Checks.body(SssFrameType.LINK_VALIDITY_PROBE, body.length());
    }

    @Override
    public SssFrameType type() {
      return SssFrameType.LINK_VALIDITY_PROBE;
    }
  }
}
