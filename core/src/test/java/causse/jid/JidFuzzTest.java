package causse.jid;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes {@link Jid#parse}, which runs on every {@code to} a client sends. Without {@code JAZZER_FUZZ}
 * this replays the seeds in {@code src/test/resources/causse/jid/JidFuzzTestInputs/parsesAnyString/}.
 *
 * <p>The input bytes are read as UTF-8, as the XML decoder hands attribute values over. A string is
 * either refused with {@link JidFormatException} (the server answers {@code jid-malformed}) or gives a
 * JID whose normalised form is stable: parsing it again gives the same JID and the same text, so two
 * spellings that compare equal once can never compare different later (RFC 7622 §3, and the reason
 * PRECIS requires idempotent profiles). Its parts keep the RFC 7622 limits.
 */
class JidFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void parsesAnyString(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Jid jid;
        try {
            jid = Jid.parse(text);
        } catch (JidFormatException refused) {
            return;
        }
        String normalised = jid.toString();
        Jid again = Jid.parse(normalised);
        assertThat(again).as("re-parse of %s from %s", normalised, text).isEqualTo(jid);
        assertThat(again.toString()).as("text of the re-parse of %s", normalised).isEqualTo(normalised);
        assertThat(Jid.of(jid.local(), jid.domain(), jid.resource())).isEqualTo(jid);

        assertThat(jid.domain()).isNotEmpty().doesNotEndWith(".");
        assertThat(octets(jid.domain())).isLessThanOrEqualTo(PartProfiles.MAX_OCTETS);
        if (jid.local() != null) {
            assertThat(jid.local()).isNotEmpty().doesNotContainPattern("[\"&'/:<>@\\s]");
            assertThat(octets(jid.local())).isLessThanOrEqualTo(PartProfiles.MAX_OCTETS);
        }
        if (jid.resource() != null) {
            assertThat(jid.resource()).isNotEmpty();
            assertThat(octets(jid.resource())).isLessThanOrEqualTo(PartProfiles.MAX_OCTETS);
        }
        assertThat(jid.bare().toString()).isEqualTo(jid.bareString());
        assertThat(jid.bare().hasResource()).isFalse();
    }

    private static int octets(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
