package causse.server.net;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * How the listeners' sockets are driven: Linux's epoll through Netty's native library where it loads (fewer
 * system calls and allocations per message than Java's NIO selector), NIO elsewhere (Windows, macOS, another CPU).
 * {@code -Dcausse.transport=nio} forces NIO, to compare the two or to rule the native code out.
 */
public enum Transport {
    EPOLL, NIO;

    public static Transport choose() {
        if ("nio".equalsIgnoreCase(System.getProperty("causse.transport"))) {
            return NIO;
        }
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    public IoHandlerFactory ioHandlerFactory() {
        return this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    public Class<? extends ServerChannel> serverChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }
}
