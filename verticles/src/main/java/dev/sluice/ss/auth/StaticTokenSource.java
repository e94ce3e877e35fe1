package dev.sluice.ss.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;

/**
 * A token from an environment variable, or from a file read (off the event loop) each time it is
 * asked for, so that replacing the file rotates the token.
 */
public final class StaticTokenSource implements TokenSource {

  private final Vertx vertx;
  /** The file holding the token, or null to use {@link #envValue}. */
  private final String file;
  /** The token taken from the environment when {@link #file} is null; may be null. */
  private final String envValue;
  private final String envName;

  private StaticTokenSource(Vertx vertx, String file, String envName) {
    this.vertx = vertx;
    this.file = file;
    this.envName = envName;
    this.envValue = envName == null ? null : System.getenv(envName);
  }

  public static TokenSource fromFile(Vertx vertx, String file) {
    return new StaticTokenSource(vertx, file, null);
  }

  public static TokenSource fromEnvironment(String variable) {
    return new StaticTokenSource(null, null, variable);
  }

  @Override
  public Future<String> token() {
    if (file == null) {
      return envValue == null || envValue.isBlank()
          ? Future.failedFuture(new IllegalStateException("the environment variable " + envName + " is not set"))
          : Future.succeededFuture(envValue.trim());
    }
    return vertx.fileSystem().readFile(file)
        .map(b -> b.toString(StandardCharsets.UTF_8).trim())
        .transform(ar -> ar.succeeded() && !ar.result().isEmpty() ? Future.succeededFuture(ar.result())
            : Future.failedFuture(new IllegalStateException("no token in " + file)));
  }
}
