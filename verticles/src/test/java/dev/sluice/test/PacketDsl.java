package dev.sluice.test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The byte notation of Mosquitto's packet test cases (testdata/corpus/mosquitto-packets/README.md):
 * hex bytes, iN (1 byte), HN/kN/mN/sN (2 bytes), LN (4 bytes), vN/rN (MQTT varint, written even
 * past the spec's limit), and 'text'.
 */
public final class PacketDsl {
  private PacketDsl() {}

  public static byte[] bytes(String spec) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < spec.length()) {
      char c = spec.charAt(i);
      if (c == ' ') {
        i++;
        continue;
      }
      if (c == '\'') {
        int end = spec.indexOf('\'', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException("unterminated text in " + spec);
        }
        out.writeBytes(spec.substring(i + 1, end).getBytes(StandardCharsets.UTF_8));
        i = end + 1;
        continue;
      }
      int end = spec.indexOf(' ', i);
      if (end < 0) {
        end = spec.length();
      }
      token(spec.substring(i, end), out);
      i = end;
    }
    return out.toByteArray();
  }

  private static void token(String t, ByteArrayOutputStream out) {
    char k = t.charAt(0);
    if ("iHkmsLvr".indexOf(k) >= 0 && t.length() > 1 && t.substring(1).chars().allMatch(Character::isDigit)) {
      long n = Long.parseLong(t.substring(1));
      switch (k) {
        case 'i' -> out.write((int) n);
        case 'H', 'k', 'm', 's' -> {
          out.write((int) (n >> 8) & 0xff);
          out.write((int) n & 0xff);
        }
        case 'L' -> {
          for (int s = 24; s >= 0; s -= 8) {
            out.write((int) (n >> s) & 0xff);
          }
        }
        default -> {
          do {
            int d = (int) (n % 128);
            n /= 128;
            out.write(n > 0 ? d | 0x80 : d);
          } while (n > 0);
        }
      }
      return;
    }
    if (t.length() % 2 != 0) {
      throw new IllegalArgumentException("odd hex token " + t);
    }
    for (int j = 0; j < t.length(); j += 2) {
      out.write(Integer.parseInt(t.substring(j, j + 2), 16));
    }
  }
}
