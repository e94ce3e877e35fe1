package dev.sluice.sss;

import dev.sluice.sss.impl.Checks;
import java.util.List;

/** A frame the proxy sends to a client (type bytes 0x55 to 0x5B). */
public sealed interface ProxyFrame extends SssFrame {

  /**
   * Payload from the onward stream. lws proxies write 0 for {@code usLatency};
   * {@code usUnixTime} is the proxy's clock. {@code rideshare} is present only with the
   * RIDESHARE flag. The payload starts at frame offset 19, whatever lws's header comment says.
   */
  record RxPayload(int flags, long usLatency, long usUnixTime, String rideshare, Bytes payload)
      implements ProxyFrame {
    public RxPayload {
      Checks.payload(SssFrameType.RX_PAYLOAD, flags, usLatency, rideshare, payload);
    }

    /** A payload without rideshare name and with zero timings. */
    public static RxPayload of(int flags, Bytes payload) {
      return new RxPayload(flags, 0, 0, null, payload);
    }

    @Override
    public SssFrameType type() {
      return SssFrameType.RX_PAYLOAD;
    }
  }

  /**
   * Whether the proxy created the onward stream. {@code result} 0 is success. On success lws
   * sends the client buffer size from the policy (0: use the client's 32 KiB default) and the
   * streamtype followed by its rideshare chain; a failure carries no list.
   */
  record CreateResult(int result, long clientBuflen, List<String> rideshare)
      implements ProxyFrame {
    /** lws clients refuse a rideshare list of 128 bytes or more. */
    public static final int MAX_LIST = 127;

    public CreateResult {
      Checks.u8(SssFrameType.CREATE_RESULT, "result", result);
      Checks.u32(SssFrameType.CREATE_RESULT, "client buffer size", clientBuflen);
      rideshare = List.copyOf(rideshare);
      int listBytes = 0;
      for (String name : rideshare) {
        Checks.name(SssFrameType.CREATE_RESULT, "rideshare name", name, Checks.MAX_NAME);
        if (name.indexOf(',') >= 0) {
          throw new IllegalArgumentException(
              "CREATE_RESULT rideshare name \"" + name + "\" contains a comma");
        }
        listBytes += 1 + name.length();
      }
      if (listBytes > MAX_LIST) {
        throw new IllegalArgumentException("CREATE_RESULT rideshare list of " + listBytes
            + " bytes exceeds the " + MAX_LIST + " lws clients accept");
      }
    }

    /** Success, with the streamtype first in {@code rideshare}. */
    public static CreateResult ok(long clientBuflen, List<String> rideshare) {
      return new CreateResult(0, clientBuflen, rideshare);
    }

    /** Failure, as lws writes it: result 1, buffer size 0, no list. */
    public static CreateResult failed() {
      return new CreateResult(1, 0, List.of());
    }

    public boolean isOk() {
      return result == 0;
    }

    @Override
    public SssFrameType type() {
      return SssFrameType.CREATE_RESULT;
    }
  }

  /**
   * A state of the onward stream ({@link SssConnState} numbers, or user states from 1000) and
   * its ack. States up to 255 take one byte on the wire, larger ones four.
   */
  record ConnState(long state, long ack) implements ProxyFrame {
    public ConnState {
      Checks.u32(SssFrameType.CONNSTATE, "state", state);
      Checks.u32(SssFrameType.CONNSTATE, "ack", ack);
    }

    public static ConnState of(SssConnState state, long ack) {
      return new ConnState(state.code(), ack);
    }

    /** The named state, or null for user and unknown states. */
    public SssConnState known() {
      return SssConnState.fromCode(state);
    }

    @Override
    public SssFrameType type() {
      return SssFrameType.CONNSTATE;
    }
  }

  /** The onward peer lets the client send {@code delta} more bytes. */
  record TxCreditUpdate(int delta) implements ProxyFrame {
    @Override
    public SssFrameType type() {
      return SssFrameType.PROXY_TXCR_UPDATE;
    }
  }

  /** Rx metadata from the onward stream (a response header mapped by the policy). */
  record Metadata(String name, Bytes value) implements ProxyFrame {
    public Metadata {
      Checks.metadata(SssFrameType.PROXY_METADATA, name, value);
    }

    @Override
    public SssFrameType type() {
      return SssFrameType.PROXY_METADATA;
    }
  }

  /** Reserved type 0x5A, body uninterpreted. We write it only to test that peers refuse it. */
  record TlsnegEnclaveSign(Bytes body) implements ProxyFrame {
    public TlsnegEnclaveSign {
      Checks.body(SssFrameType.TLSNEG_ENCLAVE_SIGN, body.length());
    }

    @Override
    public SssFrameType type() {
      return SssFrameType.TLSNEG_ENCLAVE_SIGN;
    }
  }

  /** Performance JSON (at least one byte) for {@code perf} streamtypes. */
  record Perf(Bytes json) implements ProxyFrame {
    public Perf {
      if (json.isEmpty()) {
        throw new IllegalArgumentException("PERF needs at least one byte of JSON");
      }
      Checks.body(SssFrameType.PERF, json.length());
    }

    @Override
    public SssFrameType type() {
      return SssFrameType.PERF;
    }
  }
}
