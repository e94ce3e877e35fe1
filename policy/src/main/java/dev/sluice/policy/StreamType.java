package dev.sluice.policy;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One streamtype of the policy: its name and the values of the keys it sets. Keys it does not set
 * read as lws's defaults (off, 0, "", empty). Immutable.
 *
 * <p>Values are typed by {@link StreamKey#type()}: String for strings and references, {@link
 * Template} for templates, Boolean for flags, Long for integers, {@link Protocol}, {@code
 * List<MetadataDecl>}, {@code List<ResponseMapping>}, {@code Map<String, String>} for options.
 *
 * @param name the streamtype name applications create streams with (under 32 characters)
 * @param values the keys this streamtype sets
 */
public record StreamType(String name, Map<StreamKey, Object> values) {

  /** lws's limit: streamtype names are shorter than 32 characters. */
  public static final int MAX_NAME_LENGTH = 31;

  public StreamType {
    EnumMap<StreamKey, Object> copy = new EnumMap<>(StreamKey.class);
    copy.putAll(values);
    values = Collections.unmodifiableMap(copy);
  }

  /** True when the policy sets this key (a flag set to true, any other value given). */
  public boolean has(StreamKey key) {
    return values.containsKey(key);
  }

  public boolean flag(StreamKey key) {
    return Boolean.TRUE.equals(values.get(key));
  }

  /** A string value, or "" when unset. */
  public String string(StreamKey key) {
    Object v = values.get(key);
    return v == null ? "" : v.toString();
  }

  /** An integer value, or {@code dflt} when unset. */
  public long number(StreamKey key, long dflt) {
    Object v = values.get(key);
    return v instanceof Long l ? l : dflt;
  }

  /** A template value, if set. */
  public Optional<Template> template(StreamKey key) {
    return Optional.ofNullable((Template) values.get(key));
  }

  public Protocol protocol() {
    Object p = values.get(StreamKey.PROTOCOL);
    return p == null ? Protocol.H1 : (Protocol) p;
  }

  public Optional<Template> endpoint() {
    return template(StreamKey.ENDPOINT);
  }

  /** The port, or 0 when the policy leaves it to the endpoint URL or the protocol's default. */
  public int port() {
    return (int) number(StreamKey.PORT, 0);
  }

  public boolean tls() {
    return flag(StreamKey.TLS);
  }

  public boolean server() {
    return flag(StreamKey.SERVER);
  }

  /** The retry policy's name, or "" for none (then a failure is final: see {@link RetrySchedule}). */
  public String retry() {
    return string(StreamKey.RETRY);
  }

  /** The trust store's name, or "" to use the platform's default trust. */
  public String trustStore() {
    return string(StreamKey.TLS_TRUST_STORE);
  }

  public long timeoutMs() {
    return number(StreamKey.TIMEOUT_MS, 0);
  }

  public boolean nailedUp() {
    return flag(StreamKey.NAILED_UP);
  }

  @SuppressWarnings("unchecked")
  public List<MetadataDecl> metadata() {
    Object v = values.get(StreamKey.METADATA);
    return v == null ? List.of() : (List<MetadataDecl>) v;
  }

  /** The metadata item of that name, if declared. */
  public Optional<MetadataDecl> metadata(String name) {
    for (MetadataDecl d : metadata()) {
      if (d.name().equals(name)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  @SuppressWarnings("unchecked")
  public List<ResponseMapping> responseMap() {
    Object v = values.get(StreamKey.HTTP_RESP_MAP);
    return v == null ? List.of() : (List<ResponseMapping>) v;
  }

  @SuppressWarnings("unchecked")
  public Map<String, String> options() {
    Object v = values.get(StreamKey.OPTIONS);
    return v == null ? Map.of() : (Map<String, String>) v;
  }

  /** The HTTP method, "GET" when unset. */
  public String httpMethod() {
    String m = string(StreamKey.HTTP_METHOD);
    return m.isEmpty() ? "GET" : m;
  }

  /** The MQTT QoS for publishing, 0 when unset. */
  public int mqttQos() {
    return (int) number(StreamKey.MQTT_QOS, 0);
  }

  /** A copy with {@code overlay}'s values set over this one's (lws's policy overlay). */
  public StreamType overlaidWith(Map<StreamKey, Object> overlay) {
    EnumMap<StreamKey, Object> merged = new EnumMap<>(StreamKey.class);
    merged.putAll(values);
    merged.putAll(overlay);
    return new StreamType(name, merged);
  }
}
