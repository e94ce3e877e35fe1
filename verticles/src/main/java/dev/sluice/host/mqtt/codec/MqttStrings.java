package dev.sluice.host.mqtt.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * MQTT's UTF-8 string rules as Mosquitto applies them (MQTT 3.1.1 §1.5.3): well-formed UTF-8 (no
 * encoded surrogates, no overlong forms), no U+0000, no control characters U+0001–U+001F and
 * U+007F–U+009F, no non-characters (U+FDD0–U+FDEF and U+xFFFE/U+xFFFF in every plane).
 */
public final class MqttStrings {
  private MqttStrings() {}

  /** The decoded string, or null and the reason in {@code why[0]} when a rule is broken. */
  public static String decode(byte[] raw, String[] why) {
    String s;
    try {
      s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
    } catch (CharacterCodingException e) {
      why[0] = "is not well-formed UTF-8 [MQTT-1.5.3-1]";
      return null;
    }
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == 0) {
        why[0] = "contains U+0000 [MQTT-1.5.3-2]";
        return null;
      }
      if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
        why[0] = String.format("contains the control character U+%04X [MQTT-1.5.3-1]", cp);
        return null;
      }
      if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe) {
        why[0] = String.format("contains the non-character U+%04X [MQTT-1.5.3-1]", cp);
        return null;
      }
    }
    return s;
  }
}
