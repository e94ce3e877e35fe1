package dev.sluice.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed policies, each with every error it must produce: JSON pointer, line:column and reason,
 * exactly. The first rows are lws's own refusals (policy-json.c), then wrong types, then what
 * Sluice adds (sizes, depth, encoding).
 */
class MalformedPoliciesTest {

  record Row(String name, byte[] input, List<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> rows() {
    return Stream.of(
        row("unknown protocol", text("{\"s\":[{\"a\":{\"protocol\":\"h4\"}}]}"),
            "/s/0/a/protocol | 1:24 | unknown protocol \"h4\" (valid: h1, h2, h3, ws, mqtt, raw)"),
        row("undefined retry", text("{\"retry\":[{\"default\":{\"backoff\":[100]}}],\"s\":[{\"mintest\":{\"retry\":\"fast\"}}]}"),
            "/s/0/mintest/retry | 1:67 | unknown retry policy \"fast\" (defined: \"default\")"),
        row("retry defined later", text("{\"s\":[{\"a\":{\"retry\":\"late\"}}],\"retry\":[{\"late\":{\"backoff\":[1]}}]}"),
            "/s/0/a/retry | 1:21 | unknown retry policy \"late\" (defined: none); it is defined later, at line 1:48, but lws needs a name defined before it is used"),
        row("undefined trust store", text("{\"s\":[{\"a\":{\"tls\":true,\"tls_trust_store\":\"nope\"}}]}"),
            "/s/0/a/tls_trust_store | 1:42 | unknown trust store \"nope\" (defined: none)"),
        row("undefined auth", text("{\"s\":[{\"a\":{\"use_auth\":\"sig\"}}]}"),
            "/s/0/a/use_auth | 1:24 | unknown auth \"sig\" (defined: none)"),
        row("undefined server cert", text("{\"s\":[{\"a\":{\"server\":true,\"server_cert\":\"c1\"}}]}"),
            "/s/0/a/server_cert | 1:41 | unknown cert \"c1\" (defined: none)"),
        row("undefined server key", text("{\"certs\":[{\"c1\":\"MAMCAQE=\"}],\"s\":[{\"a\":{\"server\":true,\"server_cert\":\"c1\",\"server_key\":\"k1\"}}]}"),
            "/s/0/a/server_key | 1:87 | unknown cert \"k1\" (defined: \"c1\")"),
        row("stack names unknown cert", text("{\"trust_stores\":[{\"name\":\"ts\",\"stack\":[\"missing\"]}]}"),
            "/trust_stores/0/stack/0 | 1:40 | unknown cert \"missing\" (defined: none)"),
        row("stack cert defined later", text("{\"trust_stores\":[{\"name\":\"ts\",\"stack\":[\"c\"]}],\"certs\":[{\"c\":\"MAMCAQE=\"}]}"),
            "/trust_stores/0/stack/0 | 1:40 | unknown cert \"c\" (defined: none); it is defined later, at line 1:61, but lws needs a name defined before it is used"),
        row("nine backoff entries", text("{\"retry\":[{\"r\":{\"backoff\":[1,2,3,4,5,6,7,8,9]}}]}"),
            "/retry/0/r/backoff/8 | 1:44 | more than 8 backoff entries (lws allows at most 8; the last entry is reused for later attempts)"),
        row("empty trust store", text("{\"certs\":[{\"c\":\"MAMCAQE=\"}],\"trust_stores\":[{\"name\":\"ts\",\"stack\":[]}]}"),
            "/trust_stores/0/stack | 1:66 | trust store \"ts\" has an empty stack (lws needs at least one cert)"),
        row("seven certs in a trust store", text("{\"certs\":[{\"c\":\"MAMCAQE=\"}],\"trust_stores\":[{\"name\":\"ts\",\"stack\":[\"c\",\"c\",\"c\",\"c\",\"c\",\"c\",\"c\"]}]}"),
            "/trust_stores/0/stack/6 | 1:91 | trust store has more than 6 certs (lws's limit)"),
        row("cert not base64", text("{\"certs\":[{\"c\":\"not base64!\"}]}"),
            "/certs/0/c | 1:16 | cert \"c\" is not valid base64"),
        row("cert not DER", text("{\"certs\":[{\"c\":\"aGVsbG8gd29ybGQ=\"}]}"),
            "/certs/0/c | 1:16 | cert \"c\" is base64 but not DER: starts with 0x68, not a SEQUENCE (0x30)"),
        row("cert over 3072 bytes", special("CERTBIG"),
            "/certs/0/big | 1:18 | cert \"big\" is 4004 bytes, over lws's limit of 3072 bytes"),
        row("seventeen resp map entries", special("RESPMAP17"),
            "/s/0/a/http_resp_map/16/516 | 1:245 | more than 16 http_resp_map entries (lws's limit)"),
        row("256 metadata entries", special("MD256"),
            "/s/0/a/metadata/255/m255 | 1:2983 | more than 255 metadata entries (lws's limit)"),
        row("streamtype name of 32 chars", text("{\"s\":[{\"abcdefghijabcdefghijabcdefghijab\":{}}]}"),
            "/s/0/abcdefghijabcdefghijabcdefghijab | 1:43 | streamtype name \"abcdefghijabcdefghijabcdefghijab\" is 32 characters; lws allows at most 31"),
        row("metadata name of 31 chars", text("{\"s\":[{\"a\":{\"metadata\":[{\"abcdefghijabcdefghijabcdefghija\":\"\"}]}}]}"),
            "/s/0/a/metadata/0/abcdefghijabcdefghijabcdefghija | 1:60 | metadata name \"abcdefghijabcdefghijabcdefghija\" is 31 characters; lws allows at most 30"),
        row("undeclared template in endpoint", text("{\"s\":[{\"a\":{\"endpoint\":\"${host}.example.com\",\"metadata\":[{\"port\":\"\"}]}}]}"),
            "/s/0/a/endpoint | 1:24 | ${host} is not declared in the metadata of streamtype \"a\" (declared: \"port\")"),
        row("undeclared template in http_url", text("{\"s\":[{\"a\":{\"http_url\":\"/x/${id}\"}}]}"),
            "/s/0/a/http_url | 1:24 | ${id} is not declared in the metadata of streamtype \"a\" (declared: none)"),
        row("undeclared template in mqtt topic", text("{\"s\":[{\"a\":{\"protocol\":\"mqtt\",\"mqtt_topic\":\"t/${dev}\",\"mqtt_subscribe\":\"u/${dev}\"}}]}"),
            "/s/0/a/mqtt_topic | 1:44 | ${dev} is not declared in the metadata of streamtype \"a\" (declared: none)", "/s/0/a/mqtt_subscribe | 1:72 | ${dev} is not declared in the metadata of streamtype \"a\" (declared: none)"),
        row("unterminated template", text("{\"s\":[{\"a\":{\"endpoint\":\"${host\"}}]}"),
            "/s/0/a/endpoint | 1:24 | unterminated \"${\" at character 1 in \"${host\""),
        row("string for a flag", text("{\"s\":[{\"a\":{\"tls\":\"true\"}}]}"),
            "/s/0/a/tls | 1:19 | expected true or false, not the string \"true\""),
        row("object for port", text("{\"s\":[{\"a\":{\"port\":{}}}]}"),
            "/s/0/a/port | 1:20 | expected an integer from 0 to 65535, not an object"),
        row("float port", text("{\"s\":[{\"a\":{\"port\":80.5}}]}"),
            "/s/0/a/port | 1:20 | expected an integer from 0 to 65535, not 80.5"),
        row("port 70000", text("{\"s\":[{\"a\":{\"port\":70000}}]}"),
            "/s/0/a/port | 1:20 | 70000 is out of range (0 to 65535)"),
        row("negative timeout", text("{\"s\":[{\"a\":{\"timeout_ms\":-1}}]}"),
            "/s/0/a/timeout_ms | 1:26 | -1 is out of range (0 to 4294967295)"),
        row("qos 3", text("{\"s\":[{\"a\":{\"mqtt_qos\":3}}]}"),
            "/s/0/a/mqtt_qos | 1:24 | 3 is out of range (0 to 2)"),
        row("attr_priority 8", text("{\"s\":[{\"a\":{\"attr_priority\":8}}]}"),
            "/s/0/a/attr_priority | 1:29 | 8 is out of range (0 to 7)"),
        row("http_expect 42", text("{\"s\":[{\"a\":{\"http_expect\":42}}]}"),
            "/s/0/a/http_expect | 1:27 | 42 is out of range (100 to 999)"),
        row("non-numeric string port", text("{\"s\":[{\"a\":{\"port\":\"eighty\"}}]}"),
            "/s/0/a/port | 1:20 | expected an integer from 0 to 65535, not the string \"eighty\""),
        row("s not an array", text("{\"s\":{\"a\":{}}}"),
            "/s | 1:6 | \"s\" must be an array of objects, not an object"),
        row("streamtype not an object", text("{\"s\":[{\"a\":7}]}"),
            "/s/0/a | 1:12 | streamtype \"a\" must be an object, not a number"),
        row("metadata not an array", text("{\"s\":[{\"a\":{\"metadata\":{\"x\":\"\"}}}]}"),
            "/s/0/a/metadata | 1:24 | \"metadata\" must be an array of {\"name\": \"header:\"} objects, not an object"),
        row("resp map key not a status", text("{\"s\":[{\"a\":{\"http_resp_map\":[{\"abc\":1000}]}}]}"),
            "/s/0/a/http_resp_map/0/abc | 1:37 | \"abc\" is not an HTTP status (100 to 999)"),
        row("malformed JSON missing colon", text("{\"s\" [1]}"),
            " | 1:6 | expected ':' after key \"s\" but found '['"),
        row("malformed JSON stray char", text("{\"s\":[{\"a\":{\"port\":443 x}}]}"),
            "/s/0/a | 1:24 | expected ',' or '}' but found 'x'"),
        row("unquoted key", text("{s:[]}"),
            " | 1:2 | expected a quoted key but found 's'"),
        row("comment", text("{\"s\":[] /* c */}"),
            " | 1:9 | expected ',' or '}' but found '/'"),
        row("bad escape", text("{\"release\":\"\\q\"}"),
            "/release | 1:14 | invalid escape '\\q' in a string"),
        row("control char in string", text("{\"release\":\"aCTRLb\"}"),
            "/release | 1:14 | control character U+0001 in a string (escape it)"),
        row("top-level array", text("[1,2]"),
            " | 1:1 | a policy must be a JSON object, not an array"),
        row("empty policy", text(""),
            " | 1:1 | the policy is empty"),
        row("nesting deeper than the limit", special("DEEP"),
            "/sluice_x/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0 | 1:44 | nesting deeper than the limit of 32 levels"),
        row("NUL byte", text("{\"release\":\"aNULb\"}"),
            " | 1:14 | NUL byte in the policy"),
        row("invalid UTF-8", special("BADUTF8"),
            " | 1:15 | invalid UTF-8: byte 0xc3 at offset 14"),
        row("over 1 MiB", special("BIG"),
            " | 0:0 | the policy is 1048590 bytes, over the limit of 1048576 bytes"),
        row("a lone truncated string", text("\"abc"),
            " | 1:1 | the policy holds no complete JSON value (it ends inside its first value)"),
        row("a lone truncated literal", text("  tru"),
            " | 1:1 | the policy holds no complete JSON value (it ends inside its first value)"),
        row("several problems at once", text("{\"s\":[{\"a\":{\"protocol\":\"h9\",\"retry\":\"x\",\"port\":99999}}]}"),
            "/s/0/a/protocol | 1:24 | unknown protocol \"h9\" (valid: h1, h2, h3, ws, mqtt, raw)", "/s/0/a/retry | 1:37 | unknown retry policy \"x\" (defined: none)", "/s/0/a/port | 1:48 | 99999 is out of range (0 to 65535)")
    ).map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void theParserReportsEveryProblemWithItsPointerPositionAndReason(Row row) {
    try {
      new PolicyParser().parse(row.input(), "p.json");
      fail("the policy was accepted; expected " + row.expected());
    } catch (PolicyException e) {
      assertThat(e.errors()).extracting(p -> p.pointer() + " | " + p.line() + ":" + p.column() + " | " + p.reason())
          .containsExactlyElementsOf(row.expected());
      assertThat(e.source()).isEqualTo("p.json");
      assertThat(e.getMessage()).startsWith(e.errors().get(0).format("p.json"));
    }
  }

  static long count() {
    return rows().count();
  }

  private static Row row(String name, byte[] input, String... expected) {
    return new Row(name, input, List.of(expected));
  }

  /** Policy text; the words NUL and CTRL stand for the bytes 0x00 and 0x01. */
  private static byte[] text(String s) {
    return s.replace("NUL", "\0").replace("CTRL", "\u0001").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] special(String which) {
    switch (which) {
      case "CERTBIG": {
        byte[] der = new byte[4004]; // a DER SEQUENCE of 4000 bytes: over lws's 3072-byte cert buffer
        der[0] = 0x30;
        der[1] = (byte) 0x82;
        der[2] = 0x0F;
        der[3] = (byte) 0xA0;
        return ("{\"certs\":[{\"big\":\"" + Base64.getEncoder().encodeToString(der) + "\"}]}").getBytes();
      }
      case "RESPMAP17": {
        StringBuilder sb = new StringBuilder("{\"s\":[{\"a\":{\"http_resp_map\":[");
        for (int i = 0; i < 17; i++) {
          sb.append(i == 0 ? "" : ",").append("{\"").append(500 + i).append("\":").append(1500 + i).append("}");
        }
        return sb.append("]}}]}").toString().getBytes();
      }
      case "MD256": {
        StringBuilder sb = new StringBuilder("{\"s\":[{\"a\":{\"metadata\":[");
        for (int i = 0; i < 256; i++) {
          sb.append(i == 0 ? "" : ",").append("{\"m").append(i).append("\":\"\"}");
        }
        return sb.append("]}}]}").toString().getBytes();
      }
      case "DEEP":
        return ("{\"sluice_x\":" + "[".repeat(40) + "]".repeat(40) + "}").getBytes();
      case "BADUTF8": {
        byte[] b = "{\"release\":\"a__b\"}".getBytes();
        b[14] = (byte) 0xC3; // a lead byte followed by '(' is not UTF-8
        b[15] = 0x28;
        return b;
      }
      case "BIG":
        return ("{\"release\":\"" + "x".repeat(1024 * 1024) + "\"}").getBytes();
      default:
        throw new IllegalArgumentException(which);
    }
  }
}
