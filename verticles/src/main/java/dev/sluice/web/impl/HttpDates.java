package dev.sluice.web.impl;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** IMF-fixdate (RFC 9110 §5.6.7) both ways, to the second. */
final class HttpDates {
  private HttpDates() {}

  private static final DateTimeFormatter FORMAT = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  static String format(long millis) {
    return FORMAT.format(Instant.ofEpochMilli(millis / 1000 * 1000));
  }

  /** Seconds since the epoch, or -1 when the text is not a date. */
  static long parseSeconds(String text) {
    try {
      return Instant.from(FORMAT.parse(text.trim())).getEpochSecond();
    } catch (DateTimeParseException | NullPointerException e) {
      return -1;
    }
  }
}
