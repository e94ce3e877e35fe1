package dev.sluice.runtime.fetch;

/** A fetched policy that is not installed, and why: the message names the problem, never a key. */
public final class PolicyRefusedException extends Exception {

  public PolicyRefusedException(String reason) {
    super(reason, null, false, false);
  }
}
