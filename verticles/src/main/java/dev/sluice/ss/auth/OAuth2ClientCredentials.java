package dev.sluice.ss.auth;

import dev.sluice.policy.MetadataDecl;
import dev.sluice.policy.StreamType;
import dev.sluice.runtime.PolicyHolder;
import dev.sluice.ss.SecureStreams;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4): POSTs {@code grant_type=client_credentials} with
 * the client id and the client's authentication — its secret (client_secret_post), or a freshly
 * signed JWT assertion (private_key_jwt, RFC 7523 §2.2) — to a token endpoint that is itself a
 * streamtype of the policy, so its TLS trust, retries and timeouts come from the policy like any
 * other stream's. The answer's {@code access_token} and {@code expires_in} make the token.
 */
public final class OAuth2ClientCredentials implements TokenFetcher {

  /** A token with no {@code expires_in} is taken to last this long. */
  static final long DEFAULT_LIFETIME_MS = 3_600_000;

  private final Vertx vertx;
  private final String streamtype;
  private final String clientId;
  private final ClientAuthentication auth;
  private final String scope;

  /** The form parameters that authenticate the client, made anew for each token request. */
  @FunctionalInterface
  public interface ClientAuthentication {
    /** The parameters; a failure's message says why without any secret in it. */
    Map<String, String> params() throws Exception;
  }

  /**
   * @param streamtype the policy's token-endpoint streamtype (a POST)
   * @param scope the scope to ask for, or null
   */
  public OAuth2ClientCredentials(Vertx vertx, String streamtype, String clientId, String clientSecret, String scope) {
    this(vertx, streamtype, clientId, () -> Map.of("client_secret", clientSecret), scope);
  }

  /**
   * @param auth the parameters that authenticate the client (computed off the event loop, as
   *     signing an assertion may take a while with RSA keys)
   */
  public OAuth2ClientCredentials(Vertx vertx, String streamtype, String clientId, ClientAuthentication auth,
      String scope) {
    this.vertx = vertx;
    this.streamtype = streamtype;
    this.clientId = clientId;
    this.auth = auth;
    this.scope = scope;
  }

  @Override
  public Future<Token> fetch() {
    return vertx.executeBlocking(auth::params, false)
        .recover(t -> Future.failedFuture(new IllegalStateException("client authentication for the token endpoint"
            + " failed: " + t.getMessage())))
        .compose(authParams -> {
          StringBuilder form = new StringBuilder("grant_type=client_credentials");
          param(form, "client_id", clientId);
          authParams.forEach((k, v) -> param(form, k, v));
          if (scope != null && !scope.isBlank()) {
            param(form, "scope", scope);
          }
          return SecureStreams.create(vertx).fetch(streamtype, formMetadata(), Buffer.buffer(form.toString()))
              .recover(t -> Future.failedFuture(new IllegalStateException("token endpoint (streamtype \"" + streamtype
                  + "\"): " + t.getMessage())));
        })
        .compose(OAuth2ClientCredentials::parse);
  }

  /** Sets the form's content type on whichever metadata the token streamtype binds to content-type. */
  private Map<String, String> formMetadata() {
    Map<String, String> m = new LinkedHashMap<>();
    StreamType type = PolicyHolder.of(vertx).require().policy().streamType(streamtype).orElse(null);
    if (type != null) {
      for (MetadataDecl d : type.metadata()) {
        if (d.headerName().equals("content-type")) {
          m.put(d.name(), "application/x-www-form-urlencoded");
        }
      }
    }
    return m;
  }

  static Future<Token> parse(Buffer body) {
    JsonObject j;
    try {
      j = new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      return Future.failedFuture(new IllegalStateException("the token endpoint's answer is not a JSON object ("
          + body.length() + " bytes)"));
    }
    Object token = j.getValue("access_token");
    if (!(token instanceof String s) || s.isBlank()) {
      return Future.failedFuture(new IllegalStateException("the token endpoint's answer has no access_token"
          + (j.containsKey("error") ? " (error \"" + j.getValue("error") + "\")" : "")));
    }
    Object expires = j.getValue("expires_in");
    long lifetime = DEFAULT_LIFETIME_MS;
    if (expires != null) {
      long secs;
      try {
        secs = expires instanceof Number n ? n.longValue() : Long.parseLong(expires.toString());
      } catch (NumberFormatException e) {
        return Future.failedFuture(new IllegalStateException("the token endpoint's expires_in is not a number"));
      }
      if (secs <= 0 || secs > 10L * 365 * 24 * 3600) {
        return Future.failedFuture(new IllegalStateException("the token endpoint's expires_in " + secs
            + " is out of range"));
      }
      lifetime = secs * 1000;
    }
    return Future.succeededFuture(new Token(s, lifetime));
  }

  private static void param(StringBuilder form, String name, String value) {
    form.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
  }
}
