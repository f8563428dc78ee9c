package causse.jid;

import java.util.Objects;

/**
 * A JID (RFC 7622), always held in its normalised form: the localpart enforced with the PRECIS
 * UsernameCaseMapped profile (and free of {@code " & ' / : < > @}), the domainpart in lowercase
 * U-label form without a trailing dot, the resourcepart enforced with OpaqueString. Two JIDs are equal
 * when their normalised forms are. Immutable and thread-safe.
 *
 * <p>Parsing runs for every stanza's {@code to}, so plain ASCII parts skip PRECIS (see
 * {@link PartProfiles}) and an already normalised string costs little more than a scan.
 */
public final class Jid {
    private final String local;
    private final String domain;
    private final String resource;
    /** The string form, computed once; a racy single check is safe because String is immutable. */
    private String text;
    /**
     * The bare form of a full JID, made once: every stanza asks for its sender's and recipient's bare JID in several
     * hooks. Racing threads may each make one; they are equal, and its fields are final, so either is safe to keep.
     */
    private Jid bareJid;

    private Jid(String local, String domain, String resource, String text) {
        this.local = local;
        this.domain = domain;
        this.resource = resource;
        this.text = text;
    }

    /**
     * Parses and normalises; throws {@link JidFormatException} when the string is not a valid JID.
     * The resourcepart is everything after the first '/', so it may hold '@' and '/'; the localpart
     * is what precedes the first '@' before that slash (RFC 7622 §3.1).
     */
    public static Jid parse(String s) {
        if (s == null || s.isEmpty()) {
            throw new JidFormatException("empty JID");
        }
        int slash = s.indexOf('/');
        int end = slash < 0 ? s.length() : slash;
        int at = s.indexOf('@');
        if (at >= end) {
            at = -1;
        }
        String rawLocal = at < 0 ? null : s.substring(0, at);
        String rawDomain = s.substring(at + 1, end);
        String rawResource = slash < 0 ? null : s.substring(slash + 1);
        if (rawLocal != null && rawLocal.isEmpty()) {
            throw new JidFormatException("empty localpart in " + quote(s));
        }
        if (rawResource != null && rawResource.isEmpty()) {
            throw new JidFormatException("empty resourcepart in " + quote(s));
        }
        Jid jid = of(rawLocal, rawDomain, rawResource);
        if (jid.domain.equals(rawDomain) && Objects.equals(jid.local, rawLocal)
                && Objects.equals(jid.resource, rawResource)) {
            jid.text = s; // already normalised: keep the caller's string
        }
        return jid;
    }

    /** Builds a JID from its parts (local and resource may be null), normalising each. */
    public static Jid of(String local, String domain, String resource) {
        if (domain == null) {
            throw new JidFormatException("missing domainpart");
        }
        try {
            return new Jid(local == null ? null : PartProfiles.local(local), Domainpart.enforce(domain),
                    resource == null ? null : PartProfiles.resource(resource), null);
        } catch (JidFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            // A library fault on strange input must still read as a malformed JID, not a server error.
            throw new JidFormatException("invalid JID part: " + e);
        }
    }

    /** The localpart, or null. */
    public String local() {
        return local;
    }

    public String domain() {
        return domain;
    }

    /** The resourcepart, or null. */
    public String resource() {
        return resource;
    }

    public boolean hasResource() {
        return resource != null;
    }

    /** True for a JID with neither localpart nor resourcepart: a server or service. */
    public boolean isDomain() {
        return local == null && resource == null;
    }

    public Jid bare() {
        if (resource == null) {
            return this;
        }
        Jid b = bareJid;
        if (b == null) {
            b = new Jid(local, domain, null, null);
            bareJid = b;
        }
        return b;
    }

    /** This JID with the resourcepart {@code r} (normalised), or the bare JID when {@code r} is null. */
    public Jid withResource(String r) {
        return r == null ? bare() : new Jid(local, domain, PartProfiles.resource(r), null);
    }

    /** The bare JID's string form, {@code local@domain} or {@code domain}. */
    public String bareString() {
        return local == null ? domain : local + "@" + domain;
    }

    @Override
    public String toString() {
        String t = text;
        if (t == null) {
            String b = bareString();
            t = resource == null ? b : b + "/" + resource;
            text = t;
        }
        return t;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Jid j && Objects.equals(local, j.local) && domain.equals(j.domain)
                && Objects.equals(resource, j.resource);
    }

    @Override
    public int hashCode() {
        return (Objects.hashCode(local) * 31 + domain.hashCode()) * 31 + Objects.hashCode(resource);
    }

    /** Quotes input for an error message, cut short so that a huge string does not flood the logs. */
    private static String quote(String s) {
        return "'" + (s.length() > 100 ? s.substring(0, 100) + "…" : s) + "'";
    }
}
