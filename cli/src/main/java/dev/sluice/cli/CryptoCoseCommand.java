package dev.sluice.cli;

import dev.sluice.cbor.CborException;
import dev.sluice.cbor.CborOptions;
import dev.sluice.cbor.CborReader;
import dev.sluice.cbor.CborTag;
import dev.sluice.cbor.CborValue;
import dev.sluice.cose.CoseAlgorithm;
import dev.sluice.cose.CoseEncrypt;
import dev.sluice.cose.CoseEncrypt0;
import dev.sluice.cose.CoseException;
import dev.sluice.cose.CoseHeaders;
import dev.sluice.cose.CoseKey;
import dev.sluice.cose.CoseMac;
import dev.sluice.cose.CoseMac0;
import dev.sluice.cose.CoseSign;
import dev.sluice.cose.CoseSign1;
import dev.sluice.cose.CoseType;
import dev.sluice.cose.RecipientSpec;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code sluice crypto cose sign|verify|encrypt|decrypt}: COSE messages (tagged CBOR) with keys
 * from JWK, PEM or COSE_Key files. A symmetric key signs as COSE_Mac0 and encrypts as
 * COSE_Encrypt0; a public-key pair signs as COSE_Sign1 and encrypts as COSE_Encrypt with one
 * recipient (ECDH-ES + HKDF-256 for EC2/X25519 keys, RSA-OAEP-256 for RSA keys).
 */
@Command(name = "cose", mixinStandardHelpOptions = true,
    description = "Sign, verify, encrypt and decrypt COSE messages (CBOR on stdin and stdout).")
final class CryptoCoseCommand implements Runnable {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] NO_AAD = new byte[0];

  @Spec CommandSpec spec;
  @ParentCommand CryptoCommand crypto;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing cose command (sign, verify, encrypt, decrypt)");
  }

  @Command(name = "sign", mixinStandardHelpOptions = true,
      description = {"Sign stdin: COSE_Sign1 with a private key, COSE_Mac0 with a symmetric key.",
          "--alg defaults to ES256/ES384/ES512 by curve, EdDSA, PS256 (RSA) or HMAC_256."})
  int sign(
      @Option(names = "--key", required = true, paramLabel = "FILE", description = "Private or symmetric key.") Path key,
      @Option(names = "--alg", paramLabel = "ALG", description = "ES256, ES384, ES512, EdDSA, PS256, PS384, PS512, "
          + "HMAC_256, HMAC_384, HMAC_512...") String alg) {
    return crypto.run(spec.subcommands().get("sign").getCommandSpec(), Main.EXIT_USAGE, () -> {
      CoseKey k = CryptoCommand.coseKey(key);
      boolean mac = k.type() == CoseKey.Type.SYMMETRIC;
      CoseAlgorithm a = alg != null ? algorithm(alg, mac ? CoseAlgorithm.Family.MAC : CoseAlgorithm.Family.SIGNATURE)
          : k.algorithm() != null ? k.algorithm() : mac ? CoseAlgorithm.HMAC_256 : signatureAlgorithm(k);
      byte[] payload = crypto.readInput();
      crypto.write(mac ? CoseMac0.create(headers(a, k), payload, NO_AAD, k).encode()
          : CoseSign1.sign(a, payload, k).encode());
    });
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {"Verify a COSE_Sign1, COSE_Sign, COSE_Mac0 or COSE_Mac from stdin; write its payload.",
          "An untagged message is taken as COSE_Sign1 (public key) or COSE_Mac0 (symmetric key)."})
  int verify(
      @Option(names = "--key", required = true, paramLabel = "FILE", description = "Public or symmetric key.") Path key,
      @Option(names = "--alg", paramLabel = "ALG", description = "Refuse messages of any other algorithm.") String alg) {
    return crypto.run(spec.subcommands().get("verify").getCommandSpec(), CryptoCommand.EXIT_REFUSED, () -> {
      CoseKey k = CryptoCommand.coseKey(key);
      boolean symmetric = k.type() == CoseKey.Type.SYMMETRIC;
      CoseAlgorithm wanted = alg == null ? null
          : algorithm(alg, symmetric ? CoseAlgorithm.Family.MAC : CoseAlgorithm.Family.SIGNATURE);
      byte[] msg = crypto.readInput();
      CoseType t = type(msg, symmetric ? CoseType.MAC0 : CoseType.SIGN1);
      byte[] payload;
      switch (t) {
        case SIGN1 -> {
          CoseSign1 m = CoseSign1.decode(msg);
          check(wanted, m.headers());
          m.verify(k, NO_AAD);
          payload = m.payload();
        }
        case SIGN -> {
          CoseSign m = CoseSign.decode(msg);
          m.verify(k, NO_AAD);
          payload = m.payload();
        }
        case MAC0 -> {
          CoseMac0 m = CoseMac0.decode(msg);
          check(wanted, m.headers());
          m.verify(k, NO_AAD);
          payload = m.payload();
        }
        case MAC -> {
          CoseMac m = CoseMac.decode(msg);
          check(wanted, m.headers());
          m.verify(k, NO_AAD);
          payload = m.payload();
        }
        default -> throw new CryptoCommand.Failure(CryptoCommand.EXIT_REFUSED, "not a signed or MACed message but a "
            + t.rfcName());
      }
      crypto.write(payload);
    });
  }

  @Command(name = "encrypt", mixinStandardHelpOptions = true,
      description = {"Encrypt stdin: COSE_Encrypt0 with a symmetric key (--alg A128GCM.., AES_CCM_.., CHACHA20_POLY1305;",
          "default the GCM of the key's size), else COSE_Encrypt to the key (--alg ECDH_ES_HKDF_256 default for EC2",
          "and X25519 keys, RSAES_OAEP_SHA_256 for RSA; A128KW.. or DIRECT for symmetric keys), content --enc (A256GCM)."})
  int encrypt(
      @Option(names = "--key", required = true, paramLabel = "FILE", description = "Recipient's or shared key.") Path key,
      @Option(names = "--alg", paramLabel = "ALG", description = "Content or key-distribution algorithm.") String alg,
      @Option(names = "--enc", paramLabel = "ENC", description = "Content encryption of a COSE_Encrypt.") String enc) {
    return crypto.run(spec.subcommands().get("encrypt").getCommandSpec(), Main.EXIT_USAGE, () -> {
      CoseKey k = CryptoCommand.coseKey(key);
      CoseAlgorithm a = alg == null ? null : algorithm(alg, null);
      byte[] plaintext = crypto.readInput();
      boolean symmetric = k.type() == CoseKey.Type.SYMMETRIC;
      if (symmetric && (a == null || a.family() == CoseAlgorithm.Family.CONTENT_ENCRYPTION)) {
        if (enc != null) {
          throw new CryptoCommand.Failure(Main.EXIT_USAGE, "--enc applies to COSE_Encrypt; COSE_Encrypt0 takes --alg");
        }
        CoseAlgorithm content = a != null ? a : gcmFor(k.secret().length * 8);
        crypto.write(CoseEncrypt0.encrypt(headers(content, k), plaintext, NO_AAD, k, RANDOM).encode());
        return;
      }
      CoseAlgorithm kd = a != null ? a : k.type() == CoseKey.Type.RSA ? CoseAlgorithm.RSAES_OAEP_SHA_256
          : CoseAlgorithm.ECDH_ES_HKDF_256;
      if (kd.family() != CoseAlgorithm.Family.KEY_DISTRIBUTION) {
        throw new CryptoCommand.Failure(Main.EXIT_USAGE, "--alg " + alg + " is not a key-distribution algorithm for a "
            + k.type() + " key");
      }
      CoseAlgorithm content = enc != null ? algorithm(enc, CoseAlgorithm.Family.CONTENT_ENCRYPTION)
          : kd == CoseAlgorithm.DIRECT ? gcmFor(k.secret().length * 8) : CoseAlgorithm.A256GCM;
      RecipientSpec r = RecipientSpec.of(kd, symmetric ? k : k.publicOnly());
      crypto.write(CoseEncrypt.encrypt(CoseHeaders.builder().algorithm(content).build(), plaintext, NO_AAD,
          List.of(r), null, RANDOM).encode());
    });
  }

  @Command(name = "decrypt", mixinStandardHelpOptions = true,
      description = {"Decrypt a COSE_Encrypt0 or COSE_Encrypt from stdin; write the plaintext.",
          "An untagged message is taken as COSE_Encrypt0 (symmetric key) or COSE_Encrypt."})
  int decrypt(
      @Option(names = "--key", required = true, paramLabel = "FILE", description = "Private or shared key.") Path key) {
    return crypto.run(spec.subcommands().get("decrypt").getCommandSpec(), CryptoCommand.EXIT_REFUSED, () -> {
      CoseKey k = CryptoCommand.coseKey(key);
      byte[] msg = crypto.readInput();
      CoseType t = type(msg, k.type() == CoseKey.Type.SYMMETRIC ? CoseType.ENCRYPT0 : CoseType.ENCRYPT);
      switch (t) {
        case ENCRYPT0 -> crypto.write(CoseEncrypt0.decode(msg).decrypt(k, NO_AAD));
        case ENCRYPT -> crypto.write(CoseEncrypt.decode(msg).decrypt(k, NO_AAD));
        default -> throw new CryptoCommand.Failure(CryptoCommand.EXIT_REFUSED, "not an encrypted message but a "
            + t.rfcName());
      }
    });
  }

  /** An algorithm by its name in {@link CoseAlgorithm} ("ES256", "EdDSA", "ECDH-ES-HKDF-256") or IANA number. */
  static CoseAlgorithm algorithm(String name, CoseAlgorithm.Family family) throws CryptoCommand.Failure {
    CoseAlgorithm a;
    try {
      a = name.matches("-?[0-9]+") ? CoseAlgorithm.fromId(Long.parseLong(name))
          : CoseAlgorithm.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      a = null;
    }
    if (a == null) {
      throw new CryptoCommand.Failure(Main.EXIT_USAGE, "unknown COSE algorithm \"" + name + "\"");
    }
    if (family != null && a.family() != family) {
      throw new CryptoCommand.Failure(Main.EXIT_USAGE, "COSE algorithm " + a + " is a " + a.family().name()
          .toLowerCase(Locale.ROOT).replace('_', ' ') + " algorithm, not a " + family.name().toLowerCase(Locale.ROOT)
          .replace('_', ' ') + " one");
    }
    return a;
  }

  /** ES256/384/512 by curve, EdDSA, or PS256 for RSA. */
  private static CoseAlgorithm signatureAlgorithm(CoseKey k) throws CryptoCommand.Failure {
    return switch (k.type()) {
      case RSA -> CoseAlgorithm.PS256;
      case OKP -> {
        if (!"Ed25519".equals(k.curveName()) && !"Ed448".equals(k.curveName())) {
          throw new CryptoCommand.Failure(Main.EXIT_USAGE, "a " + k.curveName() + " key cannot sign");
        }
        yield CoseAlgorithm.EDDSA;
      }
      default -> "P-384".equals(k.curveName()) ? CoseAlgorithm.ES384
          : "P-521".equals(k.curveName()) ? CoseAlgorithm.ES512 : CoseAlgorithm.ES256;
    };
  }

  private static CoseAlgorithm gcmFor(int bits) throws CryptoCommand.Failure {
    return switch (bits) {
      case 128 -> CoseAlgorithm.A128GCM;
      case 192 -> CoseAlgorithm.A192GCM;
      case 256 -> CoseAlgorithm.A256GCM;
      default -> throw new CryptoCommand.Failure(Main.EXIT_USAGE, "a " + bits + "-bit key fits no AES-GCM (128, 192, 256)");
    };
  }

  /** {@code alg} protected, the key's kid unprotected. */
  private static CoseHeaders headers(CoseAlgorithm alg, CoseKey k) {
    CoseHeaders.Builder h = CoseHeaders.builder().algorithm(alg);
    if (k.kid() != null) {
      h.kid(k.kid());
    }
    return h.build();
  }

  private static void check(CoseAlgorithm wanted, CoseHeaders h) throws CoseException, CryptoCommand.Failure {
    if (wanted != null && h.algorithm() != wanted) {
      throw new CryptoCommand.Failure(CryptoCommand.EXIT_REFUSED, "the message's algorithm " + h.algorithm()
          + " is not the required " + wanted);
    }
  }

  /** The message type of a tagged message, else {@code untagged}. */
  private static CoseType type(byte[] msg, CoseType untagged) throws CryptoCommand.Failure {
    CborValue v;
    try {
      v = new CborReader(new CborOptions()).decode(msg);
    } catch (CborException e) {
      throw new CryptoCommand.Failure(CryptoCommand.EXIT_REFUSED, "not a COSE message: " + e.getMessage());
    }
    if (v instanceof CborTag t) {
      CoseType type = CoseType.fromTag(t.tag());
      if (type == null) {
        throw new CryptoCommand.Failure(CryptoCommand.EXIT_REFUSED, "CBOR tag " + Long.toUnsignedString(t.tag())
            + " is not a COSE message tag");
      }
      return type;
    }
    return untagged;
  }
}
