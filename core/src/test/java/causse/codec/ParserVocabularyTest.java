package causse.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.aalto.in.ReaderConfig;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import org.junit.jupiter.api.Test;

/** The vocabulary reaches the table that every new reader of the factory starts from. */
class ParserVocabularyTest {
    /** The table a new UTF-8 reader of {@code factory} starts with, as {@code createAsyncForByteArray} gets it. */
    private static int namesKnownToANewReader(InputFactoryImpl factory) {
        ReaderConfig config = factory.getNonSharedConfig(null, null, null, false, false);
        config.setActualEncoding("UTF-8");
        return config.getBBSymbols().size();
    }

    @Test
    void aNewReaderStartsKnowingTheEverydayNames() {
        InputFactoryImpl factory = new InputFactoryImpl();
        assertThat(namesKnownToANewReader(factory)).isZero();

        ParserVocabulary.teach(factory);

        assertThat(namesKnownToANewReader(factory)).isGreaterThan(100);
    }

    @Test
    void theStreamsFactoryIsTaughtAndPeersStreamsDoNotAddToIt() {
        InputFactoryImpl factory = (InputFactoryImpl) StreamParser.FACTORY;
        int taught = namesKnownToANewReader(factory);
        assertThat(taught).isGreaterThan(100);

        DecoderHarness h = new DecoderHarness(10_000);
        h.feed("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='x'>"
                + "<message><never-seen-name an-attribute-nobody-sends='1'/></message></stream:stream>");

        assertThat(h.events).hasSize(3);
        assertThat(namesKnownToANewReader(factory)).isEqualTo(taught);
    }
}
