package dev.sluice.runtime.fetch;

import dev.sluice.runtime.ComponentFactory;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * Deploys {@link PolicyFetchVerticle} from runtime.json's "policy-fetch" section, after the stream
 * hosts (it fetches through a stream). On by default: it does nothing until a policy has a
 * {@code fetch_policy} streamtype, and with no trusted keys it accepts no fetched policy.
 */
public final class PolicyFetchComponent implements ComponentFactory {

  @Override
  public String name() {
    return "policy-fetch";
  }

  @Override
  public int order() {
    return 30;
  }

  @Override
  public boolean enabledByDefault() {
    return true;
  }

  @Override
  public Deployable create(JsonObject config, Path confDir) {
    PolicyFetchOptions o = new PolicyFetchOptions(config);
    if (o.getTrustedKeys() != null && confDir != null && !Path.of(o.getTrustedKeys()).isAbsolute()) {
      o.setTrustedKeys(confDir.resolve(o.getTrustedKeys()).toString());
    }
    return new PolicyFetchVerticle(o);
  }
}
