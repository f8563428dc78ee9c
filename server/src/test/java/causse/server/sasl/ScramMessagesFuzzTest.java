package causse.server.sasl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import causse.sasl.SaslExchange;
import causse.sasl.SaslFailure;
import causse.sasl.SaslStep;
import causse.server.sasl.ScramCredentials.ScramAlgorithm;
import causse.server.sasl.ScramMessages.ClientFinal;
import causse.server.sasl.ScramMessages.ClientFirst;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.Base64;

/**
 * Fuzzes the SCRAM message parser (RFC 5802 §7) and a whole exchange. Without {@code JAZZER_FUZZ} this
 * replays the seeds in {@code src/test/resources/causse/server/sasl/ScramMessagesFuzzTestInputs/<method>/}.
 *
 * <p>A message is either refused with {@link SaslRefusal} (the client gets {@code malformed-request}) or
 * parsed into parts that put back together give exactly the text the client sent, since the
 * AuthMessage is computed over that text. An exchange always answers with a step, never an exception,
 * and only the RFC 5802 example's proof can succeed.
 */
class ScramMessagesFuzzTest {
    private static final String SERVER_NONCE = "3rfcNHYJY1ZVvWVs7j";
    private static final ScramMechanism SHA_1 = new ScramMechanism(ScramAlgorithm.SHA_1, new MapCredentialLookup()
            .put("example.com", "user", ScramCredentials.derive(ScramCredentials.SCRAM_SHA_1, "pencil",
                    Base64.getDecoder().decode("QSXCR+Q6sek8bf92"), 4096)),
            () -> SERVER_NONCE, 4096, "0123456789abcdef0123456789abcdef".getBytes(UTF_8));

    @FuzzTest(maxDuration = "3m")
    void parsesAnyClientFirst(byte[] input) {
        String message = new String(input, UTF_8);
        ClientFirst first;
        try {
            first = ScramMessages.clientFirst(message);
        } catch (SaslRefusal refused) {
            return;
        }
        assertThat(first.gs2Header() + first.bare()).isEqualTo(message);
        assertThat(first.gs2Header()).matches("[ny],(a=[^,]*)?,");
        assertThat(first.bare()).startsWith("n=");
        assertThat(first.username()).isNotEmpty();
        assertThat(first.nonce()).matches("[\\x21-\\x2b\\x2d-\\x7e]+");
    }

    @FuzzTest(maxDuration = "3m")
    void parsesAnyClientFinal(byte[] input) {
        String message = new String(input, UTF_8);
        ClientFinal last;
        try {
            last = ScramMessages.clientFinal(message);
        } catch (SaslRefusal refused) {
            return;
        }
        assertThat(message).startsWith(last.withoutProof() + ",p=");
        assertThat(last.withoutProof()).startsWith("c=");
        assertThat(last.nonce()).matches("[\\x21-\\x2b\\x2d-\\x7e]+");
        assertThat(Base64.getDecoder().decode(message.substring(last.withoutProof().length() + 3)))
                .isEqualTo(last.proof());
    }

    /** The input is the client-first message, a newline, then the client-final message. */
    @FuzzTest(maxDuration = "3m")
    void answersAnyExchange(byte[] input) {
        int newline = indexOf(input, (byte) '\n');
        byte[] first = newline < 0 ? input : Arrays.copyOf(input, newline);
        byte[] last = newline < 0 ? new byte[0] : Arrays.copyOfRange(input, newline + 1, input.length);
        SaslExchange exchange = SHA_1.start("example.com");
        SaslStep step = ScramMechanismTest.step(exchange, first);
        if (step instanceof SaslStep.Challenge) {
            step = ScramMechanismTest.step(exchange, last);
        }
        if (step instanceof SaslStep.Success success) {
            assertThat(success.username()).isEqualTo("user");
        }
        if (step instanceof SaslStep.Failure failure) {
            assertThat(failure.condition()).as(failure.text()).isNotEqualTo(SaslFailure.TEMPORARY_AUTH_FAILURE);
        }
        // Over means over: whatever comes next is refused.
        assertThat(ScramMechanismTest.step(exchange, last)).isInstanceOf(step instanceof SaslStep.Challenge
                ? SaslStep.class : SaslStep.Failure.class);
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
