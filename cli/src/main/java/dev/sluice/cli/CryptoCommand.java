package dev.sluice.cli;

import com.nimbusds.jose.jwk.JWKSet;
import dev.sluice.cose.CoseException;
import dev.sluice.cose.CoseKey;
import dev.sluice.jose.JoseException;
import dev.sluice.jose.Jwks;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sluice crypto ...}: lws's crypto command-line examples on Sluice's JOSE and COSE. Every
 * subcommand reads stdin and writes stdout; errors are one line on stderr. Exit codes: 0 done,
 * 1 the input was refused (a signature that does not verify, a message that does not decrypt or
 * is malformed), 2 usage (a bad option, or a key file that is unreadable, not a key, or does not
 * fit the algorithm).
 */
@Command(name = "crypto", mixinStandardHelpOptions = true,
    description = {"JOSE and COSE from the command line: keys, signatures, encryption.",
        "Each command reads stdin and writes stdout; keys come from files (JWK, JWK set, PEM or COSE_Key CBOR)."},
    subcommands = {CryptoJwkCommand.class, CryptoJwsCommand.class, CryptoJweCommand.class, CryptoCoseCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done", "1:the input was refused (does not verify or decrypt, or is malformed)",
        "2:usage error (bad option, unusable key file)"})
final class CryptoCommand implements Runnable {

  /** Exit code when the input is refused. */
  static final int EXIT_REFUSED = 1;
  /** Largest input read from stdin or a key file. */
  static final int MAX_INPUT_BYTES = 16 * 1024 * 1024;

  @Spec CommandSpec spec;

  /** Where input comes from and output goes (tests replace them). */
  InputStream in = System.in;
  OutputStream out = System.out;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing crypto command (jwk, jws, jwe, cose)");
  }

  /** A failure with its exit code; the message is printed on stderr as it is. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;
    final int code;

    Failure(int code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }

  /** One crypto operation. */
  interface Action {
    void run() throws Failure, JoseException, CoseException, IOException;
  }

  /**
   * Runs an action for the command {@code cmd}: JOSE and COSE refusals exit {@code refusedCode}
   * (1 where the input is checked, 2 where the options are), every failure as one stderr line.
   */
  int run(CommandSpec cmd, int refusedCode, Action action) {
    String name = cmd.qualifiedName(" ");
    try {
      action.run();
      out.flush();
      return 0;
    } catch (Failure f) {
      return fail(cmd, name + ": " + f.getMessage(), f.code);
    } catch (JoseException | CoseException e) {
      return fail(cmd, name + ": " + e.getMessage(), refusedCode);
    } catch (IOException e) {
      return fail(cmd, name + ": " + e.getMessage(), EXIT_REFUSED);
    } catch (RuntimeException e) {
      // a library failure that slipped past its own checks: still one line, still exit 1
      return fail(cmd, name + ": failed (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", EXIT_REFUSED);
    }
  }

  private static int fail(CommandSpec cmd, String line, int code) {
    cmd.commandLine().getErr().println(line);
    cmd.commandLine().getErr().flush();
    return code;
  }

  /** All of stdin, bounded. */
  byte[] readInput() throws IOException, Failure {
    byte[] b = in.readNBytes(MAX_INPUT_BYTES + 1);
    if (b.length > MAX_INPUT_BYTES) {
      throw new Failure(EXIT_REFUSED, "input exceeds " + MAX_INPUT_BYTES + " bytes");
    }
    return b;
  }

  /** Stdin as text, without surrounding whitespace (a compact JWS/JWE, a JSON document). */
  String readText() throws IOException, Failure {
    return new String(readInput(), StandardCharsets.UTF_8).strip();
  }

  void write(byte[] b) throws IOException {
    out.write(b);
  }

  void writeLine(String s) throws IOException {
    out.write((s + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** The raw bytes of a key file, or a usage failure naming the file. */
  static byte[] keyBytes(Path file) throws Failure {
    try {
      if (Files.size(file) > MAX_INPUT_BYTES) {
        throw new Failure(Main.EXIT_USAGE, "--key " + file + ": larger than " + MAX_INPUT_BYTES + " bytes");
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new Failure(Main.EXIT_USAGE, "--key " + file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** True when key bytes are text (JWK JSON or PEM) rather than a COSE_Key. */
  static boolean isText(byte[] b) {
    String head = new String(b, 0, Math.min(b.length, 64), StandardCharsets.ISO_8859_1).stripLeading();
    return head.startsWith("{") || head.startsWith("-----BEGIN");
  }

  /** Every key in the file, as JWKs (a COSE_Key becomes one JWK). */
  static JWKSet joseKeys(Path file) throws Failure {
    byte[] b = keyBytes(file);
    try {
      if (isText(b)) {
        return Jwks.read(new String(b, StandardCharsets.UTF_8));
      }
      return new JWKSet(Jwks.fromCoseKey(CoseKey.decode(b)));
    } catch (JoseException | CoseException e) {
      throw new Failure(Main.EXIT_USAGE, "--key " + file + ": " + e.getMessage());
    }
  }

  /** The one key in the file, as a COSE_Key (a JWK or PEM key is converted). */
  static CoseKey coseKey(Path file) throws Failure {
    byte[] b = keyBytes(file);
    try {
      if (isText(b)) {
        return Jwks.toCoseKey(Jwks.readOne(new String(b, StandardCharsets.UTF_8)));
      }
      return CoseKey.decode(b);
    } catch (JoseException | CoseException e) {
      throw new Failure(Main.EXIT_USAGE, "--key " + file + ": " + e.getMessage());
    }
  }

  /** The one key in the file, as a JWK. */
  static com.nimbusds.jose.jwk.JWK joseKey(Path file) throws Failure {
    JWKSet set = joseKeys(file);
    if (set.getKeys().size() != 1) {
      throw new Failure(Main.EXIT_USAGE, "--key " + file + ": expected one key, found " + set.getKeys().size());
    }
    return set.getKeys().get(0);
  }
}
