package causse.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AccountXmlStore} must do, on top of what {@link AccountOwnedStoreContract} sets up.
 */
public interface AccountXmlStoreContract extends AccountOwnedStoreContract<AccountXmlStore> {
    String VCARD = "vcard";
    String PRIVATE = "private";
    String BOOKMARKS = "{storage:bookmarks}storage";
    String ROSTERNOTES = "{storage:rosternotes}storage";

    private static String vcard(String name) {
        return "<vCard xmlns='vcard-temp'><FN>" + name + "</FN></vCard>";
    }

    private static String bookmarks(String name) {
        return "<storage xmlns='storage:bookmarks'><conference jid='room@muc.example.org' name='" + name + "'/></storage>";
    }

    @Test
    default void findsNothingThatWasNotPut() {
        assertThat(store().get(ALICE, VCARD, "")).isEmpty();
        assertThat(store().get(ALICE, PRIVATE, BOOKMARKS)).isEmpty();
        assertThat(store().delete(ALICE, VCARD, "")).isFalse();
    }

    @Test
    default void putsThenGetsADocument() {
        store().put(ALICE, VCARD, "", vcard("Alice"));

        assertThat(store().get(ALICE, VCARD, "")).contains(vcard("Alice"));
    }

    @Test
    default void replacesADocument() {
        store().put(ALICE, PRIVATE, BOOKMARKS, bookmarks("old"));

        store().put(ALICE, PRIVATE, BOOKMARKS, bookmarks("new"));

        assertThat(store().get(ALICE, PRIVATE, BOOKMARKS)).contains(bookmarks("new"));
    }

    @Test
    default void keepsOwnersKindsAndKeysApart() {
        store().put(ALICE, VCARD, "", vcard("Alice"));
        store().put(BOB, VCARD, "", vcard("Bob"));
        store().put(ALICE, PRIVATE, BOOKMARKS, bookmarks("a"));
        store().put(ALICE, PRIVATE, ROSTERNOTES, "<storage xmlns='storage:rosternotes'/>");
        store().put(ALICE, PRIVATE, "", "<empty-key/>");

        assertThat(store().get(ALICE, VCARD, "")).contains(vcard("Alice"));
        assertThat(store().get(BOB, VCARD, "")).contains(vcard("Bob"));
        assertThat(store().get(ALICE, PRIVATE, BOOKMARKS)).contains(bookmarks("a"));
        assertThat(store().get(ALICE, PRIVATE, ROSTERNOTES)).contains("<storage xmlns='storage:rosternotes'/>");
        assertThat(store().get(ALICE, PRIVATE, "")).contains("<empty-key/>");
        assertThat(store().get(BOB, PRIVATE, BOOKMARKS)).isEmpty();
        assertThat(store().get(ALICE, VCARD, BOOKMARKS)).isEmpty();
    }

    @Test
    default void deletesOneDocument() {
        store().put(ALICE, VCARD, "", vcard("Alice"));
        store().put(ALICE, PRIVATE, BOOKMARKS, bookmarks("a"));
        store().put(BOB, VCARD, "", vcard("Bob"));

        assertThat(store().delete(ALICE, VCARD, "")).isTrue();

        assertThat(store().get(ALICE, VCARD, "")).isEmpty();
        assertThat(store().delete(ALICE, VCARD, "")).isFalse();
        assertThat(store().get(ALICE, PRIVATE, BOOKMARKS)).contains(bookmarks("a"));
        assertThat(store().get(BOB, VCARD, "")).contains(vcard("Bob"));
        store().put(ALICE, VCARD, "", vcard("Alice again"));
        assertThat(store().get(ALICE, VCARD, "")).contains(vcard("Alice again"));
    }

    @Test
    default void keepsAVCardWithALargeAvatarByteExact() {
        String vcard = Payloads.vcard(1024 * 1024 + 512);

        store().put(ALICE, VCARD, "", vcard);

        assertThat(store().get(ALICE, VCARD, "").orElseThrow().getBytes(StandardCharsets.UTF_8))
                .isEqualTo(vcard.getBytes(StandardCharsets.UTF_8));
        // Replaced by a small one, and back.
        store().put(ALICE, VCARD, "", vcard("Alice"));
        assertThat(store().get(ALICE, VCARD, "")).contains(vcard("Alice"));
        store().put(ALICE, VCARD, "", vcard);
        assertThat(store().get(ALICE, VCARD, "")).contains(vcard);
    }

    @Test
    default void keepsUnicodeKeysAndTheLongestKey() {
        String key = "{urn:example:ünïcode:😀}données";
        String longest = "{" + "n".repeat(AccountXmlStore.MAX_KEY_LENGTH - 3) + "}x";
        String kind = "k".repeat(AccountXmlStore.MAX_KIND_LENGTH);

        store().put(ALICE, PRIVATE, key, "<données xmlns='urn:example:ünïcode:😀'>é</données>");
        store().put(ALICE, kind, longest, "<x/>");

        assertThat(store().get(ALICE, PRIVATE, key)).contains("<données xmlns='urn:example:ünïcode:😀'>é</données>");
        assertThat(store().get(ALICE, kind, longest)).contains("<x/>");
    }

    @Test
    default void refusesAKindOrKeyLongerThanItKeeps() {
        String tooLong = "k".repeat(AccountXmlStore.MAX_KEY_LENGTH + 1);

        assertThatThrownBy(() -> store().put(ALICE, PRIVATE, tooLong, "<x/>"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().put(ALICE, "k".repeat(AccountXmlStore.MAX_KIND_LENGTH + 1), "", "<x/>"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store().get(ALICE, PRIVATE, tooLong)).isEmpty();
    }

    @Test
    default void deletingTheAccountDeletesItsDocuments() {
        assumeTrue(accountDeletionCascades(), "only a database deletes an account's data with it");
        store().put(ALICE, VCARD, "", Payloads.vcard(256 * 1024));
        store().put(ALICE, PRIVATE, BOOKMARKS, bookmarks("a"));
        store().put(BOB, VCARD, "", vcard("Bob"));

        accounts().delete(ALICE);

        assertThat(store().get(ALICE, VCARD, "")).isEmpty();
        assertThat(store().get(ALICE, PRIVATE, BOOKMARKS)).isEmpty();
        assertThat(store().get(BOB, VCARD, "")).contains(vcard("Bob"));
    }
}
