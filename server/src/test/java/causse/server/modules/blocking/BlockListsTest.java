package causse.server.modules.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import causse.jid.Jid;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The JID matching rules of XEP-0191 §4. */
class BlockListsTest {
    private static boolean blocks(String entry, String sender) {
        return BlockLists.matches(Set.of(Jid.parse(entry).toString()), Jid.parse(sender));
    }

    @Test
    void fullJidBlocksOnlyThatResource() {
        assertThat(blocks("m@evil.example/phone", "m@evil.example/phone")).isTrue();
        assertThat(blocks("m@evil.example/phone", "m@evil.example/laptop")).isFalse();
        assertThat(blocks("m@evil.example/phone", "m@evil.example")).isFalse();
    }

    @Test
    void bareJidBlocksEveryResource() {
        assertThat(blocks("m@evil.example", "m@evil.example/phone")).isTrue();
        assertThat(blocks("m@evil.example", "m@evil.example")).isTrue();
        assertThat(blocks("m@evil.example", "n@evil.example/phone")).isFalse();
        assertThat(blocks("M@Evil.Example", "m@evil.example/x")).isTrue();
    }

    @Test
    void domainBlocksTheDomainAndEveryJidAtIt() {
        assertThat(blocks("evil.example", "evil.example")).isTrue();
        assertThat(blocks("evil.example", "evil.example/service")).isTrue();
        assertThat(blocks("evil.example", "anyone@evil.example/r")).isTrue();
        assertThat(blocks("evil.example", "anyone@sub.evil.example/r")).isFalse();
    }

    @Test
    void domainWithResourceBlocksOnlyThatResource() {
        assertThat(blocks("evil.example/bot", "evil.example/bot")).isTrue();
        assertThat(blocks("evil.example/bot", "evil.example/other")).isFalse();
        assertThat(blocks("evil.example/bot", "u@evil.example/bot")).isFalse();
    }
}
