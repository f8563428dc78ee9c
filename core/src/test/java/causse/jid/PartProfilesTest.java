package causse.jid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The ASCII fast path must give exactly what PRECIS gives, for every string it accepts. */
class PartProfilesTest {
    private static final String PRINTABLE;

    static {
        StringBuilder b = new StringBuilder();
        for (char c = 0x20; c < 0x7f; c++) {
            b.append(c);
        }
        PRINTABLE = b.toString();
    }

    @Test
    void everyPrintableAsciiCharacterAloneAndInContext() {
        for (char c = 0; c < 0x80; c++) {
            for (String s : new String[] {"" + c, "a" + c, c + "Z", "x" + c + "Y" + c}) {
                assertSameOutcome(s);
            }
        }
    }

    @Test
    void generatedAsciiStrings() {
        Random random = new Random(7622);
        for (int n = 0; n < 50_000; n++) {
            int length = 1 + random.nextInt(n % 10 == 0 ? 200 : 12);
            StringBuilder b = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                // Mostly printable ASCII, now and then a control character or DEL to leave the fast path.
                b.append(random.nextInt(50) == 0 ? (char) random.nextInt(0x80)
                        : PRINTABLE.charAt(random.nextInt(PRINTABLE.length())));
            }
            assertSameOutcome(b.toString());
        }
    }

    @Test
    void fastPathCoversTheCommonCases() {
        assertThat(PartProfiles.isFastLocal("Juliet.Capulet-1_x+tag")).isTrue();
        assertThat(PartProfiles.isFastLocal("a b")).isFalse();
        assertThat(PartProfiles.isFastLocal("a@b")).isFalse();
        assertThat(PartProfiles.isFastResource("Gajim 1.8 (Linux)/x@y")).isTrue();
        assertThat(PartProfiles.isFastResource("tab\t")).isFalse();
        assertThat(PartProfiles.isFastResource("é")).isFalse();
    }

    @Test
    void lowerCaseKeepsTheInstanceWhenNothingChanges() {
        String s = "already.lower";
        assertThat(PartProfiles.asciiLowerCase(s)).isSameAs(s);
        assertThat(PartProfiles.asciiLowerCase("MiXeD")).isEqualTo("mixed");
    }

    @Test
    void utf8Length() {
        for (String s : new String[] {"", "a", "é", "€", "😀", "aé€😀\u07ff\u0800\uffff"}) {
            int expected = s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            assertThat(PartProfiles.utf8Length(s)).as(s).isEqualTo(expected);
        }
    }

    private static void assertSameOutcome(String s) {
        assertSameOutcome(s, PartProfiles::local, PartProfiles::precisLocal);
        assertSameOutcome(s, PartProfiles::resource, PartProfiles::precisResource);
    }

    private static void assertSameOutcome(String s, UnaryOperator<String> withFastPath,
            UnaryOperator<String> precisOnly) {
        String expected;
        try {
            expected = precisOnly.apply(s);
        } catch (JidFormatException e) {
            assertThatThrownBy(() -> withFastPath.apply(s)).as(s).isInstanceOf(JidFormatException.class);
            return;
        }
        assertThat(withFastPath.apply(s)).as(s).isEqualTo(expected);
    }
}
