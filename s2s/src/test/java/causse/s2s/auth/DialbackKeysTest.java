package causse.s2s.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DialbackKeysTest {
    @Test
    void followsTheXep0185Formula() {
        // computed independently: python3 hmac.new(sha256(secret).hexdigest().encode(), b'example.net example.com
        // D60000229F', sha256).hexdigest(), which is also how Vines and Prosody key their HMAC
        DialbackKeys keys = new DialbackKeys("s3cr3tf0rd14lb4ck".getBytes(StandardCharsets.UTF_8));
        assertThat(keys.key("example.net", "example.com", "D60000229F"))
                .isEqualTo("008c689ff366b50c63d69a3e2d2c0e0e1f8404b0118eb688a0102c87cb691bdc");
    }

    @Test
    void aKeyIsValidOnlyForItsStreamAndDomainsAndSecret() {
        DialbackKeys keys = new DialbackKeys(new byte[] {1, 2, 3});
        String key = keys.key("b.test", "a.test", "id1");
        assertThat(keys.isValid(key, "b.test", "a.test", "id1")).isTrue();
        assertThat(keys.isValid(" " + key + "\n", "b.test", "a.test", "id1")).isTrue();
        assertThat(keys.isValid(key, "b.test", "a.test", "id2")).isFalse();
        assertThat(keys.isValid(key, "a.test", "b.test", "id1")).isFalse();
        assertThat(keys.isValid(key, "b.test", "a.test", null)).isFalse();
        assertThat(new DialbackKeys(new byte[] {9}).isValid(key, "b.test", "a.test", "id1")).isFalse();
    }
}
