package causse.jid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JidTest {

    /** RFC 7622 §3.5.1, examples of valid JIDs, with their parts after normalisation. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "juliet@example.com           | juliet   | example.com   | -",
        "juliet@example.com/foo       | juliet   | example.com   | foo",
        "juliet@example.com/foo bar   | juliet   | example.com   | 'foo bar'",
        "juliet@example.com/foo@bar   | juliet   | example.com   | foo@bar",
        "foo\\20bar@example.com       | foo\\20bar | example.com | -",
        "fussball@example.com         | fussball | example.com   | -",
        "fußball@example.com          | fußball  | example.com   | -",
        "π@example.com                | π        | example.com   | -",
        "Σ@example.com/foo            | σ        | example.com   | foo",
        "σ@example.com/foo            | σ        | example.com   | foo",
        "ς@example.com/foo            | ς        | example.com   | foo",
        "king@example.com/♚           | king     | example.com   | ♚",
        "example.com                  | -        | example.com   | -",
        "example.com/foobar           | -        | example.com   | foobar",
        "a.example.com/b@example.net  | -        | a.example.com | b@example.net",
    })
    void rfc7622ValidExamples(String input, String local, String domain, String resource) {
        Jid jid = Jid.parse(input);
        assertThat(jid.local()).isEqualTo(local);
        assertThat(jid.domain()).isEqualTo(domain);
        assertThat(jid.resource()).isEqualTo(resource);
    }

    /**
     * RFC 7622 §3.5.2, examples of invalid JIDs. Not listed: {@code juliet@example.com/ foo}, which
     * the RFC calls invalid although no rule refuses it: OpaqueString allows a leading space (see
     * {@link #leadingSpaceInResourceIsAccepted}).
     */
    @ParameterizedTest
    @ValueSource(strings = {"\"juliet\"@example.com", "foo bar@example.com", "@example.com/",
        "henryⅣ@example.com", "♚@example.com", "juliet@", "/foobar"})
    void rfc7622InvalidExamples(String input) {
        assertThatThrownBy(() -> Jid.parse(input)).isInstanceOf(JidFormatException.class);
    }

    @Test
    void leadingSpaceInResourceIsAccepted() {
        assertThat(Jid.parse("juliet@example.com/ foo").resource()).isEqualTo(" foo");
    }

    @Test
    void caseMapsLocalAndDomainButNotResource() {
        Jid jid = Jid.parse("Juliet@Example.COM/Balcony");
        assertThat(jid).hasToString("juliet@example.com/Balcony");
        assertThat(jid).isEqualTo(Jid.parse("juliet@example.com/Balcony"));
        assertThat(jid).isNotEqualTo(Jid.parse("juliet@example.com/balcony"));
        assertThat(jid.bareString()).isEqualTo("juliet@example.com");
    }

    @Test
    void fullwidthAndCompatibilityCharacters() {
        // Width mapping applies to localpart and domainpart ...
        assertThat(Jid.parse("ＪＵＬＩＥＴ@ｅｘａｍｐｌｅ．ｃｏｍ")).hasToString("juliet@example.com");
        // ... but OpaqueString keeps the resource as it is.
        assertThat(Jid.parse("juliet@example.com/ＢＡＬＣＯＮＹ").resource()).isEqualTo("ＢＡＬＣＯＮＹ");
        // A fullwidth @ becomes '@' by width mapping, which RFC 7622 forbids in a localpart.
        assertThatThrownBy(() -> Jid.of("a＠b", "example.com", null)).isInstanceOf(JidFormatException.class)
                .hasMessageContaining("@");
        // Compatibility characters other than width are refused, not mapped.
        assertThatThrownBy(() -> Jid.parse("ﬁle@example.com")).isInstanceOf(JidFormatException.class);
        assertThatThrownBy(() -> Jid.parse("juliet@ⅳ.example")).isInstanceOf(JidFormatException.class);
    }

    @Test
    void unicodeLocalparts() {
        assertThat(Jid.parse("ΚΑΛΗΜΈΡΑ@example.com").local()).isEqualTo("καλημέρα");
        assertThat(Jid.parse("Ærøskøbing@example.com").local()).isEqualTo("ærøskøbing");
        assertThat(Jid.parse("日本語@example.com").local()).isEqualTo("日本語");
        assertThat(Jid.parse("שלום@example.com").local()).isEqualTo("שלום");
        // NFC: a decomposed e + combining acute equals the precomposed é.
        assertThat(Jid.parse("cafe\u0301@example.com")).isEqualTo(Jid.parse("caf\u00e9@example.com"));
    }

    @Test
    void invalidLocalpartCharacters() {
        for (String bad : new String[] {"a&b", "a'b", "a:b", "a<b", "a>b", "a\"b", "a\tb", "a\u0000b",
            "a\u200bb", "a\u00a0b", "\ud800x", "\ud83d\ude00"}) {
            assertThatThrownBy(() -> Jid.of(bad, "example.com", null)).as(bad)
                    .isInstanceOf(JidFormatException.class);
        }
        // A Bidi violation: right-to-left text followed by left-to-right letters.
        assertThatThrownBy(() -> Jid.parse("שלוםabc@example.com")).isInstanceOf(JidFormatException.class);
    }

    @Test
    void invalidResourcepartCharacters() {
        for (String bad : new String[] {"a\tb", "a\u0000b", "a\u007fb", "a\u0085b", "\ud800"}) {
            assertThatThrownBy(() -> Jid.of("a", "example.com", bad)).as(bad)
                    .isInstanceOf(JidFormatException.class);
        }
        // OpaqueString maps non-ASCII spaces to the ASCII space.
        assertThat(Jid.of("a", "example.com", "x\u00a0y").resource()).isEqualTo("x y");
    }

    @Test
    void splitsOnFirstSlashThenFirstAt() {
        Jid jid = Jid.parse("a@b.example/c@d/e");
        assertThat(jid.local()).isEqualTo("a");
        assertThat(jid.domain()).isEqualTo("b.example");
        assertThat(jid.resource()).isEqualTo("c@d/e");
        assertThat(Jid.parse("b.example/a@c").local()).isNull();
        // A second '@' before the slash ends up in the domainpart, which refuses it.
        assertThatThrownBy(() -> Jid.parse("a@b@example.com")).isInstanceOf(JidFormatException.class);
    }

    @Test
    void domainTrailingDot() {
        assertThat(Jid.parse("juliet@example.com./x")).isEqualTo(Jid.parse("juliet@example.com/x"));
        assertThat(Jid.parse("EXAMPLE.COM.").domain()).isEqualTo("example.com");
        assertThat(Jid.parse("example.com。").domain()).isEqualTo("example.com");
        assertThatThrownBy(() -> Jid.parse("example.com..")).isInstanceOf(JidFormatException.class);
        assertThatThrownBy(() -> Jid.parse(".")).isInstanceOf(JidFormatException.class);
        assertThatThrownBy(() -> Jid.parse("a@.")).isInstanceOf(JidFormatException.class);
    }

    @Test
    void domainLabels() {
        assertThatThrownBy(() -> Jid.parse("a..example")).hasMessageContaining("empty label");
        assertThatThrownBy(() -> Jid.parse(".example")).hasMessageContaining("empty label");
        assertThatThrownBy(() -> Jid.parse("-a.example")).hasMessageContaining("hyphen");
        assertThatThrownBy(() -> Jid.parse("a-.example")).hasMessageContaining("hyphen");
        assertThatThrownBy(() -> Jid.parse("a_b.example")).isInstanceOf(JidFormatException.class);
        assertThatThrownBy(() -> Jid.parse("a b.example")).isInstanceOf(JidFormatException.class);
        assertThatThrownBy(() -> Jid.parse("ü.a_b.example")).hasMessageContaining("a_b");
        assertThat(Jid.parse("a".repeat(63) + ".example").domain()).startsWith("a".repeat(63));
        assertThatThrownBy(() -> Jid.parse("a".repeat(64) + ".example")).hasMessageContaining("63");
        // The 63-octet limit applies to the A-label, the form the label takes in DNS.
        assertThatThrownBy(() -> Jid.parse("ü".repeat(60) + ".example")).isInstanceOf(JidFormatException.class);
    }

    @Test
    void internationalisedDomains() {
        assertThat(Jid.parse("xn--mnchen-3ya.de").domain()).isEqualTo("münchen.de");
        assertThat(Jid.parse("XN--MNCHEN-3YA.DE").domain()).isEqualTo("münchen.de");
        assertThat(Jid.parse("MÜNCHEN.de").domain()).isEqualTo("münchen.de");
        assertThat(Jid.parse("muenchen@xn--mnchen-3ya.de")).isEqualTo(Jid.parse("muenchen@münchen.de"));
        // IDNA2008 keeps ß and ς distinct, unlike the JDK's IDNA2003 mapping.
        assertThat(Jid.parse("faß.de").domain()).isEqualTo("faß.de");
        assertThat(Jid.parse("ΟΔΟΣ.gr").domain()).isEqualTo("οδοσ.gr");
        assertThatThrownBy(() -> Jid.parse("xn--abc.example")).hasMessageContaining("A-label");
        // Invisible characters that IDNA would silently remove are refused, not kept.
        assertThatThrownBy(() -> Jid.parse("exam\u00adple.com")).isInstanceOf(JidFormatException.class);
        assertThatThrownBy(() -> Jid.parse("exam\u200bple.com")).isInstanceOf(JidFormatException.class);
        assertThatThrownBy(() -> Jid.parse("exa\u3000mple.com")).isInstanceOf(JidFormatException.class);
    }

    @Test
    void ipLiterals() {
        assertThat(Jid.parse("juliet@127.0.0.1/x").domain()).isEqualTo("127.0.0.1");
        assertThat(Jid.parse("[::1]").domain()).isEqualTo("[::1]");
        assertThat(Jid.parse("juliet@[2001:DB8:0:0::1]/r").domain()).isEqualTo("[2001:db8::1]");
        assertThat(Jid.parse("[2001:db8:0:0:0:0:0:1]")).isEqualTo(Jid.parse("[2001:db8::1]"));
        assertThat(Jid.parse("[::ffff:1.2.3.4]").domain()).isEqualTo("[::ffff:102:304]");
        for (String bad : new String[] {"256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "example.123",
            "[::1", "[]", "[1::2::3]", "[fe80::1%eth0]", "::1", "[127.0.0.1]", "[::1]x"}) {
            assertThatThrownBy(() -> Jid.parse(bad)).as(bad).isInstanceOf(JidFormatException.class);
        }
    }

    @Test
    void emptyParts() {
        for (String bad : new String[] {"", "@x", "x@", "x/", "@", "/", "@/", "a@/r", "a@b/", "@b/r"}) {
            assertThatThrownBy(() -> Jid.parse(bad)).as(bad).isInstanceOf(JidFormatException.class);
        }
        assertThatThrownBy(() -> Jid.parse(null)).isInstanceOf(JidFormatException.class);
        assertThatThrownBy(() -> Jid.of("", "x", null)).isInstanceOf(JidFormatException.class);
        assertThatThrownBy(() -> Jid.of(null, "", null)).isInstanceOf(JidFormatException.class);
        assertThatThrownBy(() -> Jid.of(null, null, null)).isInstanceOf(JidFormatException.class);
        assertThatThrownBy(() -> Jid.of(null, "x", "")).isInstanceOf(JidFormatException.class);
    }

    @Test
    void oversizeParts() {
        String max = "a".repeat(1023);
        assertThat(Jid.of(max, "example.com", max).local()).hasSize(1023);
        assertThatThrownBy(() -> Jid.of(max + "a", "example.com", null)).hasMessageContaining("1023");
        assertThatThrownBy(() -> Jid.of("a", "example.com", max + "a")).hasMessageContaining("1023");
        // Octets, not characters: 512 two-octet characters are 1024 octets.
        assertThatThrownBy(() -> Jid.of("é".repeat(512), "example.com", null)).hasMessageContaining("1023");
        assertThat(Jid.of("é".repeat(511), "example.com", null).local()).hasSize(511);
        // 16 labels of 63 octets and their dots: 1023 octets.
        String domain = String.join(".", java.util.Collections.nCopies(16, "a".repeat(63)));
        assertThat(Jid.parse(domain).domain()).hasSize(1023);
        assertThatThrownBy(() -> Jid.parse(domain + ".a")).hasMessageContaining("1023");
        assertThatThrownBy(() -> Jid.parse("a".repeat(100_000) + "@example.com")).hasMessageContaining("1023");
    }

    @Test
    void roundTrips() {
        for (String s : new String[] {"juliet@example.com/Balcony", "example.com", "example.com/r",
            "fußball@münchen.de/Ｒ ♚", "a@[::1]/x", "a@127.0.0.1", "σ@example.com/a/b@c"}) {
            Jid jid = Jid.parse(s);
            assertThat(Jid.parse(jid.toString())).isEqualTo(jid).hasSameHashCodeAs(jid);
            assertThat(Jid.of(jid.local(), jid.domain(), jid.resource())).isEqualTo(jid);
        }
    }

    /** Random strings over an alphabet of troublesome characters: a JID or a JidFormatException, and stable. */
    @Test
    void randomInputIsRefusedCleanlyOrNormalisedStably() {
        String alphabet = "aZ09.-_@/ \t\u0000\u00a0\u00ad\u00df\u03a3\u03c2\u0301\u05d0\u200b\u2163\u265a"
                + "\u3002\uff0e\uff21\uff20\ud800\udc00[]:%\"&'<>xn--\ufb01\u0130";
        java.util.Random random = new java.util.Random(42);
        int accepted = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder b = new StringBuilder();
            int length = 1 + random.nextInt(16);
            for (int i = 0; i < length; i++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String s = b.toString();
            Jid jid;
            try {
                jid = Jid.parse(s);
            } catch (JidFormatException e) {
                continue;
            }
            accepted++;
            assertThat(Jid.parse(jid.toString())).as(s).isEqualTo(jid);
            assertThat(Jid.parse(jid.toString()).toString()).as(s).isEqualTo(jid.toString());
        }
        assertThat(accepted).isGreaterThan(100);
    }

    @Test
    void alreadyNormalisedInputKeepsItsString() {
        String s = "juliet@example.com/Balcony";
        assertThat(Jid.parse(s).toString()).isSameAs(s);
        assertThat(Jid.parse("Juliet@example.com/Balcony").toString()).isEqualTo(s);
    }

    @Test
    void bareAndResource() {
        Jid full = Jid.parse("juliet@example.com/balcony");
        assertThat(full.hasResource()).isTrue();
        assertThat(full.isDomain()).isFalse();
        assertThat(full.bare()).hasToString("juliet@example.com");
        Jid bare = full.bare();
        assertThat(bare.bare()).isSameAs(bare);
        assertThat(full.bare().withResource("Ｘ\u00a0y")).hasToString("juliet@example.com/Ｘ y");
        assertThat(full.withResource(null)).isEqualTo(full.bare());
        assertThatThrownBy(() -> full.withResource("")).isInstanceOf(JidFormatException.class);
        assertThat(Jid.parse("example.com").isDomain()).isTrue();
        assertThat(Jid.parse("example.com/r").isDomain()).isFalse();
        assertThat(Jid.parse("example.com").bareString()).isEqualTo("example.com");
    }
}
