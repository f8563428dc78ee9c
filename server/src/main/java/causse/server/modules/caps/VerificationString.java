package causse.server.modules.caps;

import causse.server.modules.DiscoModule;
import causse.xml.XmlElement;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The XEP-0115 verification string of a disco#info answer: the string S of §5.1 (identities, features and
 * XEP-0128 forms, each sorted, each item followed by '&lt;') and its hash, and the §5.4 checks that decide
 * whether an answer may be trusted for everyone who announces the same {@code ver}. Pure functions.
 */
final class VerificationString {
    static final String DATA_FORMS = "jabber:x:data";
    /** The hash functions of the IANA registry we verify, by their names in the {@code hash} attribute. */
    private static final Map<String, String> DIGESTS = Map.of("sha-1", "SHA-1", "sha-256", "SHA-256");
    /** "i;octet" collation (RFC 4790 §9.3), which String.compareTo's UTF-16 order is not beyond the BMP. */
    private static final Comparator<String> OCTET = (a, b) ->
            Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private VerificationString() {
    }

    private record Identity(String category, String type, String lang, String name) {
        static final Comparator<Identity> ORDER = Comparator.comparing(Identity::category, OCTET)
                .thenComparing(Identity::type, OCTET).thenComparing(Identity::lang, OCTET)
                .thenComparing(Identity::name, OCTET);
    }

    private record Form(String formType, XmlElement element) {
    }

    /** True for a {@code hash} attribute naming a function we can verify. */
    static boolean supports(String hash) {
        return hash != null && DIGESTS.containsKey(hash.toLowerCase(Locale.ROOT));
    }

    /** Base64 of the {@code hash} digest of S's UTF-8 bytes (§5.1 steps 8 and 9). */
    static String hash(String s, String hash) {
        String algorithm = DIGESTS.get(hash.toLowerCase(Locale.ROOT));
        if (algorithm == null) {
            throw new IllegalArgumentException("unsupported caps hash " + hash);
        }
        try {
            byte[] digest = MessageDigest.getInstance(algorithm).digest(s.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has " + algorithm, e);
        }
    }

    /** True when {@code query}, a disco#info {@code <query/>}, is well-formed and hashes to {@code ver}. */
    static boolean verifies(XmlElement query, String hash, String ver) {
        String s = of(query);
        return s != null && supports(hash) && MessageDigest.isEqual(
                hash(s, hash).getBytes(StandardCharsets.US_ASCII), ver.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The string S of §5.1 for a disco#info {@code <query/>}, or null when the answer is ill-formed (§5.4 3.3 to
     * 3.5: a repeated identity, feature or FORM_TYPE, or a FORM_TYPE with two values) or carries a '&lt;' in a
     * hashed value: '&lt;' is the separator, so a value holding one lets a forged answer hash like an honest one
     * (the 2009 "trivial preimage attack" of §9.3, caps poisoning), e.g. a feature moved into an identity's name.
     */
    static String of(XmlElement query) {
        List<Identity> identities = new ArrayList<>();
        List<String> features = new ArrayList<>();
        List<Form> forms = new ArrayList<>();
        for (XmlElement e : query.elements()) {
            if (e.is("identity", DiscoModule.INFO)) {
                identities.add(new Identity(orEmpty(e.attribute("category")), orEmpty(e.attribute("type")),
                        orEmpty(e.attribute("xml:lang")), orEmpty(e.attribute("name"))));
            } else if (e.is("feature", DiscoModule.INFO)) {
                features.add(orEmpty(e.attribute("var")));
            } else if (e.is("x", DATA_FORMS)) {
                XmlElement formType = field(e, "FORM_TYPE");
                Set<String> types = formType == null ? Set.of() : new HashSet<>(values(formType));
                if (types.size() > 1) {
                    return null;                    // §5.4 3.5: more than one FORM_TYPE
                }
                // §5.4 3.6: a form without a hidden FORM_TYPE is left out.
                if (types.size() == 1 && "hidden".equals(formType.attribute("type"))) {
                    forms.add(new Form(types.iterator().next(), e));
                }
            }
        }
        identities.sort(Identity.ORDER);
        features.sort(OCTET);
        forms.sort(Comparator.comparing(Form::formType, OCTET));
        Items s = new Items();
        identities.forEach(i -> s.add(i.category(), i.type(), i.lang(), i.name()));
        features.forEach(s::add);
        forms.forEach(f -> appendForm(s, f));
        boolean repeats = new HashSet<>(identities).size() < identities.size()
                || new HashSet<>(features).size() < features.size()
                || forms.stream().map(Form::formType).distinct().count() < forms.size();
        return repeats || s.separatorInside ? null : s.text.toString();
    }

    /** §5.1 step 7 for one form: FORM_TYPE, then every other field by var, with its values sorted. */
    private static void appendForm(Items s, Form form) {
        s.add(form.formType());
        List<XmlElement> fields = new ArrayList<>();
        for (XmlElement field : form.element().elements()) {
            String var = field.attribute("var");
            // A field without var (fixed text) has nothing to sort by or hash.
            if (field.is("field", DATA_FORMS) && var != null && !var.equals("FORM_TYPE")) {
                fields.add(field);
            }
        }
        fields.sort(Comparator.comparing(f -> f.attribute("var"), OCTET));
        for (XmlElement field : fields) {
            s.add(field.attribute("var"));
            List<String> values = values(field);
            values.sort(OCTET);
            values.forEach(s::add);
        }
    }

    /** S as it grows: each item and its '&lt;', noting any '&lt;' inside an item. */
    private static final class Items {
        final StringBuilder text = new StringBuilder();
        boolean separatorInside;

        void add(String item) {
            separatorInside |= item.indexOf('<') >= 0;
            text.append(item).append('<');
        }

        /** An identity: its parts joined by '/' (each slash written even when the part is empty). */
        void add(String category, String type, String lang, String name) {
            separatorInside |= (category + type + lang + name).indexOf('<') >= 0;
            text.append(category).append('/').append(type).append('/').append(lang).append('/').append(name)
                    .append('<');
        }
    }

    private static XmlElement field(XmlElement form, String var) {
        for (XmlElement f : form.elements()) {
            if (f.is("field", DATA_FORMS) && var.equals(f.attribute("var"))) {
                return f;
            }
        }
        return null;
    }

    private static List<String> values(XmlElement field) {
        List<String> values = new ArrayList<>();
        for (XmlElement v : field.elements()) {
            if (v.is("value", DATA_FORMS)) {
                values.add(v.text());
            }
        }
        return values;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
