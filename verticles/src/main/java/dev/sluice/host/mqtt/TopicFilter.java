package dev.sluice.host.mqtt;

/** MQTT topic filter matching ({@code +} one level, {@code #} the rest) and topic checks. */
public final class TopicFilter {
  private TopicFilter() {}

  /** Whether {@code topic} matches {@code filter} (MQTT 3.1.1 §4.7; '$' topics only match explicit filters). */
  public static boolean matches(String filter, String topic) {
    if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
      return false;
    }
    String[] f = filter.split("/", -1);
    String[] t = topic.split("/", -1);
    for (int i = 0; i < f.length; i++) {
      if (f[i].equals("#")) {
        return true;
      }
      if (i >= t.length) {
        return false;
      }
      if (!f[i].equals("+") && !f[i].equals(t[i])) {
        return false;
      }
    }
    return f.length == t.length;
  }

  /** Why {@code topic} cannot be published to, or null if it can. */
  public static String publishProblem(String topic) {
    if (topic.isEmpty()) {
      return "the publish topic is empty [MQTT-4.7.3-1]";
    }
    if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
      return "the publish topic \"" + topic + "\" contains a wildcard [MQTT-3.3.2-2]";
    }
    if (topic.indexOf('\0') >= 0) {
      return "the publish topic contains U+0000 [MQTT-1.5.3-2]";
    }
    return null;
  }

  /** Why {@code filter} cannot be subscribed to, or null if it can. */
  public static String filterProblem(String filter) {
    if (filter.isEmpty()) {
      return "the subscription filter is empty [MQTT-4.7.3-1]";
    }
    String[] levels = filter.split("/", -1);
    for (int i = 0; i < levels.length; i++) {
      String l = levels[i];
      if (l.contains("#") && (!l.equals("#") || i != levels.length - 1)) {
        return "'#' must be a whole last level in \"" + filter + "\" [MQTT-4.7.1-2]";
      }
      if (l.contains("+") && !l.equals("+")) {
        return "'+' must be a whole level in \"" + filter + "\" [MQTT-4.7.1-3]";
      }
    }
    return null;
  }
}
