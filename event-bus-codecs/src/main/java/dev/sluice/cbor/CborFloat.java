package dev.sluice.cbor;

/** A floating-point number (half, single or double precision on the wire). */
public record CborFloat(double value) implements CborValue {
  @Override
  public String kind() {
    return "float";
  }
}
