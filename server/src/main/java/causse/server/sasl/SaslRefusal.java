package causse.server.sasl;

import causse.sasl.SaslFailure;
import causse.sasl.SaslStep;

/**
 * Ends an exchange with a failure from deep inside message parsing. Internal control flow of the
 * mechanisms: it never escapes {@code evaluate}, so it carries no stack trace.
 */
final class SaslRefusal extends RuntimeException {
    private final SaslFailure condition;

    SaslRefusal(SaslFailure condition, String text) {
        super(text, null, false, false);
        this.condition = condition;
    }

    static SaslRefusal malformed(String text) {
        return new SaslRefusal(SaslFailure.MALFORMED_REQUEST, text);
    }

    SaslStep.Failure failure() {
        return new SaslStep.Failure(condition, getMessage());
    }
}
