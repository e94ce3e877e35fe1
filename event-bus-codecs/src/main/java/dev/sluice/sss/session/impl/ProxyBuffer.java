package dev.sluice.sss.session.impl;

/**
 * Byte accounting for one proxied stream's buffer (lws's dsh of {@code proxy_buflen} bytes),
 * shared by both directions as in lws: client tx waiting for the onward stream and onward rx
 * waiting for the client. Counts payload and frame bytes, not lws's per-entry overhead, so it
 * admits slightly more than an lws dsh of the same size would.
 */
public final class ProxyBuffer {

  private final int capacity;
  /** Bytes held, both directions. */
  private long used;

  public ProxyBuffer(int capacity) {
    this.capacity = capacity;
  }

  public int capacity() {
    return capacity;
  }

  public long used() {
    return used;
  }

  /** Takes {@code bytes} if they fit; false (and nothing taken) if not. */
  public boolean tryReserve(int bytes) {
    if (used + bytes > capacity) {
      return false;
    }
    used += bytes;
    return true;
  }

  /** Takes {@code bytes} even past the capacity: for small control frames that must not drop. */
  public void forceReserve(int bytes) {
    used += bytes;
  }

  public void release(long bytes) {
    used -= bytes;
    if (used < 0) {
      throw new IllegalStateException("released more than reserved: " + used);
    }
  }
}
