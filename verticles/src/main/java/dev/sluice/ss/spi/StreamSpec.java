package dev.sluice.ss.spi;

import dev.sluice.policy.Policy;
import dev.sluice.policy.StreamType;
import io.vertx.core.Context;
import java.util.Map;

/**
 * Everything a host needs to run one stream.
 *
 * @param tag short name for logs, e.g. "ss-17|fetch"
 * @param type the streamtype, from the policy the stream was created with
 * @param policy that policy (for retry tables, trust stores, certs)
 * @param metadata the metadata set at creation (copied unless it is {@link FrozenMetadata})
 * @param context the context the stream's callbacks and connection run on
 * @param flags lws's creation flags (ACCEPTED for server streams, PROXIED for proxied ones)
 */
public record StreamSpec(String tag, StreamType type, Policy policy, Map<String, String> metadata, Context context,
    int flags) {

  public static final int FLAG_PROXIED = 2;
  public static final int FLAG_SERVER = 4;
  public static final int FLAG_ACCEPTED = 8;

  public StreamSpec {
    metadata = FrozenMetadata.freeze(metadata);
  }
}
