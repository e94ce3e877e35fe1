package dev.sluice.ss;

/**
 * What a handler's {@code rx} or {@code state} callback asks for next, as lws's
 * {@code lws_ss_state_return_t}. Returning {@link #DESTROY_ME} is the safe way to destroy a stream
 * from inside its own callback.
 */
public enum CallbackResult {
  /** Carry on. */
  OK,
  /** Close the connection; the policy's retry and nailed-up rules decide what follows. */
  DISCONNECT_ME,
  /** Destroy the stream once the callback has returned. */
  DESTROY_ME
}
