package causse.server.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import causse.server.sasl.ScramCredentials.ScramAlgorithm;
import causse.storage.ScramCredential;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScramCredentialsTest {

    @Test
    void saslPrep() {
        assertThat(ScramCredentials.saslPrep("pencil")).isEqualTo("pencil");
        assertThat(ScramCredentials.saslPrep("Pen Cil")).isEqualTo("Pen Cil");
        assertThat(ScramCredentials.saslPrep("a\u00a0b\u3000c")).isEqualTo("a b c");
        assertThat(ScramCredentials.saslPrep("cafe\u0301")).isEqualTo("caf\u00e9");
        // OpaqueString keeps case and width.
        assertThat(ScramCredentials.saslPrep("ＰＡＳＳ")).isEqualTo("ＰＡＳＳ");
        for (String bad : new String[] {null, "", "tab\there", "nul\0", "del\u007f", "\ud800"}) {
            assertThatThrownBy(() -> ScramCredentials.saslPrep(bad)).as(String.valueOf(bad))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> ScramCredentials.saslPrep("secret\u0007"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
    }

    @Test
    void deriveAppliesSaslPrep() {
        ScramCredentials credentials = new ScramCredentials(new SecureRandom(), 4096);
        List<ScramCredential> derived = credentials.derive("a\u00a0b");
        assertThat(derived).extracting(ScramCredential::mechanism)
                .containsExactly(ScramCredentials.SCRAM_SHA_1, ScramCredentials.SCRAM_SHA_256);
        for (ScramCredential c : derived) {
            assertThat(c.salt()).hasSize(16);
            assertThat(c.iterations()).isEqualTo(4096);
            ScramCredential again = ScramCredentials.derive(c.mechanism(), "a b", c.salt(), c.iterations());
            assertThat(again).isEqualTo(c);
        }
        assertThat(derived.get(0).salt()).isNotEqualTo(derived.get(1).salt());
        assertThatThrownBy(() -> credentials.derive("")).isInstanceOf(IllegalArgumentException.class);
    }

    /** Hi() on the RFC 5802 §5 example: the SaltedPassword other SCRAM test suites use too. */
    @Test
    void rfc5802Keys() {
        byte[] salt = java.util.Base64.getDecoder().decode("QSXCR+Q6sek8bf92");
        byte[] salted = ScramAlgorithm.SHA_1.hi("pencil".getBytes(StandardCharsets.UTF_8), salt, 4096);
        assertThat(HexFormat.of().formatHex(salted)).isEqualTo("1d96ee3a529b5a5f9e47c01f229a2cb8a6e15f7d");
    }

    @Test
    void algorithm() {
        assertThat(ScramAlgorithm.forMechanism("SCRAM-SHA-1")).isEqualTo(ScramAlgorithm.SHA_1);
        assertThat(ScramAlgorithm.SHA_256.mechanism()).isEqualTo("SCRAM-SHA-256");
        assertThat(ScramAlgorithm.SHA_1.length()).isEqualTo(ScramAlgorithm.SHA_1.hash(new byte[0]).length);
        assertThat(ScramAlgorithm.SHA_256.length()).isEqualTo(ScramAlgorithm.SHA_256.hmac(new byte[1], new byte[0]).length);
        assertThatThrownBy(() -> ScramAlgorithm.forMechanism("PLAIN")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScramAlgorithm.SHA_1.hi(new byte[1], new byte[1], 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScramCredentials(new SecureRandom(), 4095))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
