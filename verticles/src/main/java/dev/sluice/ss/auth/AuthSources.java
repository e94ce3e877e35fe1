package dev.sluice.ss.auth;

import dev.sluice.policy.AuthPolicy;
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
 *  "fixed": {"type": "static", "tokenFile": "token.txt"},
 *  "s3":    {"type": "sigv4", "accessKeyIdEnv": "AWS_ACCESS_KEY_ID", "secretAccessKeyEnv": "AWS_SECRET_ACCESS_KEY"}}</pre>
 *
 * An oauth2 entry without "streamtype" uses the policy auth entry's {@code streamtype}. A sigv4
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
            String clientId = secret(e, "clientId", name, false);
            String clientSecret = secret(e, "clientSecret", name, true);
            String streamtype = e.getString("streamtype");
            String authName = name;
            double renewAt = e.getDouble("renewAt", 0.8);
            TokenFetcher fetcher = () -> {
              String st = streamtype != null ? streamtype : policyStreamtype(vertx, authName);
              if (st == null || st.isEmpty()) {
                return Future.failedFuture(new IllegalStateException("auth \"" + authName
                    + "\" names no token streamtype (policy auth[].streamtype or hosts.http.auth." + authName
                    + ".streamtype)"));
              }
              return new OAuth2ClientCredentials(vertx, st, clientId, clientSecret, e.getString("scope")).fetch();
            };
            tokens.put(name, new RenewingTokenSource(vertx, name, fetcher, renewAt));
          }
          case "sigv4" -> sigv4.put(name, e.containsKey("credentialsFile")
              ? AwsCredentials.fromFile(Path.of(expandHome(e.getString("credentialsFile"))),
                  e.getString("profile", "default"))
              : AwsCredentials.fromEnvironment(e.getString("accessKeyIdEnv", "AWS_ACCESS_KEY_ID"),
                  e.getString("secretAccessKeyEnv", "AWS_SECRET_ACCESS_KEY")));
          default -> throw new IllegalArgumentException("hosts.http.auth." + name + ".type must be static, oauth2 or"
              + " sigv4, not \"" + type + "\"");
        }
      }
      return new AuthSources(tokens, sigv4);
    });
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
