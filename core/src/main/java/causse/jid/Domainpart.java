package causse.jid;

import io.netty.util.NetUtil;
import java.net.IDN;
import java.net.Inet6Address;
import java.net.UnknownHostException;
import java.text.Normalizer;

/**
 * Enforcement of the domainpart (RFC 7622 §3.2): an IPv4 literal, a bracketed IPv6 literal or a
 * fully qualified domain name, which is compared in its U-label form: A-labels are decoded, then the
 * mapping of RFC 5895 applies (width mapping, lowercase, NFC, IDNA full stops). One trailing dot is
 * stripped.
 *
 * <p>The JDK's IDNA is IDNA2003. It validates each label (no prohibited code point, LDH rules for
 * ASCII, Bidi, 63-octet A-label), but its mapping step would fold a few characters IDNA2008 keeps
 * distinct. So the mapping is ours and the JDK is used as a check: a label is refused when IDNA2003
 * would change it further (soft hyphen, zero-width space, compatibility characters such as U+2163)
 * except for the IDNA2008 deviations ß and ς, which are kept.
 */
final class Domainpart {
    private static final int MAX_LABEL_OCTETS = 63;
    private static final int IDN_FLAGS = IDN.USE_STD3_ASCII_RULES | IDN.ALLOW_UNASSIGNED;

    private Domainpart() {
    }

    static String enforce(String s) {
        PartProfiles.checkInputLength(s, "domainpart");
        if (s.charAt(0) == '[') {
            return ipv6(s);
        }
        if (isPlainAscii(s)) {
            String domain = stripTrailingDot(PartProfiles.asciiLowerCase(s));
            if (!domain.contains("xn--")) {
                checkAsciiLabels(domain); // the hot path: no substring, no IDNA
                return domain;
            }
            return labels(domain);
        }
        return labels(stripTrailingDot(mapUnicode(s)));
    }

    private static String stripTrailingDot(String domain) {
        return domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
    }

    /** Structure checks of a lowercase letters-digits-hyphens-dots name, by index. */
    private static void checkAsciiLabels(String domain) {
        if (domain.isEmpty()) {
            throw new JidFormatException("empty domainpart");
        }
        int start = 0;
        boolean numeric = true;
        for (int i = 0; i <= domain.length(); i++) {
            char c = i < domain.length() ? domain.charAt(i) : '.';
            if (c != '.') {
                numeric &= c >= '0' && c <= '9';
                continue;
            }
            if (i == start) {
                throw new JidFormatException("empty label in domainpart");
            }
            checkLabelShape(domain, start, i);
            if (i < domain.length()) {
                start = i + 1;
                numeric = true;
            }
        }
        if (numeric) {
            checkIpv4(domain);
        }
        PartProfiles.checkOctets(domain, "domainpart");
    }

    /** Checks each label of a mapped name, decoding A-labels; returns the name in U-label form. */
    private static String labels(String domain) {
        if (domain.isEmpty()) {
            throw new JidFormatException("empty domainpart");
        }
        String[] labels = domain.split("\\.", -1);
        for (int i = 0; i < labels.length; i++) {
            labels[i] = label(labels[i]);
        }
        if (isNumeric(labels[labels.length - 1])) {
            checkIpv4(domain);
        }
        String result = String.join(".", labels);
        PartProfiles.checkOctets(result, "domainpart");
        return result;
    }

    /** Letters, digits, hyphens and dots only: nothing to map, only to lowercase. */
    private static boolean isPlainAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** RFC 5895 mapping of the whole name: IDNA full stops, width, lowercase (per code point), NFC. */
    private static String mapUnicode(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\u3002' || cp == '\uFF0E' || cp == '\uFF61') {
                b.append('.');
            } else if (isWide(cp)) {
                b.append(Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKC));
            } else {
                b.appendCodePoint(cp);
            }
        }
        // Per code point, as UTS #46 does: String.toLowerCase would apply the final-sigma context rule.
        StringBuilder lower = new StringBuilder(b.length());
        b.codePoints().forEach(cp -> lower.appendCodePoint(Character.toLowerCase(cp)));
        return Normalizer.normalize(lower, Normalizer.Form.NFC);
    }

    /** Characters whose compatibility decomposition is {@code <wide>} or {@code <narrow>}. */
    private static boolean isWide(int cp) {
        return cp == 0x3000 || (cp >= 0xFF01 && cp <= 0xFFEE);
    }

    /** Checks one mapped label and returns its U-label form (differs only for an A-label). */
    private static String label(String label) {
        if (label.isEmpty()) {
            throw new JidFormatException("empty label in domainpart");
        }
        boolean ascii = label.chars().allMatch(c -> c < 0x80);
        if (ascii && !label.startsWith("xn--")) {
            checkLdh(label);
            return label;
        }
        String unicode = label;
        if (ascii) {
            unicode = IDN.toUnicode(label, IDN_FLAGS);
            // The JDK answers an A-label it cannot decode (bad Punycode, or IDNA2008-only) unchanged.
            if (unicode.equals(label)) {
                throw new JidFormatException("invalid or unsupported A-label in domainpart: " + label);
            }
            unicode = mapUnicode(unicode);
        }
        checkIdna(unicode);
        return unicode;
    }

    private static void checkLdh(String label) {
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                throw new JidFormatException("domain label may only hold letters, digits and hyphens: " + label);
            }
        }
        checkLabelShape(label, 0, label.length());
    }

    /** Length and hyphens of the label {@code name[start, end)}, checked in place: the hot path copies nothing. */
    private static void checkLabelShape(String name, int start, int end) {
        if (end - start > MAX_LABEL_OCTETS) {
            throw new JidFormatException("domain label longer than " + MAX_LABEL_OCTETS + " octets");
        }
        if (name.charAt(start) == '-' || name.charAt(end - 1) == '-') {
            throw new JidFormatException("domain label starts or ends with a hyphen: " + name.substring(start, end));
        }
    }

    private static void checkIdna(String label) {
        if (label.indexOf('.') >= 0) { // a decoded A-label must stay one label
            throw new JidFormatException("invalid A-label in domainpart: " + label);
        }
        if (!idnaStable(label)) {
            String folded = label.replace("\u00DF", "ss").replace('\u03C2', '\u03C3');
            if (folded.equals(label) || !idnaStable(folded)) {
                throw new JidFormatException("domain label not in normalised IDNA form: " + label);
            }
        }
    }

    /** True when the label is valid IDNA (length, LDH, Bidi, prohibited code points) and maps to itself. */
    private static boolean idnaStable(String label) {
        String ace;
        try {
            ace = IDN.toASCII(label, IDN_FLAGS);
        } catch (IllegalArgumentException e) {
            throw new JidFormatException("invalid domain label " + label + ": " + e.getMessage());
        }
        return IDN.toUnicode(ace, IDN_FLAGS).equals(label);
    }

    private static boolean isNumeric(String label) {
        return label.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /**
     * A name whose last label is all digits can only be an IPv4 literal (a top-level domain is never
     * numeric, RFC 3696 §2). Leading zeros are refused because some resolvers read them as octal.
     */
    private static void checkIpv4(String domain) {
        String[] parts = domain.split("\\.", -1);
        boolean ok = parts.length == 4;
        for (int i = 0; ok && i < parts.length; i++) {
            String p = parts[i];
            ok = !p.isEmpty() && p.length() <= 3 && isNumeric(p) && (p.length() == 1 || p.charAt(0) != '0')
                    && Integer.parseInt(p) <= 255;
        }
        if (!ok) {
            throw new JidFormatException("numeric domainpart is not an IPv4 address: " + domain);
        }
    }

    /** A bracketed IPv6 literal, in the canonical text form of RFC 5952 so that equal addresses compare equal. */
    private static String ipv6(String s) {
        if (s.length() < 3 || s.charAt(s.length() - 1) != ']') {
            throw new JidFormatException("IPv6 literal must be enclosed in brackets: " + s);
        }
        String inner = s.substring(1, s.length() - 1);
        // A zone index is local to one host: meaningless in an address given to others.
        if (inner.indexOf('%') >= 0 || !NetUtil.isValidIpV6Address(inner)) {
            throw new JidFormatException("invalid IPv6 literal: " + s);
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(inner);
        try {
            // Formatted without dotted-quad notation: that form cannot tell ::1.2.3.4 from ::ffff:1.2.3.4.
            return "[" + NetUtil.toAddressString(Inet6Address.getByAddress(null, bytes, -1), false) + "]";
        } catch (UnknownHostException | RuntimeException e) {
            throw new JidFormatException("invalid IPv6 literal: " + s);
        }
    }
}
