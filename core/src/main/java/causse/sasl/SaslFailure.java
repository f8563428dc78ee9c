package causse.sasl;

/** SASL failure conditions, RFC 6120 §6.5. */
public enum SaslFailure {
    ABORTED, ACCOUNT_DISABLED, CREDENTIALS_EXPIRED, ENCRYPTION_REQUIRED, INCORRECT_ENCODING,
    INVALID_AUTHZID, INVALID_MECHANISM, MALFORMED_REQUEST, MECHANISM_TOO_WEAK, NOT_AUTHORIZED,
    TEMPORARY_AUTH_FAILURE;

    public String elementName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
