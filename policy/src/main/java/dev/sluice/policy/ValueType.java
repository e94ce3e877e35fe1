package dev.sluice.policy;

/** How a policy key's value is written and checked. */
public enum ValueType {
  /** A string copied as given. */
  STRING,
  /** A string with {@code ${metadata}} placeholders, checked against the streamtype's metadata. */
  TEMPLATE,
  /** A flag: only JSON {@code true} sets it; {@code false} leaves the default (off). */
  FLAG,
  /** A boolean where both {@code true} and {@code false} set the flag (lws's http_fail_redirect). */
  FLAG_ANY_BOOL,
  /** An unsigned 8-bit integer. */
  UINT8,
  /** An unsigned 16-bit integer. */
  UINT16,
  /** An unsigned 32-bit integer. */
  UINT32,
  /** An HTTP status code, 100 to 999. */
  HTTP_STATUS,
  /** attr_priority: 0 to 7. */
  PRIORITY,
  /** An MQTT QoS: 0 to 2. */
  QOS,
  /** One of {@link Protocol}'s names. */
  PROTOCOL,
  /** The name of a {@code retry[]} entry defined earlier. */
  RETRY_REF,
  /** The name of a {@code trust_stores[]} entry defined earlier. */
  TRUST_STORE_REF,
  /** The name of an {@code auth[]} entry defined earlier. */
  AUTH_REF,
  /** The name of a {@code certs[]} entry defined earlier. */
  CERT_REF,
  /** The name of another streamtype (rideshare), looked up when used. */
  STREAMTYPE_REF,
  /** The name of one of this streamtype's metadata items. */
  METADATA_REF,
  /** The metadata declaration array. */
  METADATA,
  /** The http_resp_map array. */
  RESPONSE_MAP,
  /** options[]: string pairs for a server's listener. */
  OPTIONS,
  /** A file path (Sluice extensions), relative to the policy file's directory. */
  PATH,
  /** Parsed and ignored, as lws does (deprecated keys). */
  IGNORED
}
