package dev.sluice.ss.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An AWS access key id and secret access key for SigV4. {@link #toString()} shows neither.
 *
 * @param keyId the access key id
 * @param secret the secret access key
 */
public record AwsCredentials(String keyId, String secret) {

  public AwsCredentials {
    if (keyId == null || keyId.isBlank() || secret == null || secret.isBlank()) {
      throw new IllegalArgumentException("an AWS key id and secret are both needed");
    }
  }

  @Override
  public String toString() {
    return "AwsCredentials[key id of " + keyId.length() + " characters]";
  }

  /** From two environment variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY by default). */
  public static AwsCredentials fromEnvironment(String keyIdVariable, String secretVariable) {
    String id = System.getenv(keyIdVariable);
    String secret = System.getenv(secretVariable);
    if (id == null || secret == null) {
      throw new IllegalArgumentException("the environment variables " + keyIdVariable + " and " + secretVariable
          + " must both be set");
    }
    return new AwsCredentials(id.trim(), secret.trim());
  }

  /**
   * From an AWS credentials file ({@code ~/.aws/credentials} format): the profile's
   * {@code aws_access_key_id} and {@code aws_secret_access_key}. Blocking: call off the event loop.
   */
  public static AwsCredentials fromFile(Path file, String profile) throws IOException {
    List<String> lines = Files.readAllLines(file);
    String section = null;
    String id = null;
    String secret = null;
    for (String raw : lines) {
      String line = raw.trim();
      if (line.startsWith("[") && line.endsWith("]")) {
        section = line.substring(1, line.length() - 1).trim();
        continue;
      }
      int eq = line.indexOf('=');
      if (!profile.equals(section) || eq < 0) {
        continue;
      }
      String key = line.substring(0, eq).trim();
      String value = line.substring(eq + 1).trim();
      if (key.equals("aws_access_key_id")) {
        id = value;
      } else if (key.equals("aws_secret_access_key")) {
        secret = value;
      }
    }
    if (id == null || secret == null) {
      throw new IllegalArgumentException(file + " has no aws_access_key_id and aws_secret_access_key in profile ["
          + profile + "]");
    }
    return new AwsCredentials(id, secret);
  }
}
