package dev.sluice.policy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every per-streamtype key the policy knows: lws's 77 (spec §1.4, in the order of its reference
 * tables) plus {@code options} and Sluice's own extensions, which all start with
 * {@link #EXTENSION_PREFIX} so that lws (which ignores unknown keys) still accepts the policy.
 *
 * <p>This enum is the one list the parser, the writer and the reference docs work from.
 */
public enum StreamKey {
  // connection and common keys
  ENDPOINT("endpoint", ValueType.TEMPLATE),
  PORT("port", ValueType.UINT16),
  PROTOCOL("protocol", ValueType.PROTOCOL),
  VIA_SOCKS5("via-socks5", ValueType.STRING),
  TLS("tls", ValueType.FLAG),
  TLS_TRUST_STORE("tls_trust_store", ValueType.TRUST_STORE_REF),
  CLIENT_CERT("client_cert", ValueType.UINT8),
  SERVER("server", ValueType.FLAG),
  SERVER_CERT("server_cert", ValueType.CERT_REF),
  SERVER_KEY("server_key", ValueType.CERT_REF),
  RETRY("retry", ValueType.RETRY_REF),
  TIMEOUT_MS("timeout_ms", ValueType.UINT32),
  OPPORTUNISTIC("opportunistic", ValueType.FLAG),
  NAILED_UP("nailed_up", ValueType.FLAG),
  LONG_POLL("long_poll", ValueType.FLAG),
  ALLOW_REDIRECTS("allow_redirects", ValueType.FLAG),
  URGENT_TX("urgent_tx", ValueType.FLAG),
  URGENT_RX("urgent_rx", ValueType.FLAG),
  ATTR_PRIORITY("attr_priority", ValueType.PRIORITY),
  ATTR_LOW_LATENCY("attr_low_latency", ValueType.FLAG),
  ATTR_HIGH_THROUGHPUT("attr_high_throughput", ValueType.FLAG),
  ATTR_HIGH_RELIABILITY("attr_high_reliability", ValueType.FLAG),
  ATTR_LOW_COST("attr_low_cost", ValueType.FLAG),
  PERF("perf", ValueType.FLAG),
  SWAKE_VALIDITY("swake_validity", ValueType.FLAG),
  METADATA("metadata", ValueType.METADATA),
  PROXY_BUFLEN("proxy_buflen", ValueType.UINT32),
  PROXY_BUFLEN_RXFLOW_ON_ABOVE("proxy_buflen_rxflow_on_above", ValueType.UINT32),
  PROXY_BUFLEN_RXFLOW_OFF_BELOW("proxy_buflen_rxflow_off_below", ValueType.UINT32),
  CLIENT_BUFLEN("client_buflen", ValueType.UINT32),
  CLIENT_BUFLEN_RXFLOW_ON_ABOVE("client_buflen_rxflow_on_above", ValueType.UINT32),
  CLIENT_BUFLEN_RXFLOW_OFF_BELOW("client_buflen_rxflow_off_below", ValueType.UINT32),
  PAYLOAD_FMT("payload_fmt", ValueType.STRING),
  RIDESHARE("rideshare", ValueType.STREAMTYPE_REF),
  LOCAL_SINK("local_sink", ValueType.FLAG),
  USE_AUTH("use_auth", ValueType.AUTH_REF),
  AWS_REGION("aws_region", ValueType.METADATA_REF),
  AWS_SERVICE("aws_service", ValueType.METADATA_REF),
  DIRECT_PROTO_STR("direct_proto_str", ValueType.FLAG),
  PLUGINS("plugins", ValueType.IGNORED),

  // HTTP (h1, h2, h3 and the ws upgrade)
  HTTP_METHOD("http_method", ValueType.STRING),
  HTTP_URL("http_url", ValueType.TEMPLATE),
  HTTP_EXPECT("http_expect", ValueType.HTTP_STATUS),
  HTTP_FAIL_REDIRECT("http_fail_redirect", ValueType.FLAG_ANY_BOOL),
  HTTP_RESP_MAP("http_resp_map", ValueType.RESPONSE_MAP),
  HTTP_AUTH_HEADER("http_auth_header", ValueType.STRING),
  HTTP_DSN_HEADER("http_dsn_header", ValueType.STRING),
  HTTP_FWV_HEADER("http_fwv_header", ValueType.STRING),
  HTTP_DEVTYPE_HEADER("http_devtype_header", ValueType.STRING),
  HTTP_AUTH_PREAMBLE("http_auth_preamble", ValueType.STRING),
  HTTP_NO_CONTENT_LENGTH("http_no_content_length", ValueType.FLAG),
  HTTP_MULTIPART_NAME("http_multipart_name", ValueType.STRING),
  HTTP_MULTIPART_FILENAME("http_multipart_filename", ValueType.STRING),
  HTTP_MIME_CONTENT_TYPE("http_mime_content_type", ValueType.STRING),
  HTTP_MULTIPART_SS_IN("http_multipart_ss_in", ValueType.FLAG),
  HTTP_WWW_FORM_URLENCODED("http_www_form_urlencoded", ValueType.FLAG),
  HTTP_COOKIES("http_cookies", ValueType.FLAG),
  NGHTTP2_QUIRK_END_STREAM("nghttp2_quirk_end_stream", ValueType.FLAG),
  H2Q_OFLOW_TXCR("h2q_oflow_txcr", ValueType.FLAG),

  // WebSocket
  WS_SUBPROTOCOL("ws_subprotocol", ValueType.STRING),
  WS_BINARY("ws_binary", ValueType.FLAG),
  WS_PRIORITIZE_READS("ws_prioritize_reads", ValueType.FLAG),

  // MQTT
  MQTT_TOPIC("mqtt_topic", ValueType.TEMPLATE),
  MQTT_SUBSCRIBE("mqtt_subscribe", ValueType.TEMPLATE),
  MQTT_QOS("mqtt_qos", ValueType.QOS),
  MQTT_RETAIN("mqtt_retain", ValueType.FLAG),
  MQTT_KEEP_ALIVE("mqtt_keep_alive", ValueType.UINT16),
  MQTT_CLEAN_START("mqtt_clean_start", ValueType.FLAG),
  MQTT_WILL_TOPIC("mqtt_will_topic", ValueType.TEMPLATE),
  MQTT_WILL_MESSAGE("mqtt_will_message", ValueType.TEMPLATE),
  MQTT_WILL_QOS("mqtt_will_qos", ValueType.QOS),
  MQTT_WILL_RETAIN("mqtt_will_retain", ValueType.FLAG),
  MQTT_BIRTH_TOPIC("mqtt_birth_topic", ValueType.TEMPLATE),
  MQTT_BIRTH_MESSAGE("mqtt_birth_message", ValueType.TEMPLATE),
  MQTT_BIRTH_QOS("mqtt_birth_qos", ValueType.QOS),
  MQTT_BIRTH_RETAIN("mqtt_birth_retain", ValueType.FLAG),
  AWS_IOT("aws_iot", ValueType.FLAG),

  // server listener options (lws's options[].*), not counted among the 77
  OPTIONS("options", ValueType.OPTIONS),

  // Sluice extensions: always EXTENSION_PREFIX + name
  /** PEM certificate chain for a server streamtype, instead of a DER {@code server_cert}. */
  SLUICE_SERVER_CERT_PEM("sluice_server_cert_pem", ValueType.PATH),
  /** PEM private key for a server streamtype, instead of a DER {@code server_key}. */
  SLUICE_SERVER_KEY_PEM("sluice_server_key_pem", ValueType.PATH),
  /** Largest request or response body accepted on this streamtype, in bytes. */
  SLUICE_MAX_BODY("sluice_max_body", ValueType.UINT32),
  /** Server listeners: a connection with no traffic for this long is closed (0: the default). */
  SLUICE_IDLE_TIMEOUT_MS("sluice_idle_timeout_ms", ValueType.UINT32),
  /** Server listeners: a request's headers must be complete this long after the connection is idle. */
  SLUICE_HEADER_TIMEOUT_MS("sluice_header_timeout_ms", ValueType.UINT32),
  /** Server listeners: largest request header block (h1: 431 above it; h2: MAX_HEADER_LIST_SIZE). */
  SLUICE_MAX_HEADER_SIZE("sluice_max_header_size", ValueType.UINT32),
  /** Server listeners: longest h1 request line (414 above it). */
  SLUICE_MAX_LINE_LENGTH("sluice_max_line_length", ValueType.UINT32),
  /** Server listeners: h2 SETTINGS_MAX_CONCURRENT_STREAMS. */
  SLUICE_H2_MAX_STREAMS("sluice_h2_max_streams", ValueType.UINT32),
  /** Server listeners: how long a shutdown waits for requests in flight before closing. */
  SLUICE_DRAIN_TIMEOUT_MS("sluice_drain_timeout_ms", ValueType.UINT32);

  /** Every key Sluice adds beyond lws starts with this; lws ignores such keys. */
  public static final String EXTENSION_PREFIX = "sluice_";

  /** How many keys are lws's own per-streamtype keys (the enum up to, not including, OPTIONS). */
  public static final int LWS_KEY_COUNT = 77;

  private static final Map<String, StreamKey> BY_NAME = new HashMap<>();

  static {
    for (StreamKey k : values()) {
      BY_NAME.put(k.policyName, k);
    }
  }

  private final String policyName;
  private final ValueType type;

  StreamKey(String policyName, ValueType type) {
    this.policyName = policyName;
    this.type = type;
  }

  /** The key as written in a policy. */
  public String policyName() {
    return policyName;
  }

  public ValueType type() {
    return type;
  }

  /** True for Sluice's own keys, which lws does not know. */
  public boolean isExtension() {
    return policyName.startsWith(EXTENSION_PREFIX);
  }

  public static Optional<StreamKey> byPolicyName(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }
}
