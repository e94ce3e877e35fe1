package dev.sluice.cli;

import com.nimbusds.jose.jwk.JWK;
import dev.sluice.cose.CoseException;
import dev.sluice.cose.CoseKey;
import dev.sluice.jose.JoseException;
import dev.sluice.jose.Jwks;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code sluice crypto jwk new|convert}: make a key, or convert one between JWK, PEM and COSE_Key. */
@Command(name = "jwk", mixinStandardHelpOptions = true, description = "Make a key, or convert one (JWK, PEM, COSE_Key).")
final class CryptoJwkCommand implements Runnable {

  @Spec CommandSpec spec;
  @ParentCommand CryptoCommand crypto;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing jwk command (new, convert)");
  }

  /** Output formats. */
  enum Format { jwk, pem, cose }

  @Command(name = "new", mixinStandardHelpOptions = true,
      description = {"Generate a key and write it (private part included) to stdout.",
          "EC: --crv P-256 (default), P-384, P-521. OKP: --crv Ed25519 (default), X25519.",
          "RSA: --size bits (2048 default). oct: --size bits (256 default)."})
  int newKey(
      @Option(names = "--kty", required = true, paramLabel = "EC|RSA|OKP|oct", description = "Key type.") String kty,
      @Option(names = "--crv", paramLabel = "CURVE", description = "Curve of an EC or OKP key.") String crv,
      @Option(names = "--size", paramLabel = "BITS", description = "Size of an RSA or oct key.") Integer size,
      @Option(names = "--kid", paramLabel = "ID", description = "Key id.") String kid,
      @Option(names = "--format", paramLabel = "jwk|pem|cose", defaultValue = "jwk",
          description = "Output: JWK JSON (default), PKCS#8 PEM, or COSE_Key CBOR.") Format format) {
    return crypto.run(spec.subcommands().get("new").getCommandSpec(), Main.EXIT_USAGE, () -> {
      boolean curved = "EC".equals(kty) || "OKP".equals(kty);
      if (curved && size != null || !curved && crv != null) {
        throw new CryptoCommand.Failure(Main.EXIT_USAGE, curved ? "--size does not apply to " + kty + " keys (use --crv)"
            : "--crv does not apply to " + kty + " keys (use --size)");
      }
      JWK key = Jwks.generate(kty, curved ? crv : size == null ? null : size.toString(), kid);
      emit(key, format, false);
    });
  }

  @Command(name = "convert", mixinStandardHelpOptions = true,
      description = {"Read a key (JWK, PEM or COSE_Key CBOR) from stdin and write it in another format.",
          "--public writes only the public half."})
  int convert(
      @Option(names = "--to", required = true, paramLabel = "jwk|pem|cose", description = "Output format.") Format to,
      @Option(names = "--public", description = "Write only the public key.") boolean publicOnly) {
    return crypto.run(spec.subcommands().get("convert").getCommandSpec(), CryptoCommand.EXIT_REFUSED, () -> {
      byte[] in = crypto.readInput();
      JWK key = CryptoCommand.isText(in) ? Jwks.readOne(new String(in, StandardCharsets.UTF_8))
          : Jwks.fromCoseKey(CoseKey.decode(in));
      emit(key, to, publicOnly);
    });
  }

  private void emit(JWK key, Format format, boolean publicOnly) throws JoseException, CoseException,
      java.io.IOException, CryptoCommand.Failure {
    JWK k = publicOnly ? key.toPublicJWK() : key;
    if (k == null) {
      throw new CryptoCommand.Failure(Main.EXIT_USAGE, "an oct key has no public half");
    }
    switch (format) {
      case jwk -> crypto.writeLine(k.toJSONString());
      case pem -> crypto.write(Jwks.toPem(k, !publicOnly).getBytes(StandardCharsets.US_ASCII));
      default -> crypto.write(Jwks.toCoseKey(k).encode());
    }
  }
}
