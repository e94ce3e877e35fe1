package dev.sluice.sss;

/**
 * What a receiver accepts right now. A session implements this so that its reader refuses a
 * frame the session's state forbids (as lws hangs up on it) as soon as the type byte arrives, and
 * METADATA whose name the proxy's policy does not declare.
 */
public interface SssFrameGate {

  /** Accepts every frame of the reader's direction and every metadata name. */
  SssFrameGate OPEN = new SssFrameGate() {
    @Override
    public boolean allows(SssFrameType type) {
      return true;
    }

    @Override
    public String stateName() {
      return "OPEN";
    }
  };

  /** Whether a frame of this type may arrive now. */
  boolean allows(SssFrameType type);

  /** The current state's name, for error messages. */
  String stateName();

  /** Whether client METADATA may carry this name. */
  default boolean declaresMetadata(String name) {
    return true;
  }
}
