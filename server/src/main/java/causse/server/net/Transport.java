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

    /**
     * How many event loops serve the connections: one per core the process may use. Netty's default is two
     * per core, for loops that sometimes block; Causse's never do (the database and password hashing have their
     * own pools), so a second loop per core only adds hand-offs: a message between two sessions on different
     * loops costs a task, an eventfd write and an extra wake-up, about a third of the system calls per message
     * at 4,000 messages/s with two loops on one core (bench/RESULTS.md). {@code -Dcausse.event_loops=N} overrides it.
     */
    public static int eventLoops() {
        int cores = Runtime.getRuntime().availableProcessors();
        return Math.max(1, Integer.getInteger("causse.event_loops", cores));
    }

    public Class<? extends ServerChannel> serverChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }
}
