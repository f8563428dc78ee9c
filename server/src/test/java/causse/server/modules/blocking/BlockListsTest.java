package causse.server.modules.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import causse.jid.Jid;
import causse.session.ClientSession;
import causse.session.Sessions;
import causse.storage.memory.MemoryBlockListStore;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The JID matching rules of XEP-0191 §4, and which lists are cached without a read. */
class BlockListsTest {
    private static final Jid ALICE = Jid.parse("alice@localhost");
    private static final Jid BOB = Jid.parse("bob@localhost");
    private static final ClientSession ANY_SESSION = (ClientSession) Proxy.newProxyInstance(
            BlockListsTest.class.getClassLoader(), new Class<?>[] {ClientSession.class}, (proxy, method, args) -> {
                throw new UnsupportedOperationException(method.getName());
            });
    private final MemoryBlockListStore store = new MemoryBlockListStore();
    private final Sessions everyoneOnline = new Sessions() {
        @Override
        public ClientSession get(Jid fullJid) {
            return null;
        }

        @Override
        public List<ClientSession> sessionsOf(Jid bareJid) {
            return List.of(ANY_SESSION);   // only the count matters here
        }
    };

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

    @Test
    void anAccountThatBlocksNobodyGetsItsEmptyListAtBindWithoutARead() {
        store.block(BOB.toString(), List.of("m@evil.example"));
        BlockLists lists = new BlockLists(store, everyoneOnline);
        lists.loadOwners();

        assertThat(lists.cacheIfEmpty(ALICE)).isTrue();
        assertThat(lists.cached(ALICE)).isEmpty();
        // bob's list was stored before the start: it must be read, not assumed empty
        assertThat(lists.cacheIfEmpty(BOB)).isFalse();
        assertThat(lists.cached(BOB)).isNull();
        lists.load(BOB);
        assertThat(lists.cached(BOB)).containsExactly("m@evil.example");
    }

    @Test
    void aBlockWrittenAfterAnEmptyListWasCachedReplacesItAndLaterBindsReadTheStore() {
        BlockLists lists = new BlockLists(store, everyoneOnline);
        lists.loadOwners();
        assertThat(lists.cacheIfEmpty(ALICE)).isTrue();

        lists.willBlock(ALICE);
        store.block(ALICE.toString(), List.of("m@evil.example"));
        lists.refresh(ALICE);

        assertThat(lists.cached(ALICE)).containsExactly("m@evil.example");
        lists.drop(ALICE);
        assertThat(lists.cacheIfEmpty(ALICE)).isFalse();
    }


    @Test
    void knowsWhetherAnyCachedListBlocksSomeone() {
        store.block(BOB.toString(), List.of("m@evil.example"));
        BlockLists lists = new BlockLists(store, everyoneOnline);
        lists.loadOwners();
        lists.cacheIfEmpty(ALICE);
        assertThat(lists.anyBlocks()).isFalse();

        lists.load(BOB);
        assertThat(lists.anyBlocks()).isTrue();
        lists.drop(BOB);
        assertThat(lists.anyBlocks()).isFalse();

        lists.load(BOB);
        store.unblockAll(BOB.toString());
        lists.refresh(BOB);
        assertThat(lists.anyBlocks()).isFalse();
        lists.willBlock(ALICE);
        store.block(ALICE.toString(), List.of("n@evil.example"));
        lists.refresh(ALICE);
        assertThat(lists.anyBlocks()).isTrue();
    }

    @Test
    void knowsWhetherAnyAccountMayBlockAnyone() {
        BlockLists fresh = new BlockLists(store, everyoneOnline);
        fresh.loadOwners();
        assertThat(fresh.anyMayBlock()).isFalse();
        fresh.willBlock(ALICE);
        assertThat(fresh.anyMayBlock()).isTrue();

        store.block(BOB.toString(), List.of("m@evil.example"));
        BlockLists restarted = new BlockLists(store, everyoneOnline);
        restarted.loadOwners();
        assertThat(restarted.anyMayBlock()).isTrue();
    }
}
