package dev.sluice.ss.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for one request, as lws signs {@code use_auth} streams of type
 * {@code sigv4}: the signed headers are {@code host} and every {@code x-amz-*} header, the
 * payload hash is the {@code x-amz-content-sha256} header's value, the time is {@code x-amz-date}'s.
 * Unlike lws, the query string is signed too (lws leaves it out, which AWS refuses). Stateless.
 */
public final class SigV4 {
  private SigV4() {}

  /** The hex SHA-256 of an empty payload. */
  public static final String EMPTY_PAYLOAD_HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  /** What S3 accepts in place of a payload hash for a streamed body. */
  public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

  /** The parts of a request that are signed. Header names are matched case-insensitively. */
  public record Request(String method, String path, String rawQuery, Map<String, String> headers, String payloadHash) {}

  /** What signing gives: the Authorization header and the intermediate forms, for diagnosis. */
  public record Signed(String authorization, String canonicalRequest, String stringToSign, String signedHeaders) {}

  /**
   * Signs {@code r}. {@code amzDate} is the request's {@code x-amz-date} (yyyyMMdd'T'HHmmss'Z');
   * the headers signed are those of {@code r.headers()} named {@code host} or starting
   * {@code x-amz-}.
   */
  public static Signed sign(Request r, String amzDate, String region, String service, AwsCredentials credentials) {
    if (amzDate == null || amzDate.length() != 16) {
      throw new IllegalArgumentException("x-amz-date must look like 20150830T123600Z");
    }
    SortedMap<String, String> signed = new TreeMap<>();
    for (Map.Entry<String, String> h : r.headers().entrySet()) {
      String name = h.getKey().toLowerCase(java.util.Locale.ROOT);
      if (name.equals("host") || name.startsWith("x-amz-")) {
        signed.put(name, h.getValue().trim().replaceAll(" +", " "));
      }
    }
    if (!signed.containsKey("host")) {
      throw new IllegalArgumentException("the host header must be signed");
    }
    StringBuilder canonicalHeaders = new StringBuilder();
    signed.forEach((k, v) -> canonicalHeaders.append(k).append(':').append(v).append('\n'));
    String signedHeaders = String.join(";", signed.keySet());
    String canonicalRequest = r.method() + "\n" + (r.path().isEmpty() ? "/" : r.path()) + "\n"
        + canonicalQuery(r.rawQuery()) + "\n" + canonicalHeaders + "\n" + signedHeaders + "\n" + r.payloadHash();
    String day = amzDate.substring(0, 8);
    String scope = day + "/" + region + "/" + service + "/aws4_request";
    String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
        + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + credentials.secret()).getBytes(StandardCharsets.UTF_8), day);
    key = hmac(key, region);
    key = hmac(key, service);
    key = hmac(key, "aws4_request");
    String signature = hex(hmac(key, stringToSign));
    String authorization = "AWS4-HMAC-SHA256 Credential=" + credentials.keyId() + "/" + scope + ", SignedHeaders="
        + signedHeaders + ", Signature=" + signature;
    return new Signed(authorization, canonicalRequest, stringToSign, signedHeaders);
  }

  /** The query sorted by name then value, each part percent-encoded as SigV4 requires. */
  static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>();
    for (String part : rawQuery.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String k = eq < 0 ? part : part.substring(0, eq);
      String v = eq < 0 ? "" : part.substring(eq + 1);
      pairs.add(new String[] {encode(decode(k)), encode(decode(v))});
    }
    pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    StringBuilder out = new StringBuilder();
    for (String[] p : pairs) {
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(p[0]).append('=').append(p[1]);
    }
    return out.toString();
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** RFC 3986 percent-encoding: unreserved characters stay, everything else is %XX in upper case. */
  static String encode(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
          || c == '.' || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  /** The hex SHA-256 of {@code data}, for x-amz-content-sha256. */
  public static String payloadHash(byte[] data) {
    return hex(sha256(data));
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no HmacSHA256", e);
    }
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
