package dev.sluice.sss.session.impl;

import dev.sluice.sss.Bytes;
import dev.sluice.sss.SssFlags;
import dev.sluice.sss.session.TxChunk;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts one frame's payload into pieces of at most {@link #MAX_PIECE} bytes, as lws does on both
 * ends (proxy: client tx to the onward stream; client: proxy rx to the application). The flags
 * that describe the whole payload go where they belong: SOM and POLL on the first piece only, EOM
 * and RELATED_END on the last only, RELATED_START on every piece. lws drops the other bits here
 * (RIDESHARE, PERF_JSON) and so do we. Bits above lws's (Sluice's ws BINARY and TEXT, from bit
 * 16) describe the whole message and go on every piece. An empty payload is one empty piece
 * carrying both ends.
 */
public final class PayloadChunker {

  /** lws's limit per piece: what it can emit on an onward connection atomically. */
  public static final int MAX_PIECE = 1380;

  private static final int FIRST = SssFlags.SOM | SssFlags.POLL;
  private static final int LAST = SssFlags.EOM | SssFlags.RELATED_END;
  /** Sluice's own message-wide flags (ws BINARY 1 << 16, TEXT 1 << 17); lws defines none there. */
  private static final int MESSAGE_WIDE = 0xffff0000;

  private PayloadChunker() {}

  /** Pieces of at most {@link #MAX_PIECE}. */
  public static List<TxChunk> split(Bytes payload, int flags) {
    return split(payload, flags, MAX_PIECE);
  }

  /** Pieces of at most {@code maxPiece} bytes. */
  public static List<TxChunk> split(Bytes payload, int flags, int maxPiece) {
    int pieces = Math.max(1, (payload.length() + maxPiece - 1) / maxPiece);
    List<TxChunk> out = new ArrayList<>(pieces);
    for (int i = 0; i < pieces; i++) {
      int from = i * maxPiece;
      int to = Math.min(payload.length(), from + maxPiece);
      int pieceFlags = flags & (SssFlags.RELATED_START | MESSAGE_WIDE);
      if (i == 0) {
        pieceFlags |= flags & FIRST;
      }
      if (i == pieces - 1) {
        pieceFlags |= flags & LAST;
      }
      out.add(new TxChunk(payload.slice(from, to), pieceFlags));
    }
    return out;
  }
}
