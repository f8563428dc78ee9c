package causse.jid;

import rocks.xmpp.precis.PrecisProfiles;

/**
 * Enforcement of the localpart (PRECIS UsernameCaseMapped plus RFC 7622 §3.3.1) and of the
 * resourcepart (PRECIS OpaqueString, RFC 7622 §3.4).
 *
 * <p>Almost every JID on the wire is plain ASCII, and PRECIS is costly (several passes, Unicode
 * property look-ups, normalisation). For ASCII strings made only of characters both profiles leave
 * alone, the profile's outcome is known in advance: the case-mapped profile only lowercases them and
 * OpaqueString returns them unchanged. {@code PartProfilesTest} proves that equivalence over every
 * character of the fast tables and over many generated strings.
 */
final class PartProfiles {
    /** RFC 7622 §3.2: every part is limited to 1023 octets of UTF-8. */
    static final int MAX_OCTETS = 1023;

    /**
     * No normalisation step shrinks a string to less than a quarter of its UTF-16 length in UTF-8
     * octets, so longer input can be refused before paying for PRECIS on it.
     */
    static final int MAX_INPUT_CHARS = 4 * MAX_OCTETS;

    /** Characters RFC 7622 §3.3.1 forbids in a localpart although UsernameCaseMapped allows them. */
    private static final String LOCAL_FORBIDDEN = "\"&'/:<>@";

    /*
     * The fast tables as 128-bit sets (two longs each), so that no static array exists that could be
     * mutated. Local: printable ASCII except space (refused by UsernameCaseMapped) and the forbidden
     * ones. Resource: all printable ASCII including space, which OpaqueString returns unchanged.
     */
    private static final long FAST_LOCAL_LOW = bits(0x21, 0x7f, LOCAL_FORBIDDEN, 0);
    private static final long FAST_LOCAL_HIGH = bits(0x21, 0x7f, LOCAL_FORBIDDEN, 64);
    private static final long FAST_RESOURCE_LOW = bits(0x20, 0x7f, "", 0);
    private static final long FAST_RESOURCE_HIGH = bits(0x20, 0x7f, "", 64);

    private PartProfiles() {
    }

    /** The enforced localpart; throws {@link JidFormatException} with the reason. */
    static String local(String s) {
        checkInputLength(s, "localpart");
        String enforced = isFastLocal(s) ? asciiLowerCase(s) : precisLocal(s);
        checkOctets(enforced, "localpart");
        return enforced;
    }

    /** The enforced resourcepart; throws {@link JidFormatException} with the reason. */
    static String resource(String s) {
        checkInputLength(s, "resourcepart");
        String enforced = isFastResource(s) ? s : precisResource(s);
        checkOctets(enforced, "resourcepart");
        return enforced;
    }

    /** The localpart through PRECIS, never the fast path; package-private for the equivalence test. */
    static String precisLocal(String s) {
        String enforced;
        try {
            enforced = PrecisProfiles.USERNAME_CASE_MAPPED.enforce(s);
        } catch (IllegalArgumentException e) {
            throw new JidFormatException("invalid localpart: " + e.getMessage());
        }
        // Checked after enforcement: width mapping turns a fullwidth @ (U+FF20) into '@'.
        for (int i = 0; i < enforced.length(); i++) {
            if (LOCAL_FORBIDDEN.indexOf(enforced.charAt(i)) >= 0) {
                throw new JidFormatException("localpart must not contain " + enforced.charAt(i)
                        + " (RFC 7622 §3.3.1)");
            }
        }
        return enforced;
    }

    /** The resourcepart through PRECIS, never the fast path; package-private for the equivalence test. */
    static String precisResource(String s) {
        try {
            return PrecisProfiles.OPAQUE_STRING.enforce(s);
        } catch (IllegalArgumentException e) {
            throw new JidFormatException("invalid resourcepart: " + e.getMessage());
        }
    }

    static boolean isFastLocal(String s) {
        return isFast(s, FAST_LOCAL_LOW, FAST_LOCAL_HIGH);
    }

    static boolean isFastResource(String s) {
        return isFast(s, FAST_RESOURCE_LOW, FAST_RESOURCE_HIGH);
    }

    private static boolean isFast(String s, long low, long high) {
        if (s.isEmpty()) {
            return false; // let the slow path say why it is refused
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            long set = c < 64 ? low : c < 128 ? high : 0L;
            if ((set & (1L << c)) == 0) { // the shift uses c mod 64
                return false;
            }
        }
        return true;
    }

    private static long bits(int from, int to, String except, int offset) {
        long set = 0;
        for (int c = Math.max(from, offset); c < Math.min(to, offset + 64); c++) {
            if (except.indexOf(c) < 0) {
                set |= 1L << (c - offset);
            }
        }
        return set;
    }

    /** Lowercases ASCII; returns the same instance when nothing changes, the common case. */
    static String asciiLowerCase(String s) {
        int i = 0;
        while (i < s.length() && !isAsciiUpper(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        char[] chars = s.toCharArray();
        for (; i < chars.length; i++) {
            if (isAsciiUpper(chars[i])) {
                chars[i] = (char) (chars[i] + ('a' - 'A'));
            }
        }
        return new String(chars);
    }

    private static boolean isAsciiUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    static void checkInputLength(String s, String part) {
        if (s.isEmpty()) {
            throw new JidFormatException("empty " + part);
        }
        if (s.length() > MAX_INPUT_CHARS) {
            throw new JidFormatException(part + " longer than " + MAX_OCTETS + " octets");
        }
    }

    static void checkOctets(String s, String part) {
        int octets = utf8Length(s);
        if (octets == 0) {
            throw new JidFormatException("empty " + part);
        }
        if (octets > MAX_OCTETS) {
            throw new JidFormatException(part + " longer than " + MAX_OCTETS + " octets (" + octets + ")");
        }
    }

    /** UTF-8 length without encoding; PRECIS output holds no lone surrogates. */
    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
