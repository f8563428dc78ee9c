package causse.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class Utf8ValidatorTest {
    private static byte[] hex(String s) {
        String[] parts = s.trim().split("\\s+");
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return out;
    }

    @Test
    void validTextPassesWholeAndCutAnywhere() {
        byte[] bytes = "aé日😀\u0080\uFFFD\uD7FF\uE000\uDBFF\uDFFF z".getBytes(StandardCharsets.UTF_8);
        assertThat(new Utf8Validator().validPrefix(bytes, 0, bytes.length)).isEqualTo(bytes.length);
        for (int cut = 0; cut <= bytes.length; cut++) {
            Utf8Validator v = new Utf8Validator();
            assertThat(v.validPrefix(bytes, 0, cut)).isEqualTo(cut);
            assertThat(v.validPrefix(bytes, cut, bytes.length - cut)).isEqualTo(bytes.length - cut);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "C0 80", "C0 BC", "C1 BF", "E0 80 80", "E0 9F BF", "F0 80 80 80", "F0 8F BF BF", // overlong
        "ED A0 80", "ED BF BF", // surrogates
        "F4 90 80 80", "F5 80 80 80", "F8 88 80 80 80", "FF", "FE", // beyond U+10FFFF, not UTF-8 at all
        "80", "BF", "C3 41", "E6 97 41", "F0 9F 98 41"}) // stray or missing continuation bytes
    void malformedSequencesAreFoundWhereTheyBreak(String sequence) {
        byte[] bad = hex(sequence);
        byte[] bytes = new byte[bad.length + 2];
        bytes[0] = 'x';
        System.arraycopy(bad, 0, bytes, 1, bad.length);
        bytes[bytes.length - 1] = 'y';
        int at = new Utf8Validator().validPrefix(bytes, 0, bytes.length);
        assertThat(at).isLessThan(bytes.length - 1).isGreaterThanOrEqualTo(1);

        Utf8Validator bytewise = new Utf8Validator();
        int i = 0;
        while (i < bytes.length && bytewise.validPrefix(bytes, i, 1) == 1) {
            i++;
        }
        assertThat(i).isEqualTo(at);
    }
}
