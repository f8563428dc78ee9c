package causse.server.metrics;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Answers {@code GET <path>} with the Prometheus scrape, anything else with 404 (another path) or 405
 * (another method). Comes after {@link HttpObjectAggregator}, which hands it whole requests; last in the
 * pipeline. Keeps the connection open when the client asks for keep-alive, as Prometheus does.
 */
public final class ScrapeHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    /** The Prometheus text exposition format, version 0.0.4: what every Prometheus server accepts. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final String path;
    private final Supplier<String> scrape;

    public ScrapeHandler(String path, Supplier<String> scrape) {
        this.path = path;
        this.scrape = scrape;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        FullHttpResponse response;
        if (!request.decoderResult().isSuccess()) {
            response = text(request, HttpResponseStatus.BAD_REQUEST, "bad request\n");
        } else if (!path.equals(new QueryStringDecoder(request.uri()).path())) {
            response = text(request, HttpResponseStatus.NOT_FOUND, "not found; the metrics are at " + path + "\n");
        } else if (!HttpMethod.GET.equals(request.method())) {
            response = text(request, HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET\n");
            response.headers().set(HttpHeaderNames.ALLOW, HttpMethod.GET.name());
        } else {
            response = text(request, HttpResponseStatus.OK, scrape.get());
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE);
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
        HttpUtil.setKeepAlive(response, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static FullHttpResponse text(FullHttpRequest request, HttpResponseStatus status, String body) {
        ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), status, content);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN + "; charset=utf-8");
        HttpUtil.setContentLength(response, content.readableBytes());
        return response;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A scrape connection carries nothing worth saving: a broken one is simply closed.
        ctx.close();
    }
}
