package causse.s2s;

/** How a remote domain must prove itself, and how we accept its proof of our own domain. */
public enum AuthPolicy {
    /** Only a certificate valid for the domain (SASL EXTERNAL); a peer that cannot show one is refused. */
    CERTIFICATE_REQUIRED,
    /** A valid certificate if there is one, else Server Dialback (XEP-0220), which proves the domain through DNS. */
    DIALBACK_ALLOWED
}
