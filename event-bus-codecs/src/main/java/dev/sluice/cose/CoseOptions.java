package dev.sluice.cose;

import dev.sluice.cbor.CborInt;
import dev.sluice.cbor.CborOptions;
import dev.sluice.cbor.CborText;
import dev.sluice.cbor.CborValue;
import java.util.HashSet;
import java.util.Set;

/**
 * How COSE messages are decoded: the CBOR limits, and which header labels this application
 * understands when a message lists them as critical (RFC 9052 section 3.1). A message whose
 * {@code crit} names any other label is refused with {@link CoseException.Reason#UNKNOWN_CRITICAL_HEADER}.
 */
public final class CoseOptions {
  /** Largest message accepted by default, in bytes. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

  /** CBOR limits for the message and its protected headers. */
  private CborOptions cbor = new CborOptions().setMaxInputBytes(DEFAULT_MAX_MESSAGE_BYTES).setMaxDepth(16);
  /** Labels understood when critical, beyond those this library processes itself. */
  private final Set<CborValue> understood = new HashSet<>();

  public CoseOptions() {}

  public CoseOptions(CoseOptions other) {
    this.cbor = new CborOptions(other.cbor);
    this.understood.addAll(other.understood);
  }

  public CborOptions getCborOptions() {
    return new CborOptions(cbor);
  }

  public CoseOptions setCborOptions(CborOptions cbor) {
    this.cbor = new CborOptions(cbor);
    return this;
  }

  /** Declares that the application understands (and will act on) an integer header label. */
  public CoseOptions understand(long label) {
    understood.add(new CborInt(label));
    return this;
  }

  /** Declares that the application understands (and will act on) a text header label. */
  public CoseOptions understand(String label) {
    understood.add(new CborText(label));
    return this;
  }

  /** True when {@code label} may appear in {@code crit}. */
  public boolean understands(CborValue label) {
    if (label instanceof CborInt i) {
      long l = i.value();
      // labels this library itself processes
      if (l == HeaderLabels.ALG || l == HeaderLabels.CRIT || l == HeaderLabels.CONTENT_TYPE || l == HeaderLabels.KID
          || l == HeaderLabels.IV || l == HeaderLabels.PARTIAL_IV) {
        return true;
      }
    }
    return understood.contains(label);
  }
}
