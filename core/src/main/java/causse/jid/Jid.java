package causse.jid;

import java.util.Objects;

/**
 * A JID, normalised (RFC 7622): localpart, domainpart, resourcepart. Two JIDs are equal when their
 * normalised forms are. PLACEHOLDER: to be replaced by the full PRECIS implementation.
 */
public final class Jid {
    private final String local;
    private final String domain;
    private final String resource;

    private Jid(String local, String domain, String resource) {
        this.local = local;
        this.domain = domain;
        this.resource = resource;
    }

    /** Parses and normalises; throws {@link JidFormatException} when the string is not a valid JID. */
    public static Jid parse(String s) {
        if (s == null || s.isEmpty()) {
            throw new JidFormatException("empty JID");
        }
        String local = null;
        String resource = null;
        String rest = s;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            resource = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
        }
        int at = rest.indexOf('@');
        if (at >= 0) {
            local = rest.substring(0, at);
            rest = rest.substring(at + 1);
        }
        return of(local, rest, resource);
    }

    /** Builds a JID from its parts (local and resource may be null), normalising each. */
    public static Jid of(String local, String domain, String resource) {
        if (domain == null || domain.isEmpty() || (local != null && local.isEmpty())
                || (resource != null && resource.isEmpty())) {
            throw new JidFormatException("bad JID part");
        }
        return new Jid(local == null ? null : local.toLowerCase(java.util.Locale.ROOT),
                domain.toLowerCase(java.util.Locale.ROOT), resource);
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
        return resource == null ? this : new Jid(local, domain, null);
    }

    public Jid withResource(String r) {
        return of(local, domain, r);
    }

    /** The bare JID's string form, {@code local@domain} or {@code domain}. */
    public String bareString() {
        return local == null ? domain : local + "@" + domain;
    }

    @Override
    public String toString() {
        String b = bareString();
        return resource == null ? b : b + "/" + resource;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Jid j && Objects.equals(local, j.local) && domain.equals(j.domain)
                && Objects.equals(resource, j.resource);
    }

    @Override
    public int hashCode() {
        return Objects.hash(local, domain, resource);
    }
}
