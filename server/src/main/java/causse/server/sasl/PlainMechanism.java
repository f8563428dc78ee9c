package causse.server.sasl;

import causse.jid.Jid;
import causse.sasl.SaslExchange;
import causse.sasl.SaslFailure;
import causse.sasl.SaslMechanism;
import causse.sasl.SaslStep;
import causse.storage.ScramCredential;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * PLAIN (RFC 4616): {@code [authzid] NUL authcid NUL passwd}, checked against the stored SCRAM
 * credential (SCRAM-SHA-256, else SCRAM-SHA-1) by deriving it again from the password. That is a full
 * PBKDF2, so it runs on the given executor, never on the event loop that called {@code evaluate}.
 *
 * <p>An unknown account costs the same: both lookups always run, and a derivation with the default
 * iteration count is done and thrown away before the same not-authorized. A password that already passed
 * a full derivation for the same stored key is recognised by {@link VerifiedPasswords} with one HMAC.
 */
public final class PlainMechanism implements SaslMechanism {
    /** Far above RFC 4616's 255 octets per field; bounds the work a single message can ask for. */
    private static final int MAX_MESSAGE_OCTETS = 4096;

    private final CredentialLookup credentials;
    private final Executor hashing;
    private final int defaultIterations;
    private final VerifiedPasswords verified;

    /**
     * @param hashing where the password derivation runs: a bounded pool, not a Netty event loop
     * @param defaultIterations the iteration count of new credentials, used for the decoy derivation
     */
    public PlainMechanism(CredentialLookup credentials, Executor hashing, int defaultIterations) {
        this(credentials, hashing, defaultIterations, new VerifiedPasswords(new java.security.SecureRandom(), 10_000));
    }

    /** @param verified passwords already checked by a full derivation, so that a repeated login is cheap */
    public PlainMechanism(CredentialLookup credentials, Executor hashing, int defaultIterations,
                          VerifiedPasswords verified) {
        this.verified = Objects.requireNonNull(verified, "verified");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.hashing = Objects.requireNonNull(hashing, "hashing");
        if (defaultIterations < 1) {
            throw new IllegalArgumentException("iteration count must be positive");
        }
        this.defaultIterations = defaultIterations;
    }

    @Override
    public String name() {
        return "PLAIN";
    }

    @Override
    public boolean sendsPlaintextPassword() {
        return true;
    }

    @Override
    public SaslExchange start(String domain) {
        Objects.requireNonNull(domain, "domain");
        return new SaslExchange() {
            private boolean challenged;
            private boolean done;

            @Override
            public synchronized CompletionStage<SaslStep> evaluate(byte[] clientMessage) {
                byte[] message = clientMessage == null ? new byte[0] : clientMessage;
                if (done) {
                    return CompletableFuture.completedFuture(
                            new SaslStep.Failure(SaslFailure.MALFORMED_REQUEST, "the exchange is over"));
                }
                if (message.length == 0 && !challenged) {
                    // No initial response: ask for it with an empty challenge (RFC 6120 §6.4.2).
                    challenged = true;
                    return CompletableFuture.completedFuture(new SaslStep.Challenge(new byte[0]));
                }
                done = true;
                try {
                    return authenticate(message, domain);
                } catch (SaslRefusal r) {
                    return CompletableFuture.completedFuture(r.failure());
                } catch (RuntimeException e) {
                    return CompletableFuture.completedFuture(temporaryFailure());
                }
            }
        };
    }

    private CompletionStage<SaslStep> authenticate(byte[] message, String domain) {
        if (message.length > MAX_MESSAGE_OCTETS) {
            throw SaslRefusal.malformed("message too long");
        }
        String[] fields = SaslIdentities.utf8(message).split("\0", -1);
        if (fields.length != 3 || fields[1].isEmpty() || fields[2].isEmpty()) {
            throw SaslRefusal.malformed("expected authzid NUL authcid NUL password");
        }
        Jid account = SaslIdentities.account(fields[1], domain);
        SaslIdentities.checkAuthzid(fields[0], account);
        String password = fields[2];
        CompletionStage<Optional<ScramCredential>> sha256 =
                credentials.find(account.domain(), account.local(), ScramCredentials.SCRAM_SHA_256);
        CompletionStage<Optional<ScramCredential>> sha1 =
                credentials.find(account.domain(), account.local(), ScramCredentials.SCRAM_SHA_1);
        return sha256.thenCombine(sha1, (a, b) -> a.isPresent() ? a : b)
                .thenApplyAsync(found -> verify(account, password, found), hashing)
                .exceptionally(e -> temporaryFailure());
    }

    private SaslStep verify(Jid account, String password, Optional<ScramCredential> found) {
        String prepared;
        try {
            prepared = ScramCredentials.saslPrep(password);
        } catch (IllegalArgumentException e) {
            return new SaslStep.Failure(SaslFailure.NOT_AUTHORIZED, "not authorized", account.toString());
        }
        // An unknown account gets one derivation with the default cost, exactly as a known one does.
        boolean known = found.isPresent();
        String mechanism = found.map(ScramCredential::mechanism).orElse(ScramCredentials.SCRAM_SHA_256);
        byte[] salt = found.map(ScramCredential::salt).orElseGet(() -> new byte[16]);
        int iterations = found.map(ScramCredential::iterations).orElse(defaultIterations);
        byte[] expected = found.map(ScramCredential::storedKey).orElseGet(() -> new byte[32]);
        if (known && verified.matches(account.toString(), expected, prepared)) {
            return new SaslStep.Success(account.local(), new byte[0]);
        }
        byte[] derived = ScramCredentials.derive(mechanism, prepared, salt, iterations).storedKey();
        if (!(MessageDigest.isEqual(derived, expected) & known)) {
            return new SaslStep.Failure(SaslFailure.NOT_AUTHORIZED, "not authorized", account.toString());
        }
        verified.remember(account.toString(), expected, prepared);
        return new SaslStep.Success(account.local(), new byte[0]);
    }

    private static SaslStep.Failure temporaryFailure() {
        return new SaslStep.Failure(SaslFailure.TEMPORARY_AUTH_FAILURE, "try again later");
    }
}
