package causse.server.sasl;

import causse.jid.Jid;
import causse.sasl.SaslExchange;
import causse.sasl.SaslFailure;
import causse.sasl.SaslStep;
import causse.server.sasl.ScramCredentials.ScramAlgorithm;
import causse.server.sasl.ScramMessages.ClientFinal;
import causse.server.sasl.ScramMessages.ClientFirst;
import causse.storage.ScramCredential;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One SCRAM authentication: client-first → server-first (after the credential lookup) → client-final →
 * success with the server signature. Every path ends in a {@link SaslStep}: a refusal, a storage
 * failure or a bug gives a failure, never an exception.
 *
 * <p>The lookup completes on a storage thread while the next client message arrives on the event
 * loop, so the methods that touch the state are synchronized; they never block.
 */
final class ScramExchange implements SaslExchange {
    private enum State { CLIENT_FIRST, LOOKUP, CLIENT_FINAL, DONE }

    private final ScramMechanism mechanism;
    private final String domain;

    private State state = State.CLIENT_FIRST;
    private boolean emptyChallengeSent;
    private ClientFirst first;
    private Jid account;
    private ScramCredential credential;
    private boolean knownAccount;
    private String serverFirst;
    private String nonce;

    ScramExchange(ScramMechanism mechanism, String domain) {
        this.mechanism = mechanism;
        this.domain = domain;
    }

    @Override
    public synchronized CompletionStage<SaslStep> evaluate(byte[] clientMessage) {
        try {
            byte[] message = clientMessage == null ? new byte[0] : clientMessage;
            return switch (state) {
                case CLIENT_FIRST -> clientFirst(message);
                case CLIENT_FINAL -> done(clientFinal(message));
                case LOOKUP -> done(SaslRefusal.malformed("response before the challenge").failure());
                case DONE -> done(SaslRefusal.malformed("the exchange is over").failure());
            };
        } catch (SaslRefusal r) {
            return done(r.failure());
        } catch (RuntimeException e) {
            return done(temporaryFailure());
        }
    }

    private CompletionStage<SaslStep> clientFirst(byte[] message) {
        if (message.length == 0 && !emptyChallengeSent) {
            // No initial response: SCRAM is client-first, so ask for it with an empty challenge (RFC 6120 §6.4.2).
            emptyChallengeSent = true;
            return CompletableFuture.completedFuture(new SaslStep.Challenge(new byte[0]));
        }
        first = ScramMessages.clientFirst(SaslIdentities.utf8(message));
        account = SaslIdentities.account(first.username(), domain);
        SaslIdentities.checkAuthzid(first.authzid(), account);
        state = State.LOOKUP;
        return mechanism.credentials()
                .find(account.domain(), account.local(), mechanism.name())
                .handle(this::serverFirst);
    }

    private synchronized SaslStep serverFirst(Optional<ScramCredential> found, Throwable error) {
        try {
            if (state != State.LOOKUP) { // the client spoke out of turn meanwhile and was refused
                return new SaslStep.Failure(SaslFailure.MALFORMED_REQUEST, "the exchange is over");
            }
            if (error != null || found == null) {
                return fail(temporaryFailure());
            }
            knownAccount = found.filter(this::usable).isPresent();
            credential = knownAccount ? found.get() : mechanism.fakeCredential(account.domain(), account.local());
            nonce = first.nonce() + mechanism.serverNonce();
            serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(credential.salt())
                    + ",i=" + credential.iterations();
            state = State.CLIENT_FINAL;
            return new SaslStep.Challenge(serverFirst.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return fail(temporaryFailure());
        }
    }

    /** A stored credential of another mechanism or with keys of the wrong size cannot be verified. */
    private boolean usable(ScramCredential c) {
        int length = mechanism.algorithm().length();
        return c.mechanism().equals(mechanism.name()) && c.iterations() > 0 && c.salt().length > 0
                && c.storedKey().length == length && c.serverKey().length == length;
    }

    private SaslStep clientFinal(byte[] message) {
        ClientFinal last = ScramMessages.clientFinal(SaslIdentities.utf8(message));
        // No channel binding is offered, so c= must carry exactly our gs2-header back.
        if (!MessageDigest.isEqual(last.channelBinding(), first.gs2Header().getBytes(StandardCharsets.UTF_8))) {
            return notAuthorized("channel binding mismatch");
        }
        if (!last.nonce().equals(nonce)) {
            return notAuthorized("nonce mismatch");
        }
        ScramAlgorithm alg = mechanism.algorithm();
        if (last.proof().length != alg.length()) {
            throw SaslRefusal.malformed("proof has the wrong length");
        }
        byte[] authMessage = (first.bare() + "," + serverFirst + "," + last.withoutProof())
                .getBytes(StandardCharsets.UTF_8);
        byte[] storedKey = credential.storedKey();
        byte[] clientKey = alg.hmac(storedKey, authMessage);
        byte[] proof = last.proof();
        for (int i = 0; i < clientKey.length; i++) {
            clientKey[i] ^= proof[i];
        }
        // The same work and comparison for a fake credential, so that timing tells nothing either.
        boolean proofMatches = MessageDigest.isEqual(alg.hash(clientKey), storedKey);
        if (!(proofMatches & knownAccount)) {
            return notAuthorized("not authorized");
        }
        byte[] serverSignature = alg.hmac(credential.serverKey(), authMessage);
        String serverFinal = "v=" + Base64.getEncoder().encodeToString(serverSignature);
        return new SaslStep.Success(account.local(), serverFinal.getBytes(StandardCharsets.UTF_8));
    }

    private SaslStep notAuthorized(String text) {
        return new SaslStep.Failure(SaslFailure.NOT_AUTHORIZED, text, account == null ? null : account.toString());
    }

    private static SaslStep.Failure temporaryFailure() {
        return new SaslStep.Failure(SaslFailure.TEMPORARY_AUTH_FAILURE, "try again later");
    }

    private SaslStep fail(SaslStep.Failure failure) {
        state = State.DONE;
        return failure;
    }

    /** Any answer other than a challenge ends the exchange; a later message gets a failure. */
    private CompletionStage<SaslStep> done(SaslStep step) {
        if (!(step instanceof SaslStep.Challenge)) {
            state = State.DONE;
        }
        return CompletableFuture.completedFuture(step);
    }
}
