package dev.sluice.ss.auth;

import dev.sluice.policy.AuthPolicy;
import dev.sluice.policy.StreamType;
import dev.sluice.runtime.PolicyHolder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The credentials behind the policy's {@code auth[]} names, from the "auth" part of the HTTP host's
 * configuration (runtime.json {@code hosts.http.auth}); secrets come from files or the environment,
 * never from the policy or runtime.json itself:
 *
 * <pre>{"myapi": {"type": "oauth2", "clientId": "sluice-device", "clientSecretFile": "secret.txt",
 *            "scope": "read", "renewAt": 0.8, "streamtype": "token_endpoint"},
 *  "signed": {"type": "private_key_jwt", "clientId": "sluice-device", "keyFile": "client-key.pem",
 *            "kid": "device-key-1", "alg": "ES256", "audience": "https://as.example/token", "assertionLifetimeSecs": 60},
 *  "fixed": {"type": "static", "tokenFile": "token.txt"},
 *  "s3":    {"type": "sigv4", "accessKeyIdEnv": "AWS_ACCESS_KEY_ID", "secretAccessKeyEnv": "AWS_SECRET_ACCESS_KEY"}}</pre>
 *
 * An oauth2 or private_key_jwt entry without "streamtype" uses the policy auth entry's
 * {@code streamtype}; a private_key_jwt entry without "audience" uses that streamtype's URL. A sigv4
 * entry may give {@code "credentialsFile"} and {@code "profile"} instead of the environment.
 */
public final class AuthSources {

  private final Map<String, TokenSource> tokens;
  private final Map<String, AwsCredentials> sigv4;

  private AuthSources(Map<String, TokenSource> tokens, Map<String, AwsCredentials> sigv4) {
    this.tokens = tokens;
    this.sigv4 = sigv4;
  }

  public static AuthSources none() {
    return new AuthSources(Map.of(), Map.of());
  }

  /** The token source of an auth name, or null when none is configured. */
  public TokenSource tokens(String authName) {
    return tokens.get(authName);
  }

  /** The SigV4 credentials of an auth name, or null when none are configured. */
  public AwsCredentials sigv4(String authName) {
    return sigv4.get(authName);
  }

  public void close() {
    tokens.values().forEach(TokenSource::close);
  }

  /**
   * Reads the configuration (secrets files are read off the event loop). Fails naming the auth
   * entry and the key that is wrong, never a secret.
   */
  public static Future<AuthSources> load(Vertx vertx, JsonObject conf) {
    return vertx.executeBlocking(() -> {
      Map<String, TokenSource> tokens = new HashMap<>();
      Map<String, AwsCredentials> sigv4 = new HashMap<>();
      for (String name : conf.fieldNames()) {
        Object v = conf.getValue(name);
        if (!(v instanceof JsonObject e)) {
          throw new IllegalArgumentException("hosts.http.auth." + name + " must be an object");
        }
        String type = e.getString("type", "");
        switch (type) {
          case "static" -> tokens.put(name, e.containsKey("tokenFile")
              ? StaticTokenSource.fromFile(vertx, e.getString("tokenFile"))
              : StaticTokenSource.fromEnvironment(e.getString("tokenEnv", "SLUICE_AUTH_TOKEN")));
          case "oauth2" -> {
            String clientSecret = secret(e, "clientSecret", name, true);
            tokens.put(name, clientCredentials(vertx, name, e, () -> Map.of("client_secret", clientSecret)));
          }
          case "private_key_jwt" -> {
            String where = "hosts.http.auth." + name;
            if (!e.containsKey("keyFile")) {
              throw new IllegalArgumentException(where + " needs keyFile (a PEM or JWK file with the client's private key)");
            }
            long lifetime = e.getLong("assertionLifetimeSecs", 60L);
            if (lifetime <= 0 || lifetime > 3600) {
              throw new IllegalArgumentException(where + ".assertionLifetimeSecs must be 1..3600, not " + lifetime);
            }
            String audience = e.getString("audience");
            String authName = name;
            PrivateKeyJwt jwt = PrivateKeyJwt.load(where, Path.of(expandHome(e.getString("keyFile"))),
                e.getString("alg"), e.getString("kid"), secret(e, "clientId", name, false),
                () -> audience != null ? audience : tokenEndpointUrl(vertx, authName, e.getString("streamtype")),
                java.time.Duration.ofSeconds(lifetime));
            tokens.put(name, clientCredentials(vertx, name, e, jwt));
          }
          case "sigv4" -> sigv4.put(name, e.containsKey("credentialsFile")
              ? AwsCredentials.fromFile(Path.of(expandHome(e.getString("credentialsFile"))),
                  e.getString("profile", "default"))
              : AwsCredentials.fromEnvironment(e.getString("accessKeyIdEnv", "AWS_ACCESS_KEY_ID"),
                  e.getString("secretAccessKeyEnv", "AWS_SECRET_ACCESS_KEY")));
          default -> throw new IllegalArgumentException("hosts.http.auth." + name + ".type must be static, oauth2,"
              + " private_key_jwt or sigv4, not \"" + type + "\"");
        }
      }
      return new AuthSources(tokens, sigv4);
    });
  }

  /** OAuth2 client credentials for an auth entry, authenticated by {@code auth}, renewed before expiry. */
  private static TokenSource clientCredentials(Vertx vertx, String name, JsonObject e,
      OAuth2ClientCredentials.ClientAuthentication auth) throws Exception {
    String clientId = secret(e, "clientId", name, false);
    String streamtype = e.getString("streamtype");
    double renewAt = e.getDouble("renewAt", 0.8);
    TokenFetcher fetcher = () -> {
      String st = streamtype != null ? streamtype : policyStreamtype(vertx, name);
      if (st == null || st.isEmpty()) {
        return Future.failedFuture(new IllegalStateException("auth \"" + name
            + "\" names no token streamtype (policy auth[].streamtype or hosts.http.auth." + name + ".streamtype)"));
      }
      return new OAuth2ClientCredentials(vertx, st, clientId, auth, e.getString("scope")).fetch();
    };
    return new RenewingTokenSource(vertx, name, fetcher, renewAt);
  }

  /** The token endpoint's URL, as the audience of an assertion; refused when the policy cannot tell it. */
  private static String tokenEndpointUrl(Vertx vertx, String authName, String streamtype) {
    String st = streamtype != null ? streamtype : policyStreamtype(vertx, authName);
    StreamType t = st == null ? null : PolicyHolder.of(vertx).require().policy().streamType(st).orElse(null);
    String url = t == null ? null : PrivateKeyJwt.endpointUrl(t);
    if (url == null) {
      throw new IllegalStateException("auth \"" + authName + "\": the token endpoint's URL cannot be told from the"
          + " policy (streamtype \"" + st + "\"); set hosts.http.auth." + authName + ".audience");
    }
    return url;
  }

  private static String policyStreamtype(Vertx vertx, String authName) {
    AuthPolicy a = PolicyHolder.of(vertx).require().policy().auths().get(authName);
    return a == null ? null : a.streamtype();
  }

  /** "KEY" itself, or the content of "KEYFile", or the variable named by "KEYEnv". */
  private static String secret(JsonObject e, String key, String name, boolean mustBeIndirect) throws Exception {
    if (e.containsKey(key + "File")) {
      String v = Files.readString(Path.of(expandHome(e.getString(key + "File")))).trim();
      if (v.isEmpty()) {
        throw new IllegalArgumentException("hosts.http.auth." + name + "." + key + "File is empty");
      }
      return v;
    }
    if (e.containsKey(key + "Env")) {
      String v = System.getenv(e.getString(key + "Env"));
      if (v == null || v.isBlank()) {
        throw new IllegalArgumentException("hosts.http.auth." + name + "." + key + "Env names an unset variable");
      }
      return v.trim();
    }
    if (!mustBeIndirect && e.containsKey(key)) {
      return e.getString(key);
    }
    throw new IllegalArgumentException("hosts.http.auth." + name + " needs " + (mustBeIndirect ? "" : key + ", ")
        + key + "File or " + key + "Env");
  }

  private static String expandHome(String p) {
    return p.startsWith("~/") ? System.getProperty("user.home") + p.substring(1) : p;
  }
}
