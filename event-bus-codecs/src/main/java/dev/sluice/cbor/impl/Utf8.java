package dev.sluice.cbor.impl;

import dev.sluice.cbor.CborException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 check of a text string's raw bytes. Jackson's CBOR parser decodes leniently (it
 * turns the overlong {@code c0 af} into "/"), which would let two different encodings carry the
 * same text past a signature or a comparison, so the reader checks the bytes itself. ASCII, the
 * common case, is recognised without a decoder.
 */
final class Utf8 {
  private Utf8() {}

  /** Checks the text string whose head is {@code head} (definite, or indefinite with definite chunks). */
  static void check(byte[] in, CborHead head, int offset) throws CborException {
    if (!head.indefinite()) {
      checkRange(in, head.contentStart(), (int) head.argument(), offset);
      return;
    }
    int at = head.contentStart();
    // the parser has already read the whole string, so its chunks are well formed
    while ((in[at] & 0xff) != 0xff) {
      CborHead chunk = CborHead.read(in, at, in.length);
      checkRange(in, chunk.contentStart(), (int) chunk.argument(), at);
      at = chunk.contentStart() + (int) chunk.argument();
    }
  }

  static void checkRange(byte[] in, int from, int len, int offset) throws CborException {
    int end = from + len;
    int i = from;
    while (i < end && in[i] >= 0) {
      i++;
    }
    if (i == end) {
      return;
    }
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(in, i, end - i));
    } catch (CharacterCodingException e) {
      throw new CborException("invalid UTF-8 in text string", offset);
    }
  }
}
