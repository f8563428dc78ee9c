package causse.sasl;

import java.util.concurrent.CompletionStage;

/**
 * One authentication attempt. The negotiator passes each client message (the initial response, then
 * each {@code <response/>}, already base64-decoded; an absent initial response is an empty array) and
 * sends what the returned step says. A step may complete later, on another thread, because
 * credentials come from storage.
 */
public interface SaslExchange {
    CompletionStage<SaslStep> evaluate(byte[] clientMessage);
}
