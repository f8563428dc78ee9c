package causse.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The scrape handler behind the real HTTP codec, fed raw request bytes split at awkward places. */
class ScrapeHandlerTest {
    private final AtomicInteger scrapes = new AtomicInteger();

    private EmbeddedChannel channel() {
        return new EmbeddedChannel(new HttpServerCodec(), new HttpObjectAggregator(8192),
                new ScrapeHandler("/metrics", () -> "# scrape " + scrapes.incrementAndGet() + "\ncausse_up 1\n"));
    }

    /** Writes {@code request} in pieces of {@code chunk} bytes and returns everything the channel wrote back. */
    private static String exchange(EmbeddedChannel ch, String request, int chunk) {
        byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);
        // a channel the handler closed takes no more input, as a real socket would not
        for (int i = 0; i < bytes.length && ch.isOpen(); i += chunk) {
            ch.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(chunk, bytes.length - i)));
        }
        StringBuilder out = new StringBuilder();
        for (ByteBuf b = ch.readOutbound(); b != null; b = ch.readOutbound()) {
            out.append(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        return out.toString();
    }

    @Test
    void getOnThePathAnswersTheScrapeInTheTextFormat() {
        EmbeddedChannel ch = channel();
        String response = exchange(ch, "GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n", 3);

        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n")
                .contains("content-type: text/plain; version=0.0.4; charset=utf-8\r\n")
                .contains("content-length: 23\r\n")
                .endsWith("\r\n\r\n# scrape 1\ncausse_up 1\n");
        assertThat(ch.isOpen()).as("HTTP/1.1 keeps the connection").isTrue();
    }

    @Test
    void aKeptAliveConnectionServesSeveralScrapes() {
        EmbeddedChannel ch = channel();
        String request = "GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n";

        assertThat(exchange(ch, request + request, 7)).contains("# scrape 1").contains("# scrape 2");
        assertThat(scrapes).hasValue(2);
    }

    @Test
    void aQueryStringDoesNotChangeThePath() {
        String response = exchange(channel(), "GET /metrics?name[]=x HTTP/1.1\r\nHost: h\r\n\r\n", 1);

        assertThat(response).startsWith("HTTP/1.1 200 OK");
    }

    @Test
    void anotherPathIsNotFoundAndNothingIsScraped() {
        String response = exchange(channel(), "GET /metricsx HTTP/1.1\r\nHost: h\r\n\r\n", 5);

        assertThat(response).startsWith("HTTP/1.1 404 Not Found");
        assertThat(scrapes).hasValue(0);
    }

    @Test
    void anotherMethodOnThePathIsNotAllowedAndSaysWhatIs() {
        String response = exchange(channel(),
                "POST /metrics HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc", 4);

        assertThat(response).startsWith("HTTP/1.1 405 Method Not Allowed").contains("allow: GET\r\n");
        assertThat(scrapes).hasValue(0);
    }

    @Test
    void http10WithoutKeepAliveIsClosedAfterTheAnswer() {
        EmbeddedChannel ch = channel();
        String response = exchange(ch, "GET /metrics HTTP/1.0\r\n\r\n", 2);

        assertThat(response).startsWith("HTTP/1.0 200 OK");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void garbageGetsBadRequestAndTheConnectionCloses() {
        EmbeddedChannel ch = channel();
        String response = exchange(ch, "\u0001\u0002 not http at all\r\n\r\n", 4);

        assertThat(response).startsWith("HTTP/1.0 400 Bad Request");
        assertThat(ch.isOpen()).isFalse();
    }
}
