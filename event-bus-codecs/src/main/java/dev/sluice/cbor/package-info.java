/**
 * CBOR (RFC 8949) for Sluice: a bounded decoder and a deterministic encoder on Jackson's
 * {@code jackson-dataformat-cbor}.
 *
 * <p>{@link dev.sluice.cbor.CborReader} decodes bytes into an immutable {@link dev.sluice.cbor.CborValue}
 * tree, checking every limit of {@link dev.sluice.cbor.CborOptions} before it allocates, and
 * refuses malformed input with one checked {@link dev.sluice.cbor.CborException} that names the
 * rule broken and the byte offset. {@link dev.sluice.cbor.CborWriter} encodes a tree, in the
 * deterministic form of RFC 8949 section 4.2 when asked (anything that is signed).
 *
 * <p>Map keys are integers or text strings: all that COSE, CWT and Sluice's own formats use.
 */
package dev.sluice.cbor;
